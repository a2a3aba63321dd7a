// Records the reference agents on every scenario of a directory, in process (run after a build):
//   node scripts/record-reference-runs.mjs SCENARIO_DIR OUT_DIR [--agents oracle,sequential,poller] [--every N] [--seed S]
// `--every N` takes every N-th scenario in file order (a sample). The recordings feed `export acc|mel`.
import { mkdirSync } from "node:fs";
import { runEpisodeInMemory } from "../dist/harness/run-episode.js";
import { loadScenariosAt } from "../dist/scenarios/loader.js";

const [dir, out, ...rest] = process.argv.slice(2);
if (!dir || !out) {
  console.error("usage: node scripts/record-reference-runs.mjs SCENARIO_DIR OUT_DIR [--agents a,b] [--every N] [--seed S]");
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
let done = 0;
for (const scenario of chosen) {
  for (const agent of agents) {
    await runEpisodeInMemory({ agent, scenario, seed, recordingsDir: out });
  }
  done += 1;
  if (done % 25 === 0) console.error(`${done}/${chosen.length} scenarios`);
}
console.error(`recorded ${chosen.length} scenarios × ${agents.length} agents into ${out}`);
