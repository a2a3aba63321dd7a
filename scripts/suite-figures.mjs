#!/usr/bin/env node
// Prints the suite's efficiency figures in the step clock, seeds 1 and 2 (docs/metrics.md's
// closing note): mean optimality and success-weighted efficiency of each reference agent, the
// median (min, max) S / M*, overall and per latency profile (the one-round profile, the paper's
// first setting, apart), the share of gold steps with latency ≤ 1 outside it, and the total time
// of the best-makespan search.
// Run after `npm run build`:  node scripts/suite-figures.mjs [SCENARIO_DIR]
import { bestSchedule } from "../dist/engine/best-schedule.js";
import { bestScheduleInput } from "../dist/engine/best-schedule-input.js";
import { sampleSchedule } from "../dist/engine/episode.js";
import { runEpisodeInMemory } from "../dist/harness/run-episode.js";
import { loadScenariosAt } from "../dist/scenarios/loader.js";

const dir = process.argv[2] ?? new URL("../scenarios/asynctool-v2", import.meta.url).pathname;
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
const ratiosByProfile = {};
let steps = 0;
let quickSteps = 0;
const profileOf = (scenario) =>
  typeof scenario.spec.meta?.profile === "string" ? scenario.spec.meta.profile : "unspecified";
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
      if (agent === "oracle" && m.bestMakespan) {
        const ratio = m.sequentialBound / m.bestMakespan;
        ratios.push(ratio);
        const profile = profileOf(scenario);
        ratiosByProfile[profile] = [...(ratiosByProfile[profile] ?? []), ratio];
      }
    }
for (const scenario of scenarios) {
  if (profileOf(scenario) === "one-round") continue;
  for (const seed of seeds)
    for (const row of Object.values(sampleSchedule(scenario, seed, "async", "step")))
      for (const d of Object.values(row)) {
        steps++;
        if (d <= 1) quickSteps++;
      }
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
const spread = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return `median ${f(median)}, min ${f(sorted[0])}, max ${f(sorted.at(-1))} (${sorted.length} runs)`;
};
process.stdout.write(`S / M*: ${spread(ratios)}\n`);
const apart = Object.entries(ratiosByProfile).filter(([profile]) => profile !== "one-round");
if (ratiosByProfile["one-round"])
  process.stdout.write(`S / M* outside one-round: ${spread(apart.flatMap(([, xs]) => xs))}\n`);
for (const [profile, xs] of Object.entries(ratiosByProfile).sort())
  process.stdout.write(`  ${profile.padEnd(12)} ${spread(xs)}\n`);
process.stdout.write(
  `gold steps with latency ≤ 1 outside one-round: ${steps ? ((100 * quickSteps) / steps).toFixed(1) : "-"}% of ${steps}\n`,
);
process.stdout.write(
  `best-makespan search: ${scenarios.length * seeds.length} episodes in ${searchMs.toFixed(0)} ms\n`,
);
