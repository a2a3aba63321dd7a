import { readdir, realpath, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import type { Node } from "yaml";
import { everyBuiltInDomainLoaded, loadBuiltInDomains } from "../domains/built-in-domains.js";
import { AsyncToolError } from "../errors.js";
import { compileScenario } from "./compile.js";
import { assertNestingWithin, type LoadLimits, loadLimits, readScenarioText } from "./load-limits.js";
import type { Scenario } from "./scenario.js";

type Yaml = typeof import("yaml");
let yamlModule: Yaml | undefined;

/**
 * The YAML parser, loaded on first use: a JSON scenario file (the generated suite's, most
 * recordings' scenarios) never needs it, and loading it was a tenth of `report`'s start-up. Its
 * Node entry is CommonJS, so requiring it gives the very module an `import` would.
 */
function yaml(): Yaml {
  yamlModule ??= createRequire(import.meta.url)("yaml") as Yaml;
  return yamlModule;
}

/** Scenario files are YAML or JSON, told apart by their extension. */
export const SCENARIO_EXTENSIONS = [".yaml", ".yml", ".json"] as const;

/**
 * Parses and compiles scenario text. Errors name the file, the line and the path inside it.
 * Nesting deeper than the limit is refused before any parser runs. A `.json` file is read with
 * JSON.parse only (ten times faster than the YAML parser; a suite is hundreds of files): text
 * that is not JSON is refused as such, never tried as YAML. Valid JSON that breaks the format is
 * read again with the YAML parser (JSON is YAML) for the line numbers of its problems.
 */
export function loadScenarioText(text: string, file: string, limits?: Partial<LoadLimits>): Scenario {
  const json = file.toLowerCase().endsWith(".json");
  assertNestingWithin(text, file, json, loadLimits(limits).maxDepth);
  if (json) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw jsonParseError(text, file, error as Error);
    }
    try {
      return compileScenario(raw, { file });
    } catch (error) {
      if (error instanceof AsyncToolError && error.code === "SCENARIO_INVALID")
        return loadYamlText(text, file);
      throw error;
    }
  }
  return loadYamlText(text, file);
}

/** Where JSON.parse stopped, when its message says (Node gives a position for most errors). */
function jsonParseError(text: string, file: string, error: Error): AsyncToolError {
  const position = /at position (\d+)/.exec(error.message);
  const offset = position ? Number(position[1]) : text.trim() === "" ? 0 : undefined;
  let where = file;
  if (offset !== undefined) {
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    where = `${file}:${line}:${offset - before.lastIndexOf("\n")}`;
  }
  // Node 22 and later append "(line L column C)", which the location prefix already says: one
  // message on every Node line.
  const firstLine = error.message.split("\n")[0]?.replace(/ \(line \d+ column \d+\)$/, "");
  const reason = firstLine?.slice(0, 120) ?? "invalid JSON";
  return new AsyncToolError("SCENARIO_PARSE", `${where}: not valid JSON: ${reason}`, { where });
}

function loadYamlText(text: string, file: string): Scenario {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw new AsyncToolError(
      "SCENARIO_PARSE",
      `${file}:${pos.line}:${pos.col}: not valid YAML or JSON: ${firstError.message.split("\n")[0]}`,
      { where: `${file}:${pos.line}:${pos.col}` },
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // An alias to a missing anchor, or an alias bomb past maxAliasCount.
    throw new AsyncToolError(
      "SCENARIO_PARSE",
      `${file}: not valid YAML or JSON: ${(error as Error).message}`,
      { where: file },
    );
  }
  const locate = (path: readonly (string | number)[]): string | undefined => {
    // The deepest node that exists on the path: a missing field is reported at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = nodeAt(doc.contents, path.slice(0, depth));
      if (node?.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return `${pos.line}:${pos.col}`;
      }
    }
    return undefined;
  };
  return compileScenario(raw, { file, locate });
}

