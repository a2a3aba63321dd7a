import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { AsyncToolError } from "../errors.js";
import { compileScenario } from "./compile.js";
import type { Scenario } from "./scenario.js";

/** Scenario files are YAML or JSON (JSON is read by the YAML parser too, which gives line numbers). */
export const SCENARIO_EXTENSIONS = [".yaml", ".yml", ".json"] as const;

/**
 * Parses and compiles scenario text. Errors name the file, the line and the path inside it.
 * A `.json` file is read with JSON.parse (ten times faster than the YAML parser; a suite is
 * hundreds of files), and only read again with the YAML parser when it must be refused, for
 * the line numbers.
 */
export function loadScenarioText(text: string, file: string): Scenario {
  if (file.toLowerCase().endsWith(".json")) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return loadYamlText(text, file);
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

function loadYamlText(text: string, file: string): Scenario {
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

export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AsyncToolError(
      "SCENARIO_NOT_FOUND",
      code === "ENOENT"
        ? `${path}: no such file; give the path of a .yaml or .json scenario, or a directory of them`
        : `${path}: cannot be read (${code ?? (error as Error).message})`,
      { where: path },
    );
  }
  return loadScenarioText(text, path);
}

/** Every scenario file under a directory, recursively, sorted by path (stable output). */
export async function findScenarioFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string) => {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (
        SCENARIO_EXTENSIONS.includes(
          extname(entry.name).toLowerCase() as (typeof SCENARIO_EXTENSIONS)[number],
        )
      ) {
        out.push(full);
      }
    }
  };
  await walk(dir);
  return out.sort();
}

/** The scenario files a path names: the file itself, or every file under a directory. */
export async function scenarioFilesAt(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new AsyncToolError("SCENARIO_NOT_FOUND", `${path}: no such file or directory`, { where: path });
  }
  return info.isDirectory() ? findScenarioFiles(path) : [path];
}

export interface LoadOutcome {
  readonly file: string;
  readonly scenario?: Scenario;
  readonly error?: AsyncToolError;
}

/** Loads every scenario at a path, keeping going past bad files so that all problems are shown at once. */
export async function loadScenariosAt(path: string): Promise<LoadOutcome[]> {
  const files = await scenarioFilesAt(path);
  const outcomes: LoadOutcome[] = [];
  for (const file of files) {
    try {
      outcomes.push({ file, scenario: await loadScenarioFile(file) });
    } catch (error) {
      if (!(error instanceof AsyncToolError)) throw error;
      outcomes.push({ file, error });
    }
  }
  return outcomes;
}
