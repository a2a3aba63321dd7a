// The phases of one call over stdio, in both processes (docs/performance.md, issue #17, "the
// phases of a call over stdio"): one server over stdio driven by the SDK client, as
// stdio-calls.mjs runs it, with time marks in the client and in the server (stdio-marks.mjs,
// preloaded there) on the one monotonic clock; `warm` calls, then `n` calls, one at a time, whose
// phases are given as medians (and quartiles) in µs.
//   node bench/lib/stdio-phases.mjs KINDS N [WARM] [REPS] [PREFIX JSON] [NODE FLAGS JSON]
// KINDS: product, floor, bare, or several joined by commas, run in turn (the order rotated per
// repetition), each a fresh server. Prints one JSON line per run.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { stdioServeArgs } from "./cli-server.mjs";
import { writeBenchScenario } from "./scenario.mjs";
import { markClient, marksSoFar } from "./stdio-marks.mjs";
import { callPhases } from "./stdio-phase-spans.mjs";
import { answered } from "./stdio-warm-up.mjs";

const [kindsArg = "", count = "3000", warmArg = "3000", repsArg = "1", prefixJson = "[]", flagsJson = "[]"] =
  process.argv.slice(2);
// A command the server runs under (taskset -c 0, …), and node's flags for the server.
const prefix = JSON.parse(prefixJson);
const nodeFlags = JSON.parse(flagsJson);
const kinds = kindsArg.split(",");
const [n, warm, reps] = [count, warmArg, repsArg].map(Number);
if (!kinds.every((k) => ["product", "bare", "floor"].includes(k)) || !(n > 0)) {
  console.error("usage: node bench/lib/stdio-phases.mjs product|floor|bare[,…] N [WARM] [REPS]");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "asynctool-stdio-phases-"));
const scenarioFile = writeBenchScenario(dir, { mode: "instant", clock: "wall" });
const serverChild = new URL("./server-child.mjs", import.meta.url).pathname;
const marksModule = new URL("./stdio-marks.mjs", import.meta.url);
const floorDir = join(dir, "floor");
mkdirSync(floorDir);
const client = markClient(StdioClientTransport);

async function run(kind, runIndex) {
  const out = join(dir, `server-${runIndex}.marks`);
  const preload = new URL(marksModule);
  preload.search = new URLSearchParams({ role: "server", out }).toString();
  const server = {
    product: stdioServeArgs(scenarioFile, join(dir, "recordings")),
    bare: [serverChild, "bare-stdio"],
    floor: [serverChild, "bare-stdio", JSON.stringify({ durable: { dir: floorDir, lineBytes: 812 } })],
  }[kind];
  const from = marksSoFar().length;
  const mcp = new Client({ name: "asynctool-bench", version: "1.0.0" });
  const command = [...prefix, process.execPath, ...nodeFlags, "--import", preload.href, ...server];
  const transport = new StdioClientTransport({
    command: command[0],
    args: command.slice(1),
    stderr: "inherit",
  });
  await mcp.connect(transport);
  await mcp.listTools();
  const name = kind === "product" ? "lookup" : "echo";
  const call = async (i) => answered(kind, await mcp.callTool({ name, arguments: { q: `k${i % 100}` } }));
  for (let i = 0; i < warm; i++) {
    await call(i);
    client.done();
  }
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    await call(i);
    client.done();
  }
  const perCall = ((performance.now() - started) / n) * 1000;
  // One more send closes the last measured call's segment.
  await call(0);
  client.done();
  const child = transport._process;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.stdin.end();
  await exited;
  await mcp.close();
  const clientMarks = marksSoFar().slice(from);
  const serverMarks = new Float64Array(new Uint8Array(readFileSync(out)).buffer);
  return { kind, calls: n, roundTripUs: Math.round(perCall), ...callPhases(clientMarks, serverMarks, n) };
}

try {
  let runIndex = 0;
  for (let r = 0; r < reps; r++) {
    const order = kinds.map((_, i) => kinds[(i + r) % kinds.length]);
    for (const kind of order) console.log(JSON.stringify(await run(kind, runIndex++)));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
