#!/usr/bin/env node
// The oracle agent on every episode of a suite for several seeds (async mode, step clock): how
// many runs score 1 (every task succeeds, no dependency violation), and the time it took.
// Run after `npm run build`:  node scripts/oracle-seeds.mjs [SCENARIO_DIR] [SEEDS, default 1,2,3]
import { runEpisodeInMemory } from "../dist/harness/run-episode.js";
import { loadScenariosAt } from "../dist/scenarios/loader.js";

const dir = process.argv[2] ?? new URL("../scenarios/asynctool-v2", import.meta.url).pathname;
const seeds = (process.argv[3] ?? "1,2,3").split(",").map(Number);
const outcomes = await loadScenariosAt(dir);
const failed = outcomes.filter((o) => o.error).map((o) => `${o.file}: ${o.error?.message}`);
const t0 = performance.now();
let runs = 0;
let perfect = 0;
for (const { scenario } of outcomes) {
  if (!scenario) continue;
  for (const seed of seeds) {
    runs++;
    const { metrics, stopped } = await runEpisodeInMemory({
      agent: "oracle",
      scenario,
      seed,
      mode: "async",
      clock: "step",
    });
    const bad = metrics.tasks.filter((t) => !t.success).map((t) => t.id);
    if (!stopped && bad.length === 0 && (metrics.dependencyViolationRate ?? 0) === 0) perfect++;
    else failed.push(`${scenario.id} seed ${seed}: ${stopped ?? `tasks ${bad.join(", ")} failed`}`);
  }
}
const seconds = ((performance.now() - t0) / 1000).toFixed(1);
process.stdout.write(`${perfect} of ${runs} oracle runs score 1 (seeds ${seeds.join(", ")}; ${seconds} s)\n`);
for (const line of failed) process.stdout.write(`  ${line}\n`);
process.exitCode = failed.length === 0 ? 0 : 1;
