// Figure 5. What recording costs: throughput of instant tool calls recording to a file as the
// server does, against the same sessions with their recording closed at the start, so that no
// event is written (the seam and the episode still run). Over the in-memory transport, where the
// recorder's share is largest (one client, calls back to back; also shown: the recording kept in
// memory, `--no-recordings`), and over HTTP with 8 clients, as a server is used.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { productInMemory, startServerChild } from "../lib/clients.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { benchScenario } from "../lib/scenario.mjs";
import { alternatingThroughput } from "../lib/throughput.mjs";

await runFigure("Recorder cost", async ({ reps, quick }) => {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-recorder-"));
  const scenario = benchScenario({ mode: "instant", clock: "wall" });
  const calls = quick ? 300 : 3000;

  const measure = async (variant) => {
    const c = await productInMemory(scenario, {
      recordingsDir: variant === "file" ? join(dir, "recordings") : null,
    });
    // Closing the sink stops every write (the session skips a closed recording) without ending the episode.
    if (variant === "off") c.server.session.sink.close("finished", "recording off for the bench");
    for (let i = 0; i < calls / 10; i++) await c.call("lookup", { q: `w${i % 100}` });
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await c.call("lookup", { q: `k${i % 100}` });
    const perSecond = calls / ((performance.now() - t0) / 1000);
    await c.close();
    return perSecond;
  };

  const out = { file: [], memory: [], off: [] };
  const http = { file: [], off: [] };
  const servers = {
    file: await startServerChild("product-http", {
      scenario: { mode: "instant", clock: "wall" },
      recordingsDir: join(dir, "http"),
    }),
    off: await startServerChild("product-http", {
      scenario: { mode: "instant", clock: "wall" },
      recording: "off",
    }),
  };
  try {
    const sides = {
      file: { url: servers.file.url, tool: "lookup", server: servers.file },
      off: { url: servers.off.url, tool: "lookup", server: servers.off },
    };
    await alternatingThroughput(sides, { clients: 8, slices: 2, sliceSeconds: 0.25 }); // warm-up
    for (let r = 0; r < reps; r++) {
      const got = await alternatingThroughput(sides, {
        clients: 8,
        slices: quick ? 2 : 4,
        sliceSeconds: quick ? 0.25 : 0.5,
      });
      http.file.push(got.file.perSecond);
      http.off.push(got.off.perSecond);
      log(
        `HTTP rep ${r + 1}: recording to a file ${got.file.perSecond.toFixed(0)} calls/s (${got.file.serverCpuUs.toFixed(0)} µs server CPU per call), off ${got.off.perSecond.toFixed(0)} (${got.off.serverCpuUs.toFixed(0)} µs)`,
      );
    }
    for (const v of Object.keys(out)) await measure(v);
    for (let r = 0; r < reps; r++) {
      const order = r % 2 === 0 ? ["off", "file", "memory"] : ["memory", "file", "off"];
      const got = {};
      for (const v of order) got[v] = await measure(v);
      for (const v of order) out[v].push(got[v]);
      log(
        `rep ${r + 1}: recording to a file ${got.file.toFixed(0)} calls/s, in memory ${got.memory.toFixed(0)}, off ${got.off.toFixed(0)}`,
      );
    }
  } finally {
    await servers.file.close();
    await servers.off.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const common = { unit: "calls/s", baseline: out.off, baselineLabel: "recording off" };
  return {
    rows: [
      row({
        id: "5 file",
        measure: "calls/s in memory (1 client), recording to a file",
        value: out.file,
        ...common,
        goal: { on: "ratio", op: ">=", target: 0.9, text: "ratio ≥ 0.9" },
      }),
      row({
        id: "5 memory",
        measure: "calls/s in memory (1 client), recording kept in memory",
        value: out.memory,
        ...common,
      }),
      row({
        id: "5 http",
        measure: "calls/s over HTTP (8 clients), recording to a file",
        unit: "calls/s",
        value: http.file,
        baseline: http.off,
        baselineLabel: "recording off",
        goal: { on: "ratio", op: ">=", target: 0.9, text: "ratio ≥ 0.9" },
      }),
    ],
  };
});
