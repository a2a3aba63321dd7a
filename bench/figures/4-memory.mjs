// Figure 4. Memory. Per job in flight: heap and RSS growth of this process when one session
// (recording to a file) starts 10,000 jobs that are still working, against 10,000 plain pending
// setTimeout timers (the one thing a job in flight cannot do without). Per idle session: the
// growth of a server process when 1,000 MCP sessions over HTTP are opened and left idle,
// asynctool (each session an episode with its recording open) against the bare SDK server.
// Memory is read after forced GC. The two sides of each part alternate, the order rotated per
// repetition.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { overHttp, startServerChild } from "../lib/clients.mjs";
import { load } from "../lib/dist.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { benchScenario } from "../lib/scenario.mjs";
import { pool, settledMemory } from "../lib/stats.mjs";
import { rotated } from "../lib/throughput.mjs";

const { EpisodeSession } = await load("mcp/episode-session.js");
const { serverInfo } = await load("paths.js");

await runFigure("Memory", async ({ reps, quick }) => {
  const jobs = quick ? 1000 : 10_000;
  const sessions = quick ? 100 : 1000;
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-memory-"));
  // Ten minutes: nothing finishes while it is measured.
  const scenario = benchScenario({ mode: "async", clock: "wall", unitMs: 1, latency: 600_000 });

  const productJobs = async (rep) => {
    const session = new EpisodeSession({
      scenario,
      seed: rep,
      recordingsDir: join(dir, `jobs-${rep}`),
      server: serverInfo,
      sessionId: `memory-${rep}`,
    });
    session.start();
    const signal = new AbortController().signal;
    // One call first, so that what every session has once is not counted per job.
    await session.callTool("lookup", { q: "first" }, { signal });
    const before = await settledMemory();
    for (let i = 0; i < jobs; i++) await session.callTool("lookup", { q: `key-${i}` }, { signal });
    const after = await settledMemory();
    session.close("finished", "measured");
    return { heap: (after.heapUsed - before.heapUsed) / jobs, rss: (after.rss - before.rss) / jobs };
  };
  const plainTimers = async () => {
    const before = await settledMemory();
    const handles = [];
    for (let i = 0; i < jobs; i++) handles.push(setTimeout(() => {}, 600_000 + i / 7));
    const after = await settledMemory();
    for (const h of handles) clearTimeout(h);
    return { heap: (after.heapUsed - before.heapUsed) / jobs, rss: (after.rss - before.rss) / jobs };
  };

  const perSession = async (kind, options) => {
    const server = await startServerChild(kind, options);
    try {
      const warm = await overHttp(server.url);
      await warm.close();
      const before = (await server.memory()).memory;
      const clients = await pool(
        Array.from({ length: sessions }, (_, i) => i),
        32,
        () => overHttp(server.url, { list: false }),
      );
      const { memory: after, sessions: open } = await server.memory();
      if (open < sessions) throw new Error(`${kind}: only ${open} of ${sessions} sessions open`);
      await pool(clients, 32, (c) => c.close());
      return {
        heap: (after.heapUsed - before.heapUsed) / sessions,
        rss: (after.rss - before.rss) / sessions,
      };
    } finally {
      await server.close();
    }
  };

  const job = { product: [], plain: [] };
  const session = { product: [], bare: [] };
  try {
    await productJobs(0); // warm-up: code loaded and compiled before anything is counted
    await plainTimers();
    for (let r = 0; r < reps; r++) {
      let p;
      let b;
      for (const side of rotated(["product", "plain"], r)) {
        if (side === "product") p = await productJobs(r + 1);
        else b = await plainTimers();
      }
      job.product.push(p);
      job.plain.push(b);
      log(
        `rep ${r + 1}: per job heap ${p.heap.toFixed(0)} B, RSS ${p.rss.toFixed(0)} B; plain timer heap ${b.heap.toFixed(0)} B, RSS ${b.rss.toFixed(0)} B`,
      );
    }
    const sessionReps = quick ? 1 : Math.max(1, Math.min(reps, 2));
    for (let r = 0; r < sessionReps; r++) {
      let p;
      let b;
      for (const side of rotated(["product", "bare"], r)) {
        if (side === "product") {
          p = await perSession("product-http", {
            scenario: { mode: "async", clock: "wall", unitMs: 1, latency: 1000 },
            recordingsDir: join(dir, `sessions-${r}`),
            maxSessions: sessions + 10,
          });
        } else {
          b = await perSession("bare-http");
        }
      }
      session.product.push(p);
      session.bare.push(b);
      log(
        `rep ${r + 1}: per idle session heap ${(p.heap / 1024).toFixed(1)} KB, RSS ${(p.rss / 1024).toFixed(1)} KB; bare heap ${(b.heap / 1024).toFixed(1)} KB, RSS ${(b.rss / 1024).toFixed(1)} KB`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pick = (xs, k, scale = 1) => xs.map((x) => x[k] / scale);
  return {
    rows: [
      row({
        id: "4 job heap",
        measure: `heap per job in flight (${jobs / 1000}k jobs)`,
        unit: "B",
        value: pick(job.product, "heap"),
        baseline: pick(job.plain, "heap"),
        baselineLabel: "plain pending setTimeout",
        goal: { on: "value", op: "<=", target: 2048, text: "≤ 2 KB" },
      }),
      row({
        id: "4 job rss",
        measure: `RSS per job in flight (${jobs / 1000}k jobs)`,
        unit: "B",
        value: pick(job.product, "rss"),
        baseline: pick(job.plain, "rss"),
        baselineLabel: "plain pending setTimeout",
        goal: { on: "value", op: "<=", target: 2048, text: "≤ 2 KB" },
      }),
      row({
        id: "4 session heap",
        measure: `heap per idle HTTP session (${sessions} sessions)`,
        unit: "KB",
        value: pick(session.product, "heap", 1024),
        baseline: pick(session.bare, "heap", 1024),
        baselineLabel: "bare SDK server session",
        goal: { on: "value", op: "<=", target: 200, text: "≤ 200 KB" },
      }),
      row({
        id: "4 session rss",
        measure: `RSS per idle HTTP session (${sessions} sessions)`,
        unit: "KB",
        value: pick(session.product, "rss", 1024),
        baseline: pick(session.bare, "rss", 1024),
        baselineLabel: "bare SDK server session",
        goal: { on: "value", op: "<=", target: 200, text: "≤ 200 KB" },
      }),
    ],
  };
});
