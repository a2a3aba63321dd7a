// What the young generation copies and promotes per call in a server process over HTTP: the
// server (`asynctool serve -t http`, or the bare SDK echo server) runs in its own process under
// `--trace-gc-nvp`, 8 lean clients (sessions of 500 calls) make WARM calls, then N measured ones
// between two marks; the trace and the marks go to this script's stdout, read by `--read`.
//   node bench/lib/gc-survival.mjs product 20000 > trace.txt   (or bare; WARM=30000 to warm longer)
//   node bench/lib/gc-survival.mjs --read trace.txt 20000
// Extra flags for the server's node (e.g. '["--max-semi-space-size=64"]') as the third argument;
// BENCH_GC_TRACE='["--trace-deopt","--trace-opt"]' traces the compiler instead of the collector.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCliServer } from "./cli-server.mjs";
import { startServerChild } from "./clients.mjs";
import { leanAgent, openLeanSession } from "./lean-http.mjs";
import { writeBenchScenario } from "./scenario.mjs";

if (process.argv[2] === "--read") {
  const calls = Number(process.argv[4]);
  let on = false;
  let scavenges = 0;
  let others = 0;
  let promoted = 0;
  let survived = 0;
  const pauses = [];
  for (const line of readFileSync(process.argv[3], "utf8").split("\n")) {
    if (line.startsWith("MARK start")) on = true;
    else if (line.startsWith("MARK end")) on = false;
    else if (line.startsWith("RESULT")) console.log(line);
    else if (on && line.includes(" gc=")) {
      const field = Object.fromEntries(line.split(/\s+/).map((pair) => pair.split("=")));
      if (field.gc !== "s") others += 1;
      else {
        scavenges += 1;
        promoted += Number(field.promoted);
        survived += Number(field.new_space_survived);
        pauses.push(Number(field.pause));
      }
    }
  }
  pauses.sort((a, b) => a - b);
  console.log(
    `scavenges ${scavenges} (${((scavenges / calls) * 1e4).toFixed(1)} per 10^4 calls), other collections ${others}; ` +
      `per call: promoted ${(promoted / calls).toFixed(0)} B, survived in the young generation ${(survived / calls).toFixed(0)} B; ` +
      `scavenge pause median ${pauses[pauses.length >> 1]} ms, max ${pauses.at(-1)} ms`,
  );
  process.exit(0);
}

const [side, callsText, extra = "[]"] = process.argv.slice(2);
const calls = Number(callsText);
if (!["product", "bare"].includes(side) || !Number.isInteger(calls) || calls < 1) {
  console.error("usage: node bench/lib/gc-survival.mjs product|bare CALLS [node flags as JSON] > FILE");
  process.exit(2);
}
const trace = JSON.parse(process.env.BENCH_GC_TRACE ?? '["--trace-gc-nvp"]');
const execArgv = [...trace, ...JSON.parse(extra)];
const dir = mkdtempSync(join(tmpdir(), "asynctool-gc-survival-"));
const server =
  side === "product"
    ? await startCliServer(
        [
          "--scenario",
          writeBenchScenario(dir, { mode: "instant", clock: "wall" }),
          "--recordings",
          join(dir, "rec"),
        ],
        execArgv,
      )
    : await startServerChild("bare-http", {}, execArgv);
const agent = leanAgent(8);
const [tool, args] =
  side === "product" ? ["lookup", (i) => ({ q: `c${i % 100}` })] : ["echo", (i) => ({ text: `c${i % 100}` })];
async function run(total) {
  let left = total;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (left > 0) {
        const session = await openLeanSession(server.url, agent);
        for (let i = 0; i < 500 && left > 0; i++, left--) await session.call(tool, args(i));
        await session.close();
      }
    }),
  );
}
await run(Number(process.env.WARM ?? 3000));
const before = await server.cpu();
process.stdout.write("MARK start\n");
await run(calls);
process.stdout.write("MARK end\n");
const after = await server.cpu();
const cpu = (after.user + after.system - before.user - before.system) / calls;
process.stdout.write(`RESULT ${side}: server CPU ${cpu.toFixed(1)} µs per call\n`);
agent.destroy();
await server.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
