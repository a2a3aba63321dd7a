// One long session in memory, client and server in this process (as figure 1's memory row has
// them), for how the CPU per call moves with the heap's state (docs/performance.md, "one long
// session in memory"): N instant calls one at a time, the CPU time of each window of 1,000 calls
// printed as it ends. Run under `--trace-gc` to see each window beside the collections.
//   node --trace-gc bench/lib/long-session.mjs product|floor|bare [N]
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bareInMemory, productInMemory } from "./clients.mjs";
import { CALL_LINES_BYTES } from "./floor.mjs";
import { benchScenario } from "./scenario.mjs";

const [kind = "", count = "25000"] = process.argv.slice(2);
const n = Number(count);
if (!["product", "floor", "bare"].includes(kind) || !Number.isInteger(n) || n < 1000) {
  console.error("usage: node [--trace-gc] bench/lib/long-session.mjs product|floor|bare [N ≥ 1000]");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "asynctool-long-session-"));
const floorDir = join(dir, "floor");
mkdirSync(floorDir);
const connection =
  kind === "product"
    ? await productInMemory(benchScenario({ mode: "instant", clock: "wall" }), { recordingsDir: dir })
    : await bareInMemory(kind === "floor" ? { dir: floorDir, lineBytes: CALL_LINES_BYTES } : undefined);
const tool = kind === "product" ? "lookup" : "echo";
let since = process.cpuUsage();
for (let i = 1; i <= n; i++) {
  const answer = await connection.call(tool, { q: `k${i % 100}` });
  if (answer.isError)
    throw new Error(`call ${i} was answered with an error: ${JSON.stringify(answer.content)}`);
  if (i % 1000 === 0) {
    const { user, system } = process.cpuUsage(since);
    console.log(`## ${kind} calls ${i}: ${((user + system) / 1000).toFixed(1)} µs of CPU per call`);
    since = process.cpuUsage();
  }
}
await connection.close();
rmSync(dir, { recursive: true, force: true });
