#!/usr/bin/env node
// Prints the suite's efficiency figures in the step clock, seeds 1 and 2 (docs/metrics.md's
// closing note): mean optimality and success-weighted efficiency of each reference agent, the
// median (min, max) S / M*, and the total time of the best-makespan search.
// Run after `npm run build`:  node scripts/suite-figures.mjs [SCENARIO_DIR]
import { bestSchedule } from "../dist/engine/best-schedule.js";
import { bestScheduleInput } from "../dist/engine/best-schedule-input.js";
import { sampleSchedule } from "../dist/engine/episode.js";
import { runEpisodeInMemory } from "../dist/harness/run-episode.js";
import { loadScenariosAt } from "../dist/scenarios/loader.js";

const dir = process.argv[2] ?? new URL("../scenarios/asynctool-v1", import.meta.url).pathname;
const scenarios = (await loadScenariosAt(dir)).flatMap((o) => (o.scenario ? [o.scenario] : []));
const seeds = [1, 2];

let searchMs = 0;
for (const scenario of scenarios)
  for (const seed of seeds) {
    const { input } = bestScheduleInput(
      scenario,
      sampleSchedule(scenario, seed, "async", "step"),
      seed,
      "async",
    );
    const t0 = performance.now();
    bestSchedule(input);
    searchMs += performance.now() - t0;
  }

const agents = ["oracle", "poller", "sequential"];
const figures = Object.fromEntries(agents.map((a) => [a, { optimality: [], swe: [], belowBest: 0 }]));
const ratios = [];
for (const scenario of scenarios)
  for (const seed of seeds)
    for (const agent of agents) {
      const { metrics: m } = await runEpisodeInMemory({
        agent,
        scenario,
        seed,
        mode: "async",
        clock: "step",
      });
      figures[agent].optimality.push(m.optimality ?? 0);
      figures[agent].swe.push(m.successWeightedEfficiency ?? 0);
      if (m.bestMakespan !== null && m.makespan < m.bestMakespan) figures[agent].belowBest++;
      if (agent === "oracle" && m.bestMakespan) ratios.push(m.sequentialBound / m.bestMakespan);
    }

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f = (x) => x.toFixed(4);
process.stdout.write(`${scenarios.length} episodes × seeds ${seeds.join(", ")}, async mode, step clock\n`);
for (const agent of agents) {
  const g = figures[agent];
  process.stdout.write(
    `${agent.padEnd(10)} mean optimality ${f(mean(g.optimality))}  mean success-weighted efficiency ${f(mean(g.swe))}  recordings with M < M*: ${g.belowBest}\n`,
  );
}
ratios.sort((a, b) => a - b);
const median =
  ratios.length % 2
    ? ratios[(ratios.length - 1) / 2]
    : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
process.stdout.write(`S / M*: median ${f(median)}, min ${f(ratios[0])}, max ${f(ratios.at(-1))}\n`);
process.stdout.write(
  `best-makespan search: ${scenarios.length * seeds.length} episodes in ${searchMs.toFixed(0)} ms\n`,
);
