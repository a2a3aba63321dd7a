import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import {
  EDITION_SETTINGS,
  EDITIONS,
  type Edition,
  editionTemplates,
  isEdition,
} from "../dataset/editions.js";
import { allChecks, episodeText, generateEpisodes } from "../dataset/generate.js";
import { statsMarkdown, suiteStats } from "../dataset/stats.js";
import { allTemplates } from "../domains/index.js";
import { AsyncToolError } from "../errors.js";
import { balanced } from "../harness/check-balance.js";
import { oracleSolves } from "../harness/check-episode.js";
import { secondEditionSound } from "../harness/check-second-edition.js";
import { compileScenario } from "../scenarios/compile.js";
import { integer } from "./options.js";
import type { Output } from "./output.js";
import { ProgressLine } from "./progress.js";

export function generateCommand(io: Output): Command {
  return new Command("generate")
    .description(
      "Generate multi-task episodes from the single-task templates; keep each only if the oracle agent solves it.",
    )
    .requiredOption("-n, --count <n>", "episodes to generate", integer("--count", 1))
    .option("--seed <n>", "seed: the same seed gives byte-identical episodes", integer("--seed"), 1)
    .requiredOption("-o, --out <dir>", "directory to write the episodes to (one JSON file each)")
    .option(
      "--edition <name>",
      `which edition's mix and bar: ${EDITIONS.join(" or ")} (v2: service latencies by tool class, mostly three tasks, S / M* at least 1.7, every task needs its tools, varied instructions)`,
      edition,
      "v2" as Edition,
    )
    .option("--prefix <id>", "episode ids are <prefix>-0001... (default: asynctool-<edition>)")
    .option("--force", "write into a directory that already holds episodes (replacing them)")
    .addHelpText(
      "after",
      "\nThe default suite, the second edition (npm run suite:v2), was made with:\n  asynctool generate --edition v2 --count 712 --seed 1 --out scenarios/asynctool-v2\n" +
        "The first edition (flawed answer checks and delays; removed from the package, in the git history) comes back with:\n  asynctool generate --edition v1 --count 712 --seed 1 --out scenarios/asynctool-v1\n" +
        'Edition v2\'s latency profiles, balance check and rules: docs/scenario-format.md, "Latency profiles of generated episodes" and "Edition v2".\n',
    )
    .action(
      async (flags: {
        count: number;
        seed: number;
        out: string;
        edition: Edition;
        prefix?: string;
        force?: boolean;
      }) => {
        if (
          existsSync(flags.out) &&
          readdirSync(flags.out).some((f) => f.endsWith(".json")) &&
          !flags.force
        ) {
          throw new AsyncToolError(
            "USAGE",
            `${flags.out} already holds episodes; pass --force to replace them, or choose another --out`,
          );
        }
        mkdirSync(flags.out, { recursive: true });
        if (flags.force) {
          for (const file of readdirSync(flags.out))
            if (file.endsWith(".json")) rmSync(join(flags.out, file));
        }
        const progress = new ProgressLine(
          flags.count,
          "generating",
          (t) => process.stderr.write(t),
          process.stderr.isTTY === true,
        );
        const settings = EDITION_SETTINGS[flags.edition];
        // The balance check first: it is the cheaper one, and refuses the more draws; then the
        // second edition's rules (a gold run on the engine), then the oracle over MCP.
        const checks = [
          ...(settings.balance ? [balanced(settings.balance)] : []),
          ...(settings.needsTools ? [secondEditionSound] : []),
          oracleSolves,
        ];
        const { episodes, rejected } = await generateEpisodes({
          count: flags.count,
          seed: flags.seed,
          templates: editionTemplates(flags.edition, allTemplates),
          prefix: flags.prefix ?? settings.prefix,
          check: checks.length > 1 ? allChecks(...checks) : oracleSolves,
          distinctInstructions: settings.distinctInstructions ?? false,
          mix: settings.mix,
          maxAttempts: settings.maxAttempts,
          onEpisode: (done) => progress.update(done),
        });
        for (const { plan, file } of episodes)
          writeFileSync(join(flags.out, `${plan.id}.json`), episodeText(file));
        const scenarios = episodes.map(({ plan, file }) =>
          compileScenario(JSON.parse(JSON.stringify(file)), { file: plan.id }),
        );
        io.out(
          `Wrote ${episodes.length} episodes to ${flags.out} (${flags.edition === "v1" ? "" : `edition ${flags.edition}, `}seed ${flags.seed}); ${rejected.length} draws were refused by the ${settings.needsTools ? "balance, v2-rule, near-duplicate and oracle checks" : settings.balance ? "balance and oracle checks" : "oracle check"} and redrawn.\n`,
        );
        io.out(statsMarkdown(suiteStats(scenarios)));
      },
    );
}

function edition(value: string): Edition {
  if (!isEdition(value))
    throw new AsyncToolError("USAGE", `--edition must be one of ${EDITIONS.join(", ")}, not "${value}"`);
  return value;
}
