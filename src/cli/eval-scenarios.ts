import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { findDomain } from "../domains/all-built-in-domains.js";
import type { DeliveryMode } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import {
  type EpisodeChoice,
  globMatcher,
  refOf,
  type ScenarioRef,
  sampleScenarios,
} from "../runner/episodes.js";
import { loadScenarioFile, scenarioFilesAt } from "../scenarios/loader.js";
import type { Scenario } from "../scenarios/scenario.js";
import { resolveScenarios } from "./options.js";

export interface ScenarioSelection {
  readonly suite?: readonly string[];
  readonly scenario?: string;
  readonly episodes?: EpisodeChoice;
  readonly categories?: readonly string[];
  readonly sample?: number;
  readonly sampleSeed: number;
}

/**
 * The scenarios of a run, in suite order. A suite's files are only read for their id, default
 * mode and domains; each is compiled when its first episode starts (ScenarioRef.load), so a run
 * of a few episodes of a large suite starts at once. A file that does not compile fails when
 * its episode starts, naming it.
 */
export async function chooseScenarioRefs(selection: ScenarioSelection): Promise<ScenarioRef[]> {
  if (!selection.suite?.length && !selection.scenario) {
    throw new AsyncToolError("USAGE", "Give the scenarios to run: --suite DIR, or --scenario ID|FILE.");
  }
  let all: ScenarioRef[];
  if (selection.suite?.length) {
    all = await suiteRefs(selection.suite);
    if (selection.scenario) {
      const one = all.find((r) => r.id === selection.scenario);
      if (!one) {
        throw new AsyncToolError(
          "SCENARIO_NOT_FOUND",
          `--scenario ${selection.scenario} is not an id of the suite; with --suite, --scenario names one of its episodes`,
        );
      }
      all = [one];
    }
  } else {
    const { catalogue, defaultId } = await resolveScenarios({ scenario: selection.scenario as string });
    all = [refOf(catalogue.get(defaultId ?? (selection.scenario as string)))];
  }
  return select(all, selection);
}

function select(all: readonly ScenarioRef[], selection: ScenarioSelection): ScenarioRef[] {
  let chosen = [...all];
  if (selection.categories?.length) {
    const wanted = new Set(selection.categories.map((c) => c.toLowerCase()));
    chosen = chosen.filter((r) => r.categories.some((c) => wanted.has(c.toLowerCase())));
    if (chosen.length === 0) {
      const known = [...new Set(all.flatMap((r) => r.categories))].sort();
      throw new AsyncToolError(
        "SELECTION_EMPTY",
        `--category ${selection.categories.join(",")}: no scenario of the run has it; the categories here are ${known.join(", ") || "(none)"}.`,
      );
    }
  }
  const choice = selection.episodes;
  if (choice?.kind === "ids") {
    const byId = new Map(chosen.map((r) => [r.id, r]));
    const missing = choice.ids.filter((id) => !byId.has(id));
    if (missing.length > 0 || choice.ids.length === 0) {
      throw new AsyncToolError(
        "SELECTION_EMPTY",
        `--episodes: ${missing.length > 0 ? `no scenario ${missing.map((m) => JSON.stringify(m)).join(", ")} in the run` : "no id given"}; give a count, ids separated by commas, or a glob (e.g. 'asynctool-v2-00*').`,
      );
    }
    chosen = [...new Set(choice.ids)].map((id) => byId.get(id) as ScenarioRef);
  } else if (choice?.kind === "glob") {
    const match = globMatcher(choice.pattern);
    chosen = chosen.filter((r) => match(r.id));
    if (chosen.length === 0) {
      throw new AsyncToolError(
        "SELECTION_EMPTY",
        `--episodes ${choice.pattern}: the glob matches no scenario id of the run.`,
      );
    }
  }
  if (selection.sample !== undefined) {
    chosen = sampleScenarios(chosen, selection.sample, selection.sampleSeed);
  }
  if (choice?.kind === "count") {
    if (choice.n < 1)
      throw new AsyncToolError("SELECTION_EMPTY", "--episodes 0 selects nothing: give a count ≥ 1.");
    if (choice.n > chosen.length) {
      throw new AsyncToolError(
        "USAGE",
        `--episodes ${choice.n}: there ${chosen.length === 1 ? "is" : "are"} only ${chosen.length} scenario${chosen.length === 1 ? "" : "s"} to run.`,
      );
    }
    chosen = chosen.slice(0, choice.n);
  }
  return chosen;
}

/** Refs of every scenario file under the directories, read without compiling them. */
async function suiteRefs(dirs: readonly string[]): Promise<ScenarioRef[]> {
  const refs: ScenarioRef[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    const files = await scenarioFilesAt(dir);
    if (files.length === 0) {
      throw new AsyncToolError(
        "SCENARIO_INVALID",
        `${dir}: no scenario files (.yaml, .yml, .json) found. Run \`asynctool validate\` on the directory.`,
      );
    }
    for (const file of files) {
      const ref = await peekRef(file);
      const other = seen.get(ref.id);
      if (other) {
        throw new AsyncToolError(
          "SCENARIO_INVALID",
          `two scenarios have the id ${JSON.stringify(ref.id)} (${other} and ${file}); ids must be unique in a suite`,
        );
      }
      seen.set(ref.id, file);
      refs.push(ref);
    }
  }
  return refs;
}

/** What selection needs from a file, without compiling it; the compilation happens on load(). */
async function peekRef(file: string): Promise<ScenarioRef> {
  const text = await readFile(file, "utf8");
  let raw: unknown;
  try {
    raw = file.toLowerCase().endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch {
    raw = undefined;
  }
  const object =
    raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  if (!object || typeof object.id !== "string") {
    // Not readable cheaply: compile it now, which reports the problem with its position.
    return refOf(await loadScenarioFile(file));
  }
  const domains = object.domains && typeof object.domains === "object" ? Object.keys(object.domains) : [];
  const categories = [
    ...new Set(
      domains.flatMap((d) => (findDomain(d) ? [(findDomain(d) as { category: string }).category] : [])),
    ),
  ].sort();
  let compiled: Promise<Scenario> | null = null;
  return {
    id: object.id,
    mode: (typeof object.mode === "string" ? object.mode : "async") as DeliveryMode,
    categories: categories.length > 0 ? categories : ["(declared tools)"],
    load: () => {
      compiled ??= loadScenarioFile(file);
      return compiled;
    },
  };
}
