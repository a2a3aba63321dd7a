// Figure 1's in-memory path in one process, for the CPU time of an instant call: the SDK client
// and asynctool over the in-memory transport, recording to a file, instant `lookup` calls one at
// a time. After 3,000 calls of warm-up, `batches` batches of `calls` calls, each in a fresh
// session (opened before its clock starts, closed after it stops); prints one JSON line: the
// process's CPU time (user + system, process.cpuUsage) per call of each batch, in µs. Before and
// after a change, run it from each build's worktree in turn, many pairs (a process per run).
//   node bench/lib/cpu-calls.mjs [calls=1000] [batches=10]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { productInMemory } from "./clients.mjs";
import { benchScenario } from "./scenario.mjs";

const calls = Number(process.argv[2] ?? 1000);
const batches = Number(process.argv[3] ?? 10);
const dir = mkdtempSync(join(tmpdir(), "asynctool-cpu-calls-"));
const scenario = benchScenario({ mode: "instant", clock: "wall" });

async function batch(n) {
  const connection = await productInMemory(scenario, { recordingsDir: dir });
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const answer = await connection.call("lookup", { q: `k${i % 100}` });
    if (answer.isError)
      throw new Error(`call ${i} was answered with an error: ${JSON.stringify(answer.content)}`);
  }
  const used = process.cpuUsage(start);
  await connection.close();
  return { user: used.user / n, system: used.system / n };
}

for (let warm = 0; warm < 3000; warm += 500) await batch(500);
const perCall = [];
for (let b = 0; b < batches; b++) perCall.push(await batch(calls));
rmSync(dir, { recursive: true, force: true });
const round = (x) => Math.round(x * 10) / 10;
const total = perCall.map((c) => c.user + c.system).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    calls,
    batches,
    medianUs: round(total[Math.floor(total.length / 2)]),
    cpuUs: perCall.map((c) => round(c.user + c.system)),
    systemUs: perCall.map((c) => round(c.system)),
  }),
);
