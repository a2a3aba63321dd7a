// One server over stdio driven by the SDK client, for counts of the server process alone
// (docs/performance.md, the stdio paragraph of issue #17): 200 instant calls of warm-up, then N,
// one at a time; the server ends on the end of its stdin and is waited for, not killed.
//   node bench/lib/stdio-calls.mjs product|bare|floor N ['["strace","-f","-c","-o","FILE"]'] ['[node flags]']
// The third argument is a command the server runs under (strace, valgrind --tool=callgrind …);
// per call: the difference of two runs (N = 3,000 and 1,000, or 3,500 and 500) over that of N.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { stdioServeArgs } from "./cli-server.mjs";
import { writeBenchScenario } from "./scenario.mjs";

const [kind = "", count = "", prefixJson = "[]", nodeFlagsJson = "[]"] = process.argv.slice(2);
const n = Number(count);
if (!["product", "bare", "floor"].includes(kind) || !Number.isInteger(n) || n <= 0) {
  console.error("usage: node bench/lib/stdio-calls.mjs product|bare|floor N [prefix JSON] [node flags JSON]");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "asynctool-stdio-calls-"));
const scenarioFile = writeBenchScenario(dir, { mode: "instant", clock: "wall" });
const serverChild = new URL("./server-child.mjs", import.meta.url).pathname;
const floorDir = join(dir, "floor");
mkdirSync(floorDir);
// The same servers and options as figure 1's stdio rows.
const server = {
  product: stdioServeArgs(scenarioFile, join(dir, "recordings")),
  bare: [serverChild, "bare-stdio"],
  floor: [serverChild, "bare-stdio", JSON.stringify({ durable: { dir: floorDir, lineBytes: 812 } })],
}[kind];
const command = [...JSON.parse(prefixJson), process.execPath, ...JSON.parse(nodeFlagsJson), ...server];
// Under valgrind a call can take far longer than the SDK's default minute.
const patient = { timeout: 1e7 };
const client = new Client({ name: "asynctool-bench", version: "1.0.0" });
const transport = new StdioClientTransport({
  command: command[0],
  args: command.slice(1),
  stderr: "inherit",
});
await client.connect(transport, patient);
await client.listTools(undefined, patient);
const name = kind === "product" ? "lookup" : "echo";
const call = (i) => client.callTool({ name, arguments: { q: `k${i % 100}` } }, undefined, patient);
for (let i = 0; i < 200; i++) await call(i);
const started = performance.now();
for (let i = 0; i < n; i++) await call(i);
const perCall = ((performance.now() - started) / n) * 1000;
// Ended by the end of its stdin, as a client leaving ends it; valgrind writes its counts at exit.
const child = transport._process;
const exited = new Promise((resolve) => child.once("exit", resolve));
child.stdin.end();
await exited;
await client.close();
console.log(JSON.stringify({ kind, calls: n, microsecondsPerCall: Math.round(perCall) }));