function nodeAt(root: unknown, path: readonly (string | number)[]): Node | undefined {
  const { isMap, isSeq } = yaml();
  let current: unknown = root;
  for (const segment of path) {
    if (isMap(current)) {
      const pair = current.items.find((item) => {
        const key = item.key as { value?: unknown } | null;
        return key !== null && typeof key === "object" && String(key.value) === String(segment);
      });
      // For a key, point at the key itself when its value is absent.
      current = pair ? (pair.value ?? pair.key) : undefined;
    } else if (isSeq(current)) {
      current = typeof segment === "number" ? current.items[segment] : undefined;
    } else {
      return undefined;
    }
  }
  return current as Node | undefined;
}

export async function loadScenarioFile(path: string, limits?: Partial<LoadLimits>): Promise<Scenario> {
  const text = await readScenarioText(path, loadLimits(limits).maxBytes);
  if (!everyBuiltInDomainLoaded()) await loadBuiltInDomains(domainNamesIn(text, path, limits));
  return loadScenarioText(text, path, limits);
}

/**
 * The names under `domains:` in scenario text, so that only those simulators are loaded before
 * it compiles. Text that does not parse, or has no such map, names none: loadScenarioText then
 * reports it as it would.
 */
function domainNamesIn(text: string, file: string, limits?: Partial<LoadLimits>): string[] {
  try {
    const json = file.toLowerCase().endsWith(".json");
    assertNestingWithin(text, file, json, loadLimits(limits).maxDepth);
    const raw: unknown = json ? JSON.parse(text) : yaml().parse(text, { maxAliasCount: 1000 });
    const domains = (raw as { domains?: unknown } | null)?.domains;
    return domains !== null && typeof domains === "object" ? Object.keys(domains) : [];
  } catch {
    return [];
  }
}

const isScenarioName = (name: string) =>
  SCENARIO_EXTENSIONS.includes(extname(name).toLowerCase() as (typeof SCENARIO_EXTENSIONS)[number]);

/**
 * Every scenario file under a directory, recursively, sorted by path (stable output). A
 * symbolic link inside it is refused (SCENARIO_SYMLINK) unless `followSymlinks`; followed links
 * to directories are walked once each.
 */
export async function findScenarioFiles(dir: string, limits?: Partial<LoadLimits>): Promise<string[]> {
  const { followSymlinks } = loadLimits(limits);
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = async (current: string) => {
    const real = await realpath(current);
    if (seen.has(real)) return;
    seen.add(real);
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(current, entry.name);
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        if (!followSymlinks) {
          throw new AsyncToolError(
            "SCENARIO_SYMLINK",
            `${full}: a symbolic link inside a suite, which is not followed; replace it by the file, or pass --follow-symlinks if the suite is trusted`,
            { where: full },
          );
        }
        const target = await stat(full).catch(() => undefined);
        if (target === undefined) continue;
        isDirectory = target.isDirectory();
      }
      if (isDirectory) await walk(full);
      else if (isScenarioName(entry.name)) out.push(full);
    }
  };
  await walk(dir);
  return out.sort();
}

/** The scenario files a path names: the file itself, or every file under a directory. */
export async function scenarioFilesAt(path: string, limits?: Partial<LoadLimits>): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new AsyncToolError("SCENARIO_NOT_FOUND", `${path}: no such file or directory`, { where: path });
  }
  return info.isDirectory() ? findScenarioFiles(path, limits) : [path];
}

export interface LoadOutcome {
  readonly file: string;
  readonly scenario?: Scenario;
  readonly error?: AsyncToolError;
}

/** Loads every scenario at a path, keeping going past bad files so that all problems are shown at once. */
export async function loadScenariosAt(path: string, limits?: Partial<LoadLimits>): Promise<LoadOutcome[]> {
  const files = await scenarioFilesAt(path, limits);
  const outcomes: LoadOutcome[] = [];
  for (const file of files) {
    try {
      outcomes.push({ file, scenario: await loadScenarioFile(file, limits) });
    } catch (error) {
      if (!(error instanceof AsyncToolError)) throw error;
      outcomes.push({ file, error });
    }
  }
  return outcomes;
}
