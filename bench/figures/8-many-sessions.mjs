// Figure 8. 1,000 concurrent MCP sessions over HTTP, each with 10 jobs in flight (wall clock,
// latencies uniform in 40–45 s, so that all 10,000 are in flight together), every session
// recording to a file. Checked: every job completes (each client waits for its jobs with
// wait_for_jobs from shortly before they are due). Measured: lateness of the jobs (from the
// recordings), against plain setTimeout timers run in the same server process over the same
// window (how late that process's event loop was anyway), and the server's RSS with everything
// in flight, against its RSS before.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { overHttp, startServerChild } from "../lib/clients.mjs";
import { load } from "../lib/dist.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { latenessOf } from "../lib/lateness.mjs";
import { latenessSummary, pool, sleep } from "../lib/stats.mjs";

const { readRecording } = await load("recorder/reader.js");

await runFigure("Many sessions", async ({ quick }) => {
  const sessions = quick ? 100 : 1000;
  const jobsEach = 10;
  // Starting 10,000 jobs takes the SDK's HTTP client 15–30 s of CPU on a 2-core machine: the
  // shortest latency must outlast that, or jobs end while others are still being started.
  const [min, max] = quick ? [4000, 6000] : [40_000, 45_000];
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-sessions-"));
  const recordings = join(dir, "recordings");
  const server = await startServerChild(
    "product-http",
    {
      scenario: { mode: "async", clock: "wall", unitMs: 1, latency: { uniform: { min, max } } },
      recordingsDir: recordings,
      maxSessions: sessions + 10,
    },
    process.env.BENCH_SERVER_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [],
  );
  try {
    const idle = (await server.memory()).memory;
    let t0 = performance.now();
    const clients = await pool(
      Array.from({ length: sessions }, (_, i) => i),
      50,
      () => overHttp(server.url, { list: false }),
    );
    const connectSeconds = (performance.now() - t0) / 1000;
    log(`${sessions} sessions open in ${connectSeconds.toFixed(1)} s`);

    t0 = performance.now();
    const startedAt = [];
    const jobIds = await pool(clients, 50, (c, k) => {
      startedAt[k] = performance.now();
      return Promise.all(
        Array.from({ length: jobsEach }, async (_, j) => {
          const result = await c.call("lookup", { q: `s${k}-j${j}` });
          if (result.isError) throw new Error(`session ${k}: ${result.content[0]?.text}`);
          return result.structuredContent.job_id;
        }),
      );
    });
    const startSeconds = (performance.now() - t0) / 1000;
    log(`${sessions * jobsEach} jobs started in ${startSeconds.toFixed(1)} s`);
    // Plain timers over the window in which the jobs finish: from `min` after the first job
    // started to `max` after the last one did.
    const probe = server.ask(
      { cmd: "probe", count: 1000, min: Math.max(0, min - startSeconds * 1000), max },
      "probe",
    );
    const peak = (await server.memory(true)).memory;

    let completed = 0;
    let other = 0;
    let retried = 0;
    await pool(clients, sessions, async (c, k) => {
      // Each client waits only from shortly before its jobs are due: a wait is capped at 25 s,
      // and a thousand of them timing out and called again at once would be a burst of requests
      // in the middle of the window measured.
      await sleep(startedAt[k] + min - 5000 - performance.now());
      for (;;) {
        let result;
        try {
          result = await c.call("wait_for_jobs", { job_ids: jobIds[k], mode: "all" });
        } catch (error) {
          // A pooled keep-alive socket closed under a request ("fetch failed"): waiting again is harmless.
          if (!String(error?.message).includes("fetch failed") || ++retried > 50) throw error;
          continue;
        }
        if (result.isError) throw new Error(`session ${k}: ${result.content[0]?.text}`);
        const { jobs, timed_out: timedOut } = result.structuredContent;
        if (timedOut) continue;
        for (const job of jobs) {
          if (job.status === "completed") completed += 1;
          else other += 1;
        }
        return;
      }
    });
    const plain = (await probe).probe;
    const totalSeconds = (performance.now() - t0) / 1000;
    log(
      `all waits returned after ${totalSeconds.toFixed(1)} s: ${completed} completed, ${other} not${retried ? ` (${retried} waits retried after a dropped connection)` : ""}`,
    );
    await pool(clients, 50, (c) => c.close());
    await server.close();

    const lateness = [];
    let recorded = 0;
    let notCompleted = 0;
    let maxInFlight = 0;
    for (const file of readdirSync(recordings)) {
      const recording = await readRecording(join(recordings, file));
      const one = latenessOf(recording);
      lateness.push(...one.lateness);
      recorded += one.jobs;
      notCompleted += one.notCompleted;
    }
    // The first job ends no sooner than `min` after the start phase began: were all started by then?
    maxInFlight = startSeconds * 1000 < min ? sessions * jobsEach : Number.NaN;
    const s = latenessSummary(lateness);
    const b = latenessSummary(plain);
    log(
      `lateness ms: jobs p50 ${s.p50.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(2)}; plain timers p50 ${b.p50.toFixed(2)} p99 ${b.p99.toFixed(2)} max ${b.max.toFixed(2)}`,
    );
    const every =
      completed === sessions * jobsEach && lateness.length === sessions * jobsEach && notCompleted === 0;
    const mb = (bytes) => bytes / (1024 * 1024);
    return {
      rows: [
        row({
          id: "8 completed",
          measure: `jobs completed, ${sessions} HTTP sessions × ${jobsEach} in flight`,
          unit: "jobs",
          value: [completed],
          goal: { on: "value", op: ">=", target: sessions * jobsEach, text: `all ${sessions * jobsEach}` },
          note: `${recorded} jobs in ${readdirSync(recordings).length} recordings; ${Number.isNaN(maxInFlight) ? "the start phase outlasted the shortest latency, so not all were in flight at once" : "all in flight at once"}; sessions opened in ${connectSeconds.toFixed(1)} s, jobs started in ${startSeconds.toFixed(1)} s`,
        }),
        row({
          id: "8 lateness",
          measure: `timer lateness p99, ${sessions * jobsEach} jobs over ${sessions} sessions`,
          unit: "ms",
          value: [s.p99],
          baseline: [b.p99],
          baselineLabel: "plain setTimeout, same process and window",
          difference: true,
          note: `p50 ${s.p50.toFixed(2)} ms, max ${s.max.toFixed(1)} ms (plain timers: p50 ${b.p50.toFixed(2)}, max ${b.max.toFixed(1)}); the ratio column is the difference (ms)`,
        }),
        row({
          id: "8 rss",
          measure: `server RSS, ${sessions} sessions × ${jobsEach} jobs in flight`,
          unit: "MB",
          value: [mb(peak.rss)],
          baseline: [mb(idle.rss)],
          baselineLabel: "the same server idle",
          note: `read without forced GC, all jobs in flight; heap ${mb(peak.heapUsed).toFixed(0)} MB (idle ${mb(idle.heapUsed).toFixed(0)} MB, after GC)`,
        }),
      ],
      ok: every,
      ...(every ? {} : { error: `not every job completed: ${completed} completed, ${other} not` }),
    };
  } finally {
    if (server.child.exitCode === null) await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
