// Figure 1. Per-call overhead: the round trip of an instant scenario-tool call and of check_job,
// over the in-memory, stdio and HTTP transports, against the bare SDK echo server driven by the
// same client. Calls are made one at a time (the next when the previous answered); the figure
// is the mean round trip of a batch, the median over repetitions. asynctool records to a file,
// as it does by default.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bareInMemory, overHttp, overStdio, productInMemory, startServerChild } from "../lib/clients.mjs";
import { cliPath } from "../lib/dist.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { benchScenario, writeBenchScenario } from "../lib/scenario.mjs";

const GOAL = { on: "ratio", op: "<=", target: 1.25, text: "ratio ≤ 1.25" };

await runFigure("Per-call overhead", async ({ reps, quick }) => {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-calls-"));
  const recordings = join(dir, "recordings");
  const scenarioOptions = { mode: "instant", clock: "wall" };
  const scenario = benchScenario(scenarioOptions);
  const scenarioFile = writeBenchScenario(dir, scenarioOptions);
  const stdioArgs = [
    cliPath,
    "serve",
    "--scenario",
    scenarioFile,
    "--recordings",
    recordings,
    "--max-calls-per-second",
    "1000000",
    "--max-jobs-per-session",
    "1000000",
    "--log-level",
    "warn",
  ];
  const bareChild = new URL("../lib/server-child.mjs", import.meta.url).pathname;
  const httpBare = await startServerChild("bare-http");
  const httpProduct = await startServerChild("product-http", {
    scenario: scenarioOptions,
    recordingsDir: recordings,
  });

  const transports = {
    memory: {
      calls: quick ? 300 : 3000,
      bare: () => bareInMemory(),
      product: () => productInMemory(scenario, { recordingsDir: recordings }),
    },
    stdio: {
      calls: quick ? 200 : 1000,
      bare: () => overStdio(process.execPath, [bareChild, "bare-stdio"]),
      product: () => overStdio(process.execPath, stdioArgs),
    },
    http: {
      calls: quick ? 50 : 300,
      bare: () => overHttp(httpBare.url),
      product: () => overHttp(httpProduct.url),
    },
  };

  /** Mean round trip (µs) of `n` calls made one after another. */
  const batch = async (call, n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await call(i);
    return ((performance.now() - t0) / n) * 1000;
  };

  const rows = [];
  try {
    for (const [name, spec] of Object.entries(transports)) {
      // One connection (and server process) per side for the whole figure, warmed up until the
      // JIT has settled, so that what is measured is the steady state, not start-up. Over HTTP
      // each batch has fresh sessions (the servers stay warm): the SDK's HTTP client adds an
      // abort listener per request to one signal and the calls of a session get slower and
      // slower (past 1,500 it warns), which would penalise whichever side made more calls.
      const perBatch = name === "http";
      const open = async () => {
        const bare = await spec.bare();
        const product = await spec.product();
        const first = await product.call("lookup", { q: "gold" });
        return { bare, product, jobId: first.structuredContent.job_id };
      };
      const close = async (c) => {
        await c.bare.close();
        await c.product.close();
      };
      let conn = await open();
      const calls = {
        echo: (i) => conn.bare.call("echo", { q: `k${i % 100}` }),
        tool: (i) => conn.product.call("lookup", { q: `k${i % 100}` }),
        check: () => conn.product.call("check_job", { job_id: conn.jobId }),
      };
      const measure = async (k) => {
        if (perBatch) {
          await close(conn);
          conn = await open();
          await batch(calls[k], 20);
        }
        return batch(calls[k], spec.calls);
      };
      for (const k of Object.keys(calls)) await measure(k);
      const out = { echo: [], tool: [], check: [] };
      for (let r = 0; r < reps; r++) {
        const order = r % 2 === 0 ? ["echo", "tool", "check"] : ["check", "tool", "echo"];
        const got = {};
        for (const k of order) got[k] = await measure(k);
        for (const k of order) out[k].push(got[k]);
        log(
          `${name} rep ${r + 1}: echo ${got.echo.toFixed(0)} µs, tool ${got.tool.toFixed(0)} µs, check_job ${got.check.toFixed(0)} µs`,
        );
      }
      await close(conn);
      const common = { unit: "µs", baseline: out.echo, baselineLabel: "bare SDK echo", goal: GOAL };
      rows.push(
        row({ id: `1 ${name} tool`, measure: `instant tool call, ${name}`, value: out.tool, ...common }),
      );
      rows.push(row({ id: `1 ${name} check`, measure: `check_job, ${name}`, value: out.check, ...common }));
    }
  } finally {
    await httpBare.close();
    await httpProduct.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
});
