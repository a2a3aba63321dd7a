// Figure 8. Many sessions, starts overlapping finishes: 1,000 MCP sessions over HTTP (lean
// clients, bench/lib/lean-http.mjs) against `asynctool serve -t http` recording to files, each
// session opening, starting 10 jobs at once (wall clock, latencies uniform in 1–3 s), waiting
// for them with wait_for_jobs and closing. Sessions start on a fixed schedule (open loop) at
// half the server's saturating request rate, measured first, so that jobs end while later
// sessions are still starting theirs. Checked: every job completes. Measured: the jobs'
// lateness (from the recordings), against a probe of plain setTimeout timers run in the same
// server process over the same window, and the server's RSS at the middle of the run.
// Run alone: `node bench/figures/8-many-sessions.mjs '{"sessions":300}'` runs 300 sessions;
// BENCH_SERVER_PROF=DIR profiles the server, BENCH_SERVER_ARGS="--trace-gc …" hands it Node flags.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCliServer } from "../lib/cli-server.mjs";
import { load } from "../lib/dist.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { latenessOf } from "../lib/lateness.mjs";
import { leanAgent, openLeanSession } from "../lib/lean-http.mjs";
import { writeBenchScenario } from "../lib/scenario.mjs";
import { latenessSummary, sleep } from "../lib/stats.mjs";
import { slice } from "../lib/throughput.mjs";

const { readRecording } = await load("recorder/reader.js");

const JOBS_EACH = 10;
const [MIN, MAX] = [1000, 3000];
/** HTTP requests of one session: initialize, initialized, the jobs, one wait, DELETE. */
const REQUESTS_EACH = 2 + JOBS_EACH + 1 + 1;

