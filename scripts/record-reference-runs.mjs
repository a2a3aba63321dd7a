// Records agents on the scenarios of a directory, in process, in the step clock (run after a build):
//   node scripts/record-reference-runs.mjs SCENARIO_DIR OUT_DIR [--agents oracle,sequential,poller,faulty] [--every N] [--seed S]
// `--every N` takes every N-th scenario in file order (a sample). `faulty` is the scripted agent of
// src/agents/faulty.ts: on the i-th scenario it makes the i-th kind of mistake (cycling through
// FAULT_KINDS, the next that applies), guessing from what a sequential run of the episode saw.
// The recordings feed `asynctool export acc|mel`.
import { mkdirSync } from "node:fs";
import { FAULT_KINDS, faultFor, runFaulty } from "../dist/agents/faulty.js";
import { connectInMemory } from "../dist/client/connect.js";
import { stepResolver, viewEpisode } from "../dist/exports/episode.js";
import { runEpisodeInMemory } from "../dist/harness/run-episode.js";
import { serverInfo } from "../dist/paths.js";
import { loadScenariosAt } from "../dist/scenarios/loader.js";

const [dir, out, ...rest] = process.argv.slice(2);
if (!dir || !out) {
  console.error(
    "usage: node scripts/record-reference-runs.mjs SCENARIO_DIR OUT_DIR [--agents a,b] [--every N] [--seed S]",
  );
  process.exit(2);
}
const flag = (name, fallback) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : fallback;
};
const agents = flag("--agents", "oracle,sequential,poller").split(",");
const every = Number(flag("--every", "1"));
const seed = Number(flag("--seed", "1"));
mkdirSync(out, { recursive: true });
const scenarios = (await loadScenariosAt(dir)).flatMap((o) => (o.scenario ? [o.scenario] : []));
const chosen = scenarios.filter((_, i) => i % every === 0);
const faults = {};
for (const [i, scenario] of chosen.entries()) {
  let sequential;
  for (const agent of agents) {
    if (agent !== "faulty") {
      const run = await runEpisodeInMemory({ agent, scenario, seed, recordingsDir: out });
      if (agent === "sequential") sequential = run;
      continue;
    }
    sequential ??= await runEpisodeInMemory({ agent: "sequential", scenario, seed, recordingsDir: null });
    const view = viewEpisode(scenario, sequential.recording, sequential.metrics);
    let fault = null;
    for (let k = 0; k < FAULT_KINDS.length && !fault; k++)
      fault = faultFor(scenario, FAULT_KINDS[(i + k) % FAULT_KINDS.length]);
    if (!fault) continue;
    faults[fault.kind] = (faults[fault.kind] ?? 0) + 1;
    const connection = await connectInMemory(
      {
        server: serverInfo,
        sessionId: `faulty-${scenario.id}-${seed}`,
        recordingsDir: out,
        scenario,
        seed,
        mode: scenario.mode,
        clock: "step",
      },
      { name: "asynctool-faulty", version: serverInfo.version },
    );
    try {
      await runFaulty(connection.tools, scenario, fault, (task) => stepResolver(view, task));
    } finally {
      await connection.close();
    }
  }
  if ((i + 1) % 25 === 0) console.error(`${i + 1}/${chosen.length} scenarios`);
}
console.error(`recorded ${chosen.length} scenarios × ${agents.join(", ")} into ${out}`);
if (agents.includes("faulty")) console.error(`faulty agent's mistakes: ${JSON.stringify(faults)}`);
