// Figure 7. The whole suite (default scenarios/asynctool-v2) run by the oracle agent in the step
// clock over the in-memory transport, one episode after another, each recorded in memory and
// scored, as `asynctool run` does. Baseline: the bare SDK echo server doing the same MCP work
// over the same transport: one connection per episode and as many calls as the oracle made in
// it (the oracle's calls are the same in every run: step clock, seed 1). The two alternate, the
// order rotated per repetition. Every episode must succeed.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { bareInMemory } from "../lib/clients.mjs";
import { load, root } from "../lib/dist.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { rotated } from "../lib/throughput.mjs";

const { Catalogue } = await load("scenarios/catalogue.js");
const { runEpisodeInMemory } = await load("harness/run-episode.js");

await runFigure("Suite by the oracle", async ({ reps, quick, suite }) => {
  const dir = resolve(root, suite ?? "scenarios/asynctool-v2");
  if (!existsSync(dir)) {
    throw new Error(
      `no suite at ${dir}: generate it (node dist/cli.js generate --edition v2 --count 712 --seed 1 --out ${dir}) or pass --suite DIR`,
    );
  }
  let t0 = performance.now();
  const catalogue = await Catalogue.load([dir]);
  const loadSeconds = (performance.now() - t0) / 1000;
  let scenarios = catalogue.ids().map((id) => catalogue.get(id));
  if (quick) scenarios = scenarios.slice(0, 50);

  const runSuite = async () => {
    const calls = [];
    let failed = 0;
    const start = performance.now();
    for (const scenario of scenarios) {
      const result = await runEpisodeInMemory({
        agent: "oracle",
        scenario,
        seed: 1,
        mode: "async",
        clock: "step",
      });
      if (result.stopped || !result.metrics.episodeSuccess) failed += 1;
      calls.push(result.agent.calls);
    }
    return { seconds: (performance.now() - start) / 1000, calls, failed };
  };
  const runBare = async (calls) => {
    const start = performance.now();
    for (const n of calls) {
      const c = await bareInMemory();
      for (let i = 0; i < n; i++) await c.call("echo", { q: `c${i}` });
      await c.close();
    }
    return (performance.now() - start) / 1000;
  };

  const suiteSeconds = [];
  const bareSeconds = [];
  let last;
  let bare;
  const runs = quick ? 1 : Math.max(1, Math.min(reps, 2));
  for (let r = 0; r < runs; r++) {
    for (const side of rotated(["suite", "bare"], r)) {
      // The bare side replays the calls of the oracle's last run (the first run goes first).
      if (side === "suite") last = await runSuite();
      else bare = await runBare(last.calls);
    }
    suiteSeconds.push(last.seconds);
    bareSeconds.push(bare);
    const totalCalls = last.calls.reduce((a, b) => a + b, 0);
    log(
      `run ${r + 1}: ${scenarios.length} episodes (${totalCalls} calls) in ${last.seconds.toFixed(1)} s, ${(scenarios.length / last.seconds).toFixed(1)} episodes/s, ${last.failed} failed; bare SDK, same connections and calls: ${bare.toFixed(1)} s`,
    );
    if (last.failed > 0) throw new Error(`${last.failed} episodes were not solved by the oracle`);
  }
  const totalCalls = last.calls.reduce((a, b) => a + b, 0);
  const perSecond = suiteSeconds.map((s) => scenarios.length / s);
  t0 = performance.now();
  return {
    suite: { dir, episodes: scenarios.length, calls: totalCalls, loadSeconds },
    rows: [
      row({
        id: "7 suite",
        measure: `suite of ${scenarios.length} episodes by the oracle, step clock, in memory`,
        unit: "s",
        value: suiteSeconds,
        baseline: bareSeconds,
        baselineLabel: "bare SDK: same connections and calls",
        goal: { on: "value", op: "<=", target: 60, text: "≤ 60 s" },
        note: `${Math.round(perSecond.sort((a, b) => a - b)[Math.floor((perSecond.length - 1) / 2)])} episodes/s; ${totalCalls} tool calls; loading the suite took ${loadSeconds.toFixed(1)} s more`,
      }),
    ],
  };
});
