import { Command } from "commander";
import { AGENT_NAMES } from "../agents/index.js";
import { type EpisodeRunResult, runEpisodeInMemory } from "../harness/run-episode.js";
import { HEADLINE_METRICS, type HeadlineName, unitLabel } from "../metrics/index.js";
import { formatValue } from "../report/format.js";
import { integer, resolveScenarios } from "./options.js";
import { formatTable, type Output } from "./output.js";

/** The figures the demo shows: enough to see what overlapping work buys, not all 29. */
const SHOWN: readonly HeadlineName[] = [
  "episodeSuccess",
  "stepF1",
  "makespan",
  "sequentialBound",
  "bestMakespan",
  "speedup",
  "optimality",
  "successWeightedEfficiency",
  "meanConcurrency",
  "idleShare",
  "avoidableIdleShare",
  "polls",
  "wastedPolls",
  "busyWaitRuns",
  "agentCalls",
];

export function demoCommand(io: Output): Command {
  return new Command("demo")
    .description(
      "Run the three reference agents on one episode in the step clock and show their metrics side by side.",
    )
    .option(
      "-s, --scenario <id|file>",
      "a shipped scenario id or a scenario file (default: travel-and-files)",
    )
    .option("--seed <n>", "seed of the latency schedule", integer("--seed"), 1)
    .action(async (flags: { scenario?: string; seed: number }) => {
      const { catalogue, defaultId } = await resolveScenarios({
        ...(flags.scenario ? { scenario: flags.scenario } : {}),
      });
      const scenario = catalogue.get(defaultId ?? "");
      const runs: EpisodeRunResult[] = [];
      for (const agent of AGENT_NAMES) {
        runs.push(
          await runEpisodeInMemory({ agent, scenario, seed: flags.seed, mode: "async", clock: "step" }),
        );
      }
      const unit = runs[0]?.metrics.unit ?? "steps";
      const rows = SHOWN.map((name) => {
        const info = HEADLINE_METRICS.find((m) => m.name === name);
        const better = info?.direction === "higher" ? "↑" : info?.direction === "lower" ? "↓" : "";
        return [
          `${info?.label ?? name} (${unitLabel(info?.unit ?? "ratio", unit)})${better ? ` ${better}` : ""}`,
          ...runs.map((r) => formatValue(r.metrics[name])),
        ];
      });
      io.out(`Episode ${scenario.id}: ${scenario.title} (seed ${flags.seed}, async mode, step clock)\n`);
      io.out(formatTable([["metric", ...AGENT_NAMES], ...rows]));
      io.out(
        [
          "",
          "oracle: starts every step as soon as its inputs are known and blocks on wait_for_jobs when it has nothing to do.",
          "sequential: one job at a time, waiting for each: its makespan is the sequential bound.",
          "poller: overlaps work, but polls its oldest job with check_job until it ends instead of waiting.",
          "↑ higher is better, ↓ lower is better. Score your own agent: serve, connect it, then `asynctool report`.",
        ].join("\n"),
      );
    });
}
