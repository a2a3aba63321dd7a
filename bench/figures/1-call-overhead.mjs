// Figure 1. Per-call overhead: the round trip of an instant scenario-tool call and of check_job,
// over the in-memory, stdio and HTTP transports, against the bare SDK echo server driven by the
// same client. Calls are made one at a time (the next when the previous answered); the figure
// is the mean round trip of a batch, the median over repetitions, the three batches of a
// repetition (echo, tool, check_job) in an order rotated per repetition. asynctool records to a
// file, as it does by default. In memory and over stdio both sides are driven by the SDK client,
// in memory every batch in fresh sessions; over stdio one server process per side for the whole
// figure (a fresh session there is a fresh process, cold). Over HTTP the lean client
// (bench/lib/lean-http.mjs) drives `asynctool serve -t http` and the bare server, each in its own
// process, every batch in fresh sessions.
// Beside the bare echo, on each transport, the durability floor: the same bare echo doing, per
// call, what asynctool's recording contract requires at least (bench/lib/bare.mjs, `durable`):
// one write of a call's lines to a file per session, in the recordings' directory, before it
// answers, and one fstat of the file per 100 ms (the recorder's deleted-file check, on its
// interval). Its batch joins the rotation; its rows compare the tool call with it.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCliServer, stdioServeArgs } from "../lib/cli-server.mjs";
import { bareInMemory, overStdio, productInMemory, startServerChild } from "../lib/clients.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { CALL_LINES_BYTES, FLOOR_LABEL, floorAddsNote } from "../lib/floor.mjs";
import { leanAgent, openLeanSession } from "../lib/lean-http.mjs";
import { benchScenario, writeBenchScenario } from "../lib/scenario.mjs";
import { answered, warmUpConnections } from "../lib/stdio-warm-up.mjs";
import { rotated } from "../lib/throughput.mjs";
import { QUICK_WARM_CALLS, WARM_CALLS, warmUpSides } from "../lib/warm-up.mjs";

/** The goal of each transport: the smaller the floor, the larger the share the product may add. */
const GOALS = {
  memory: { on: "ratio", op: "<=", target: 1.5, text: "ratio ≤ 1.5" },
  stdio: { on: "ratio", op: "<=", target: 1.25, text: "ratio ≤ 1.25" },
  http: { on: "ratio", op: "<=", target: 1.1, text: "ratio ≤ 1.1" },
};

