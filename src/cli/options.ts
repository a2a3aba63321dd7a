import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { AsyncToolError } from "../errors.js";
import { defaultScenarioFile, exampleScenariosDir } from "../paths.js";
import { Catalogue } from "../scenarios/catalogue.js";
import { LOAD_LIMIT_DEFAULTS, type LoadLimits } from "../scenarios/load-limits.js";
import { loadScenarioFile } from "../scenarios/loader.js";
import type { Scenario } from "../scenarios/scenario.js";

/** What several commands share: argument parsers, the loader's limits, and how --scenario and --suite resolve. */

export interface LoadFlags {
  maxScenarioBytes?: number;
  followSymlinks?: boolean;
}

/** The flags that choose scenarios: --scenario (an id or a file) and --suite (directories). */
export interface ScenarioFlags extends LoadFlags {
  scenario?: string;
  suite?: string[];
}

export const integer =
  (name: string, min = Number.MIN_SAFE_INTEGER) =>
  (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(
        `${name} takes an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ""}.`,
      );
    return n;
  };

export const positiveNumber = (name: string) => (value: string) => {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} takes a positive number.`);
  return n;
};

/** Resolves --scenario: a file path, or an id among the shipped scenarios and the suite. */
export async function resolveScenarios(
  flags: ScenarioFlags,
): Promise<{ catalogue: Catalogue; defaultId: string | undefined }> {
  const limits = loadLimitsOf(flags);
  if (flags.suite?.length) {
    const catalogue = await Catalogue.load(flags.suite, limits);
    if (flags.scenario && !catalogue.has(flags.scenario)) {
      throw new AsyncToolError(
        "SCENARIO_NOT_FOUND",
        `--scenario ${flags.scenario} is not an id of the suite; with --suite, --scenario names one of its episodes`,
      );
    }
    return { catalogue, defaultId: flags.scenario };
  }
  // The example scenarios: the 712-episode suite is served with --suite.
  const shipped = await Catalogue.load([exampleScenariosDir]);
  if (!flags.scenario)
    return { catalogue: shipped, defaultId: (await loadScenarioFile(defaultScenarioFile)).id };
  if (shipped.has(flags.scenario)) return { catalogue: shipped, defaultId: flags.scenario };
  if (!existsSync(flags.scenario)) {
    throw new AsyncToolError(
      "SCENARIO_NOT_FOUND",
      `--scenario ${flags.scenario}: neither a file nor a shipped scenario id (${shipped.ids().join(", ")})`,
    );
  }
  const own: Scenario = await loadScenarioFile(resolve(flags.scenario), limits);
  const others = shipped
    .ids()
    .filter((id) => id !== own.id)
    .map((id) => shipped.get(id));
  return { catalogue: new Catalogue([own, ...others]), defaultId: own.id };
}

/** The options that loosen the scenario loader's limits, for commands that read suites. */
export function withLoadFlags(command: Command): Command {
  return command
    .option(
      "--max-scenario-bytes <n>",
      `largest scenario file read (default ${LOAD_LIMIT_DEFAULTS.maxBytes})`,
      integer("--max-scenario-bytes", 1),
    )
    .option("--follow-symlinks", "follow symbolic links inside suite directories (refused by default)");
}

export function loadLimitsOf(flags: LoadFlags): Partial<LoadLimits> {
  return {
    ...(flags.maxScenarioBytes !== undefined ? { maxBytes: flags.maxScenarioBytes } : {}),
    ...(flags.followSymlinks ? { followSymlinks: true } : {}),
  };
}
