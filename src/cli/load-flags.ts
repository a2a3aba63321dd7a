import type { Command } from "commander";
import { LOAD_LIMIT_DEFAULTS, type LoadLimits } from "../scenarios/load-limits.js";
import { integer } from "./serve.js";

export interface LoadFlags {
  maxScenarioBytes?: number;
  followSymlinks?: boolean;
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
