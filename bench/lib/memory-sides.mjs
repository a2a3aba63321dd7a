// Figure 1's in-memory path split by side (docs/performance.md, "the client's share in memory"):
// the SDK client and a server in this process, instant calls one at a time in sessions of 3,000,
// sampled by V8's profiler (100 µs). Each sample goes to the side whose code is nearest the top
// of its stack: the SDK's client, or the server (the SDK's server and asynctool's mcp/, engine/
// and recorder/); samples under neither (the in-memory transport's hops, the microtask loop) are
// "between", and the collector and V8's own work are apart. Prints the CPU per call (inflated by
// the profiler; compare the shares, not the µs, with figure 1), the shares, and the client's
// share by group (zod, ajv, the SDK's protocol.js, node, native).
//   node bench/lib/memory-sides.mjs product|floor|bare
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bareInMemory, productInMemory } from "./clients.mjs";
import { CALL_LINES_BYTES } from "./floor.mjs";
import { benchScenario } from "./scenario.mjs";

const kind = process.argv[2] ?? "";
if (!["product", "floor", "bare"].includes(kind)) {
  console.error("usage: node bench/lib/memory-sides.mjs product|floor|bare");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "asynctool-memory-sides-"));
const floorDir = join(dir, "floor");
mkdirSync(floorDir);
const scenario = benchScenario({ mode: "instant", clock: "wall" });
const open = () =>
  kind === "product"
    ? productInMemory(scenario, { recordingsDir: dir })
    : bareInMemory(kind === "floor" ? { dir: floorDir, lineBytes: CALL_LINES_BYTES } : undefined);
const tool = kind === "product" ? "lookup" : "echo";

async function sessions(count, calls) {
  for (let s = 0; s < count; s++) {
    const connection = await open();
    for (let i = 0; i < calls; i++) {
      const answer = await connection.call(tool, { q: `k${i % 100}` });
      if (answer.isError) throw new Error(`call ${i} was answered with an error`);
    }
    await connection.close();
  }
}

/** The side of a profile node: the nearest frame, from it towards the root, of the client or the server. */
function sidesOf(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map();
  const side = (id) => {
    if (memo.has(id)) return memo.get(id);
    const url = byId.get(id).callFrame.url;
    let s = /sdk\/dist\/esm\/client\//.test(url)
      ? "client"
      : /sdk\/dist\/esm\/server\/|\/dist\/(mcp|engine|recorder)\//.test(url)
        ? "server"
        : null;
    if (s === null) s = parent.has(id) ? side(parent.get(id)) : "between";
    memo.set(id, s);
    return s;
  };
  return { byId, side };
}

function group(url) {
  if (url.includes("/ajv")) return "ajv";
  if (url.includes("zod")) return "zod";
  if (url.includes("sdk/dist")) return `sdk ${url.split("/").at(-1)}`;
  if (url.startsWith("node:")) return "node";
  if (url === "") return "native";
  return url.split("/node_modules/").at(-1)?.split("/")[0] ?? url;
}

try {
  await sessions(10, 500); // warm-up: the code optimised, as in figure 1
  const inspector = new Session();
  inspector.connect();
  await inspector.post("Profiler.enable");
  await inspector.post("Profiler.setSamplingInterval", { interval: 100 });
  await inspector.post("Profiler.start");
  const cpu0 = process.cpuUsage();
  const calls = 6 * 3000;
  await sessions(6, 3000);
  const cpu = process.cpuUsage(cpu0);
  const { profile } = await inspector.post("Profiler.stop");
  inspector.disconnect();

  const { byId, side } = sidesOf(profile);
  const counts = new Map();
  for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  const shares = new Map();
  const clientGroups = new Map();
  let all = 0;
  for (const [id, c] of counts) {
    const frame = byId.get(id).callFrame;
    all += c;
    const special = ["(idle)", "(garbage collector)", "(program)"].includes(frame.functionName);
    const k = special ? frame.functionName : side(id);
    shares.set(k, (shares.get(k) ?? 0) + c);
    if (k === "client") {
      const g = group(frame.url);
      clientGroups.set(g, (clientGroups.get(g) ?? 0) + c);
    }
  }
  const pct = (c) => Math.round((1000 * c) / all) / 10;
  const order = (m) => Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).map(([k, c]) => [k, pct(c)]));
  console.log(
    JSON.stringify({
      kind,
      calls,
      cpuUsPerCall: Math.round(((cpu.user + cpu.system) / calls) * 10) / 10,
      sharesPercent: order(shares),
      clientPercent: order(clientGroups),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