await runFigure("Many sessions", async ({ quick, sessions: asked }) => {
  const sessions = asked ?? (quick ? 50 : 1000);
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-sessions-"));
  const recordings = join(dir, "recordings");
  const scenarioFile = writeBenchScenario(dir, {
    mode: "async",
    clock: "wall",
    unitMs: 1,
    latency: { uniform: { min: MIN, max: MAX } },
  });
  const server = await startCliServer(
    ["--scenario", scenarioFile, "--recordings", recordings],
    [
      ...(process.env.BENCH_SERVER_PROF
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`]
        : []),
      ...(process.env.BENCH_SERVER_ARGS ? process.env.BENCH_SERVER_ARGS.split(" ") : []),
    ],
  );
  const agent = leanAgent(4096);
  try {
    const idle = await server.memory();
    // The saturating rate: 64 lean clients calling back to back, each call an instant one
    // (`?mode=instant`: the same work, no job left in flight to disturb what follows).
    const instant = { url: `${server.url}?mode=instant`, tool: "lookup", server };
    await slice(instant, { clients: 64, sliceSeconds: quick ? 0.2 : 0.5 });
    const saturated = await slice(instant, { clients: 64, sliceSeconds: quick ? 0.5 : 2 });
    const saturating = saturated.calls / (saturated.ms / 1000);
    const rate = saturating / 2;
    const interval = (REQUESTS_EACH / rate) * 1000;
    log(
      `saturating rate ${saturating.toFixed(0)} calls/s; sessions start every ${interval.toFixed(1)} ms (${(rate).toFixed(0)} requests/s)`,
    );

    let inFlight = 0;
    let maxInFlight = 0;
    let completed = 0;
    let other = 0;
    const one = async (k) => {
      const s = await openLeanSession(server.url, agent);
      await Promise.all(
        Array.from({ length: JOBS_EACH }, async (_, j) => {
          const result = await s.call("lookup", { q: `s${k}-j${j}` });
          if (result.isError) throw new Error(`session ${k}: ${result.content[0]?.text}`);
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          return result.structuredContent.job_id;
        }),
      ).then(async (ids) => {
        // From shortly before the first can end: one wait per session, answered when all have.
        await sleep(MIN - 200);
        for (;;) {
          const result = await s.call("wait_for_jobs", { job_ids: ids, mode: "all" });
          if (result.isError) throw new Error(`session ${k}: ${result.content[0]?.text}`);
          const { jobs, timed_out: timedOut } = result.structuredContent;
          if (timedOut) continue;
          inFlight -= jobs.length;
          for (const job of jobs) {
            if (job.status === "completed") completed += 1;
            else other += 1;
          }
          return;
        }
      });
      await s.close();
    };

    const span = sessions * interval + MAX;
    const probe = server.probe({ count: 1000, min: 0, max: span });
    const t0 = performance.now();
    const running = [];
    let peak = null;
    for (let k = 0; k < sessions; k++) {
      await sleep(t0 + k * interval - performance.now());
      running.push(one(k));
      if (k === Math.floor(sessions / 2)) peak = server.memory();
    }
    const startSeconds = (performance.now() - t0) / 1000;
    await Promise.all(running);
    const totalSeconds = (performance.now() - t0) / 1000;
    const plain = await probe;
    const middle = await peak;
    log(
      `${sessions} sessions started over ${startSeconds.toFixed(1)} s, all done after ${totalSeconds.toFixed(1)} s: ${completed} jobs completed, ${other} not; at most ${maxInFlight} in flight`,
    );
    await server.close();

    const lateness = [];
    let recorded = 0;
    let notCompleted = 0;
    let paced = 0;
    for (const file of readdirSync(recordings)) {
      const recording = await readRecording(join(recordings, file));
      // The saturation's sessions (instant calls, no jobs) are not part of the figure.
      if (recording.header.mode === "instant") continue;
      paced += 1;
      const got = latenessOf(recording);
      for (const x of got.lateness) lateness.push(x);
      recorded += got.jobs;
      notCompleted += got.notCompleted;
    }
    const s = latenessSummary(lateness);
    const b = latenessSummary(plain);
    log(
      `lateness ms: jobs p50 ${s.p50.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(2)}; plain timers p50 ${b.p50.toFixed(2)} p99 ${b.p99.toFixed(2)} max ${b.max.toFixed(2)}`,
    );
    const all = sessions * JOBS_EACH;
    const every = completed === all && lateness.length === all && notCompleted === 0;
    const mb = (bytes) => bytes / (1024 * 1024);
    return {
      rows: [
        row({
          id: "8 completed",
          measure: `jobs completed, ${sessions} HTTP sessions × ${JOBS_EACH}, starts overlapping finishes`,
          unit: "jobs",
          value: [completed],
          goal: { on: "value", op: ">=", target: all, text: `all ${all}` },
          note: `${recorded} jobs in ${paced} recordings; saturating rate ${saturating.toFixed(0)} calls/s, sessions started at half of it (${rate.toFixed(0)} requests/s) over ${startSeconds.toFixed(1)} s, jobs of ${MIN / 1000}–${MAX / 1000} s, at most ${maxInFlight} in flight; done after ${totalSeconds.toFixed(1)} s`,
        }),
        row({
          id: "8 lateness",
          measure: `timer lateness p99, ${all} jobs over ${sessions} sessions at half the saturating rate`,
          unit: "ms",
          value: [s.p99],
          baseline: [b.p99],
          baselineLabel: "plain setTimeout probe, same process and window",
          difference: true,
          goal: { on: "value", op: "<=", target: 5, text: "p99 ≤ 5 ms" },
          note: `p50 ${s.p50.toFixed(2)} ms, max ${s.max.toFixed(1)} ms (probe: p50 ${b.p50.toFixed(2)}, max ${b.max.toFixed(1)}); the ratio column is the difference (ms)`,
        }),
        row({
          id: "8 rss",
          measure: `server RSS, ${sessions} sessions started at half the saturating rate, halfway`,
          unit: "MB",
          value: [mb(middle.rss)],
          baseline: [mb(idle.rss)],
          baselineLabel: "the same server idle",
          note: `read without forced GC; heap ${mb(middle.heapUsed).toFixed(0)} MB (idle ${mb(idle.heapUsed).toFixed(0)} MB)`,
        }),
      ],
      ok: every,
      ...(every ? {} : { error: `not every job completed: ${completed} completed, ${other} not` }),
    };
  } finally {
    agent.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