await runFigure("Per-call overhead", async ({ reps, quick, warmCalls }) => {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-calls-"));
  const recordings = join(dir, "recordings");
  const scenarioOptions = { mode: "instant", clock: "wall" };
  const scenario = benchScenario(scenarioOptions);
  const scenarioFile = writeBenchScenario(dir, scenarioOptions);
  const stdioArgs = stdioServeArgs(scenarioFile, recordings);
  const bareChild = new URL("../lib/server-child.mjs", import.meta.url).pathname;
  // The floor's files go where asynctool's recordings go (the same disk), in a directory of their own.
  const floorDir = join(dir, "floor");
  mkdirSync(floorDir);
  const durable = { dir: floorDir, lineBytes: CALL_LINES_BYTES };
  const httpBare = await startServerChild("bare-http");
  const httpFloor = await startServerChild("bare-http", { durable });
  const httpProduct = await startCliServer(["--scenario", scenarioFile, "--recordings", recordings]);
  const agent = leanAgent();

  const transports = {
    memory: {
      calls: quick ? 300 : 3000,
      bare: () => bareInMemory(),
      floor: () => bareInMemory(durable),
      product: () => productInMemory(scenario, { recordingsDir: recordings }),
    },
    stdio: {
      calls: quick ? 200 : 1000,
      bare: () => overStdio(process.execPath, [bareChild, "bare-stdio"]),
      floor: () => overStdio(process.execPath, [bareChild, "bare-stdio", JSON.stringify({ durable })]),
      product: () => overStdio(process.execPath, stdioArgs),
    },
    http: {
      calls: quick ? 100 : 1000,
      bare: () => openLeanSession(httpBare.url, agent),
      floor: () => openLeanSession(httpFloor.url, agent),
      product: () => openLeanSession(httpProduct.url, agent),
    },
  };

  /** Mean round trip (µs) of `n` calls made one after another; none may answer an error. */
  const batch = async (k, call, n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) answered(k, await call(i));
    return ((performance.now() - t0) / n) * 1000;
  };

  const rows = [];
  try {
    // The HTTP servers are fresh processes: each answers the same warm-up calls before anything is
    // timed (bench/lib/warm-up.mjs), so that none is measured compiling its code, and asynctool's
    // server, which answers the tool batches and the check_job batches, does not start each
    // repetition warmer than the others.
    await warmUpSides(
      {
        bare: { url: httpBare.url, tool: "echo" },
        floor: { url: httpFloor.url, tool: "echo" },
        product: { url: httpProduct.url, tool: "lookup" },
      },
      { quick, calls: warmCalls },
    );
    for (const [name, spec] of Object.entries(transports)) {
      // Warmed up until the JIT has settled, so that what is measured is the steady state, not
      // start-up. In memory and over HTTP each batch has fresh sessions (the servers stay warm),
      // so that neither side carries a long session's history into the figure; over stdio a
      // session is a server process, one per side for the whole figure.
      const perBatch = name !== "stdio";
      const open = async () => {
        const bare = await spec.bare();
        const floor = await spec.floor();
        const product = await spec.product();
        const first = await product.call("lookup", { q: "gold" });
        return { bare, floor, product, jobId: first.structuredContent.job_id };
      };
      const close = async (c) => {
        await c.bare.close();
        await c.floor.close();
        await c.product.close();
      };
      let conn = await open();
      const calls = {
        echo: (i) => conn.bare.call("echo", { q: `k${i % 100}` }),
        floor: (i) => conn.floor.call("echo", { q: `k${i % 100}` }),
        tool: (i) => conn.product.call("lookup", { q: `k${i % 100}` }),
        check: () => conn.product.call("check_job", { job_id: conn.jobId }),
      };
      const measure = async (k) => {
        if (perBatch) {
          await close(conn);
          conn = await open();
          await batch(k, calls[k], 20);
        }
        return batch(k, calls[k], spec.calls);
      };
      // A stdio server is one process for the whole figure: each answers as many calls as an HTTP
      // server does before anything is timed (bench/lib/stdio-warm-up.mjs), asynctool's its tool.
      if (!perBatch) {
        const { echo, floor, tool } = calls;
        await warmUpConnections({ echo, floor, tool }, warmCalls ?? (quick ? QUICK_WARM_CALLS : WARM_CALLS));
      }
      for (const k of Object.keys(calls)) await measure(k);
      const out = { echo: [], floor: [], tool: [], check: [] };
      for (let r = 0; r < reps; r++) {
        const order = rotated(["echo", "floor", "tool", "check"], r);
        const got = {};
        for (const k of order) got[k] = await measure(k);
        for (const k of order) out[k].push(got[k]);
        log(
          `${name} rep ${r + 1}: echo ${got.echo.toFixed(0)} µs, floor ${got.floor.toFixed(0)} µs, tool ${got.tool.toFixed(0)} µs, check_job ${got.check.toFixed(0)} µs`,
        );
      }
      await close(conn);
      const common = { unit: "µs", baseline: out.echo, baselineLabel: "bare SDK echo", goal: GOALS[name] };
      rows.push(
        row({ id: `1 ${name} tool`, measure: `instant tool call, ${name}`, value: out.tool, ...common }),
      );
      rows.push(row({ id: `1 ${name} check`, measure: `check_job, ${name}`, value: out.check, ...common }));
      rows.push(
        row({
          id: `1 ${name} floor`,
          measure: `instant tool call, ${name}`,
          unit: "µs",
          value: out.tool,
          baseline: out.floor,
          baselineLabel: FLOOR_LABEL,
          note: floorAddsNote(out.floor, out.echo),
        }),
      );
    }
  } finally {
    await httpBare.close();
    await httpFloor.close();
    await httpProduct.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
});
