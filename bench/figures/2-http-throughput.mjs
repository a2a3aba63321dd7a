// Figure 2. Throughput over Streamable HTTP with 1, 8 and 64 concurrent lean clients (one MCP
// session each, calls made back to back; bench/lib/lean-http.mjs), `asynctool serve -t http`
// recording to files as a user runs it, against the bare SDK echo server; each server in its
// own process, the clients in this one. The sides alternate in half-second slices with fresh
// sessions, the order rotated per repetition. Also measured: the server's CPU time per call
// (from the child's process.cpuUsage), the one figure a client cannot hide, and the clients' own
// CPU time per call (this process's), which shares the two cores with the server: at 1 client a
// call's round trip is the server's time, then the client's.
// A third side, the durability floor (bench/lib/bare.mjs, `durable`, as in figure 1): the bare
// echo writing and checking a recording line per call, in the recordings' directory. It joins
// the alternation; its rows (no goal) compare asynctool with it, and their notes say what the
// floor keeps of the bare echo's calls/s: what the goal leaves for asynctool's own work.
// Before anything is timed, every server answers WARM_CALLS calls (bench/lib/warm-up.mjs, as figures 1 and 5 do): a fresh
// server is still compiling its code for its first few thousand calls, and the 1-client part,
// the first, measured that warm-up rather than the server. Run alone, '{"warmCalls":0}' measures
// as the figure did before.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCliServer } from "../lib/cli-server.mjs";
import { startServerChild } from "../lib/clients.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { CALL_LINES_BYTES, FLOOR_LABEL, floorKeepsNote } from "../lib/floor.mjs";
import { writeBenchScenario } from "../lib/scenario.mjs";
import { median } from "../lib/stats.mjs";
import { alternatingThroughput } from "../lib/throughput.mjs";
import { warmUpSides } from "../lib/warm-up.mjs";

const GOAL = { on: "ratio", op: ">=", target: 0.9, text: "ratio ≥ 0.9" };
const CPU_GOAL = { on: "ratio", op: "<=", target: 1.2, text: "ratio ≤ 1.2" };
const CONCURRENCY = [1, 8, 64];

await runFigure("HTTP throughput", async (options) => {
  const { reps: wanted, quick } = options;
  const reps = Math.min(wanted, 5);
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-throughput-"));
  const scenarioFile = writeBenchScenario(dir, { mode: "instant", clock: "wall" });
  // The floor's files go where asynctool's recordings go (the same disk), in a directory of their own.
  const floorDir = join(dir, "floor");
  mkdirSync(floorDir);
  const servers = {
    bare: await startServerChild("bare-http"),
    product: await startCliServer(["--scenario", scenarioFile, "--recordings", join(dir, "recordings")]),
    floor: await startServerChild("bare-http", { durable: { dir: floorDir, lineBytes: CALL_LINES_BYTES } }),
  };
  const sides = {
    bare: { url: servers.bare.url, tool: "echo", server: servers.bare },
    product: { url: servers.product.url, tool: "lookup", server: servers.product },
    floor: { url: servers.floor.url, tool: "echo", server: servers.floor },
  };
  const slicing = { slices: quick ? 1 : 2, sliceSeconds: quick ? 0.2 : 0.5 };

  const rows = [];
  try {
    await warmUpSides(sides, { quick, calls: options.warmCalls });
    for (const clients of CONCURRENCY) {
      const bare = [];
      const product = [];
      const floor = [];
      const cpu = { bare: [], product: [], floor: [] };
      // The lean clients' CPU per call (this process), which shares the machine's two cores.
      const clientCpu = { bare: [], product: [], floor: [] };
      if (!quick) await alternatingThroughput(sides, { clients, slices: 1, sliceSeconds: 0.25 }); // warm-up
      for (let r = 0; r < reps; r++) {
        const out = await alternatingThroughput(sides, { clients, ...slicing, rep: r });
        bare.push(out.bare.perSecond);
        product.push(out.product.perSecond);
        floor.push(out.floor.perSecond);
        cpu.bare.push(out.bare.serverCpuUs);
        cpu.product.push(out.product.serverCpuUs);
        cpu.floor.push(out.floor.serverCpuUs);
        for (const side of ["bare", "product", "floor"]) clientCpu[side].push(out[side].clientCpuUs);
        log(
          `${clients} clients rep ${r + 1}: bare ${out.bare.perSecond.toFixed(0)}/s (${out.bare.serverCpuUs.toFixed(0)} µs server CPU per call), floor ${out.floor.perSecond.toFixed(0)}/s (${out.floor.serverCpuUs.toFixed(0)} µs), asynctool ${out.product.perSecond.toFixed(0)}/s (${out.product.serverCpuUs.toFixed(0)} µs)`,
        );
      }
      const callsMeasure = `calls/s over HTTP, ${clients} lean client${clients === 1 ? "" : "s"}`;
      rows.push(
        row({
          id: `2 http ${clients}`,
          measure: callsMeasure,
          unit: "calls/s",
          value: product,
          baseline: bare,
          baselineLabel: "bare SDK echo",
          goal: GOAL,
          note: `server CPU per call: asynctool ${median(cpu.product).toFixed(0)} µs, bare ${median(cpu.bare).toFixed(0)} µs; the lean clients' CPU per call (the bench process, on the same 2 cores): against asynctool ${median(clientCpu.product).toFixed(0)} µs, against bare ${median(clientCpu.bare).toFixed(0)} µs, against the floor ${median(clientCpu.floor).toFixed(0)} µs`,
        }),
      );
      rows.push(
        row({
          id: `2 floor ${clients}`,
          measure: callsMeasure,
          unit: "calls/s",
          value: product,
          baseline: floor,
          baselineLabel: FLOOR_LABEL,
          // What the floor keeps of the bare echo's calls/s, per repetition (sides measured back to back).
          note: floorKeepsNote(floor, bare, cpu.floor),
        }),
      );
      if (clients === 8) {
        rows.push(
          row({
            id: "2 cpu 8",
            measure: "server CPU per call over HTTP, 8 lean clients",
            unit: "µs",
            value: cpu.product,
            baseline: cpu.bare,
            baselineLabel: "bare SDK echo",
            goal: CPU_GOAL,
          }),
        );
      }
    }
  } finally {
    await servers.bare.close();
    await servers.product.close();
    await servers.floor.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
});
