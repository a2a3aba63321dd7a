// Figure 8. Many sessions, starts overlapping finishes: 1,000 MCP sessions over HTTP (lean
// clients, bench/lib/lean-http.mjs) against `asynctool serve -t http` recording to files, each
// session opening, starting 10 jobs at once (wall clock, latencies uniform in 1–3 s), waiting
// for them with wait_for_jobs and closing. Sessions start on a fixed schedule (open loop) at
// half the server's saturating request rate, measured first, so that jobs end while later
// sessions are still starting theirs. Checked: every job completes. Measured: the jobs'
// lateness (from the recordings), against a probe of plain setTimeout timers run in the same
// server process over the same window, and the server's RSS at the middle of the run.
// The baseline: the bare SDK echo server (bench/lib/bare.mjs) driven by the same pattern
// (sessions of 10 echo calls at once, one more call and DELETE when their jobs would have ended)
// at half ITS saturating rate, with the same probe: how late timers are in a server built on the
// SDK under that load alone. The two sides alternate, the order rotated per repetition (at most
// two repetitions: each side's schedule takes about 40 s), each in a fresh server process.
// Run alone: `node bench/figures/8-many-sessions.mjs '{"sessions":300}'` runs 300 sessions;
// '{"reps":1}' one repetition; BENCH_SERVER_PROF=DIR profiles the product server,
// BENCH_SERVER_ARGS="--trace-gc …" hands it Node flags (`--import ./bench/lib/stall-trace.mjs`:
// the gaps of its event loop, with what ran in them).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCliServer } from "../lib/cli-server.mjs";
import { startServerChild } from "../lib/clients.mjs";
import { load } from "../lib/dist.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { latenessOf } from "../lib/lateness.mjs";
import { leanAgent, openLeanSession } from "../lib/lean-http.mjs";
import { writeBenchScenario } from "../lib/scenario.mjs";
import { latenessSummary, median, sleep } from "../lib/stats.mjs";
import { rotated, slice } from "../lib/throughput.mjs";

const { readRecording } = await load("recorder/reader.js");

const JOBS_EACH = 10;
const [MIN, MAX] = [1000, 3000];
/** HTTP requests of one session: initialize, initialized, the jobs, one wait, DELETE. */
const REQUESTS_EACH = 2 + JOBS_EACH + 1 + 1;

/**
 * The open-loop schedule against one server: its saturating rate (64 lean clients calling
 * `tool` back to back at `instantUrl`), then `sessions` runs of `one(session, k)` started every
 * interval at half that rate, with the probe of plain timers in the server's process over the
 * window. Returns the rate, the probe's lateness, the server's CPU per session and the times.
 */
async function openLoop(server, { instantUrl, tool, sessions, quick, agent, one, halfway }) {
  const instant = { url: instantUrl, tool, server };
  await slice(instant, { clients: 64, sliceSeconds: quick ? 0.2 : 0.5 });
  const saturated = await slice(instant, { clients: 64, sliceSeconds: quick ? 0.5 : 2 });
  const saturating = saturated.calls / (saturated.ms / 1000);
  const rate = saturating / 2;
  const interval = (REQUESTS_EACH / rate) * 1000;
  const span = sessions * interval + MAX;
  const probe = server.probe({ count: 1000, min: 0, max: span });
  const cpu0 = await server.cpu();
  const t0 = performance.now();
  const running = [];
  let middle = null;
  for (let k = 0; k < sessions; k++) {
    await sleep(t0 + k * interval - performance.now());
    running.push(openLeanSession(server.url, agent).then((s) => one(s, k)));
    if (k === Math.floor(sessions / 2) && halfway) middle = halfway();
  }
  const startSeconds = (performance.now() - t0) / 1000;
  await Promise.all(running);
  const totalSeconds = (performance.now() - t0) / 1000;
  const cpu1 = await server.cpu();
  const cpuUs = cpu1.user + cpu1.system - cpu0.user - cpu0.system;
  return {
    saturating,
    rate,
    interval,
    startSeconds,
    totalSeconds,
    cpuPerSessionMs: cpuUs / sessions / 1000,
    probe: latenessSummary(await probe),
    middle: await middle,
  };
}

/** One repetition on asynctool: a fresh `serve -t http` recording to its own directory. */
async function asynctoolRun({ dir, rep, scenarioFile, sessions, quick, agent }) {
  const recordings = join(dir, `recordings-${rep}`);
  const server = await startCliServer(
    ["--scenario", scenarioFile, "--recordings", recordings],
    [
      ...(process.env.BENCH_SERVER_PROF
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`]
        : []),
      ...(process.env.BENCH_SERVER_ARGS ? process.env.BENCH_SERVER_ARGS.split(" ") : []),
    ],
  );
  try {
    const idle = await server.memory();
    let inFlight = 0;
    let maxInFlight = 0;
    let completed = 0;
    let other = 0;
    const one = async (s, k) => {
      const ids = await Promise.all(
        Array.from({ length: JOBS_EACH }, async (_, j) => {
          const result = await s.call("lookup", { q: `s${k}-j${j}` });
          if (result.isError) throw new Error(`session ${k}: ${result.content[0]?.text}`);
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          return result.structuredContent.job_id;
        }),
      );
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
        break;
      }
      await s.close();
    };
    const run = await openLoop(server, {
      instantUrl: `${server.url}?mode=instant`,
      tool: "lookup",
      sessions,
      quick,
      agent,
      one,
      halfway: () => server.memory(),
    });
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
    const jobs = latenessSummary(lateness);
    log(
      `asynctool: saturating ${run.saturating.toFixed(0)} calls/s, ${sessions} sessions started over ${run.startSeconds.toFixed(1)} s, done after ${run.totalSeconds.toFixed(1)} s; ${completed} jobs completed, ${other} not, at most ${maxInFlight} in flight; lateness ms: jobs p50 ${jobs.p50.toFixed(2)} p99 ${jobs.p99.toFixed(2)} max ${jobs.max.toFixed(2)}, probe p99 ${run.probe.p99.toFixed(2)}; server CPU ${run.cpuPerSessionMs.toFixed(2)} ms per session`,
    );
    const every = completed === sessions * JOBS_EACH && lateness.length === completed && notCompleted === 0;
    return { ...run, jobs, idle, completed, other, recorded, paced, maxInFlight, every };
  } finally {
    await server.close();
  }
}

/**
 * One repetition on the bare SDK echo server: each session makes its 10 calls at once, one more
 * call when its wait would have been sent, and closes when its slowest job would have ended.
 */
async function bareRun({ sessions, quick, agent }) {
  const server = await startServerChild("bare-http");
  try {
    const one = async (s, k) => {
      const calls = Array.from({ length: JOBS_EACH }, (_, j) => s.call("echo", { q: `s${k}-j${j}` }));
      const slowest = Math.max(...calls.map(() => MIN + Math.random() * (MAX - MIN)));
      const began = performance.now();
      for (const result of await Promise.all(calls))
        if (result.isError) throw new Error(`session ${k}: ${result.content[0]?.text}`);
      await sleep(began + MIN - 200 - performance.now());
      await s.call("echo", { q: `s${k}-wait` });
      await sleep(began + slowest - performance.now());
      await s.close();
    };
    const run = await openLoop(server, { instantUrl: server.url, tool: "echo", sessions, quick, agent, one });
    log(
      `bare SDK: saturating ${run.saturating.toFixed(0)} calls/s, ${sessions} sessions started over ${run.startSeconds.toFixed(1)} s, done after ${run.totalSeconds.toFixed(1)} s; probe p50 ${run.probe.p50.toFixed(2)} p99 ${run.probe.p99.toFixed(2)} max ${run.probe.max.toFixed(2)} ms; server CPU ${run.cpuPerSessionMs.toFixed(2)} ms per session`,
    );
    return run;
  } finally {
    await server.close();
  }
}

await runFigure("Many sessions", async ({ quick, sessions: asked, reps: askedReps }) => {
  const sessions = asked ?? (quick ? 50 : 1000);
  const reps = quick ? 1 : Math.max(1, Math.min(askedReps, 2));
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-sessions-"));
  const scenarioFile = writeBenchScenario(dir, {
    mode: "async",
    clock: "wall",
    unitMs: 1,
    latency: { uniform: { min: MIN, max: MAX } },
  });
  const agent = leanAgent(4096);
  const ours = [];
  const bare = [];
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const side of rotated(["asynctool", "bare"], rep)) {
        if (side === "asynctool")
          ours.push(await asynctoolRun({ dir, rep, scenarioFile, sessions, quick, agent }));
        else bare.push(await bareRun({ sessions, quick, agent }));
      }
    }
  } finally {
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const all = sessions * JOBS_EACH;
  const every = ours.every((r) => r.every);
  const mb = (bytes) => bytes / (1024 * 1024);
  const fixed = (xs, digits) => xs.map((x) => x.toFixed(digits)).join(", ");
  const last = ours[ours.length - 1];
  return {
    rows: [
      row({
        id: "8 completed",
        measure: `jobs completed, ${sessions} HTTP sessions × ${JOBS_EACH}, starts overlapping finishes`,
        unit: "jobs",
        value: ours.map((r) => r.completed),
        goal: { on: "value", op: ">=", target: all, text: `all ${all}` },
        note: `${last.recorded} jobs in ${last.paced} recordings; saturating rate ${fixed(
          ours.map((r) => r.saturating),
          0,
        )} calls/s, sessions started at half of it (${fixed(
          ours.map((r) => r.rate),
          0,
        )} requests/s) over ${fixed(
          ours.map((r) => r.startSeconds),
          1,
        )} s, jobs of ${MIN / 1000}–${MAX / 1000} s, at most ${Math.max(...ours.map((r) => r.maxInFlight))} in flight; done after ${fixed(
          ours.map((r) => r.totalSeconds),
          1,
        )} s`,
      }),
      row({
        id: "8 lateness",
        measure: `timer lateness p99, ${all} jobs over ${sessions} sessions at half the saturating rate`,
        unit: "ms",
        value: ours.map((r) => r.jobs.p99),
        baseline: ours.map((r) => r.probe.p99),
        baselineLabel: "plain setTimeout probe, same process and window",
        difference: true,
        goal: { on: "value", op: "<=", target: 5, text: "p99 ≤ 5 ms" },
        note: `p50 ${fixed(
          ours.map((r) => r.jobs.p50),
          2,
        )} ms, max ${fixed(
          ours.map((r) => r.jobs.max),
          1,
        )} ms (probe: p50 ${fixed(
          ours.map((r) => r.probe.p50),
          2,
        )}, max ${fixed(
          ours.map((r) => r.probe.max),
          1,
        )}); the ratio column is the difference (ms)`,
      }),
      row({
        id: "8 bare probe",
        measure: `probe timers' lateness p99, ${sessions} sessions × ${JOBS_EACH} calls at half the server's own saturating rate`,
        unit: "ms",
        value: ours.map((r) => r.probe.p99),
        baseline: bare.map((r) => r.probe.p99),
        baselineLabel: "bare SDK echo server, the same sessions at half its rate",
        difference: true,
        note: `bare SDK server: saturating rate ${fixed(
          bare.map((r) => r.saturating),
          0,
        )} calls/s, sessions started at ${fixed(
          bare.map((r) => r.rate),
          0,
        )} requests/s; probe p50 ${fixed(
          bare.map((r) => r.probe.p50),
          2,
        )} ms, max ${fixed(
          bare.map((r) => r.probe.max),
          1,
        )} ms; the ratio column is the difference (ms)`,
      }),
      row({
        id: "8 cpu",
        measure: `server CPU per session (initialize, ${JOBS_EACH} calls, a wait, DELETE), ${sessions} sessions at half the saturating rate`,
        unit: "ms",
        value: ours.map((r) => r.cpuPerSessionMs),
        baseline: bare.map((r) => r.cpuPerSessionMs),
        baselineLabel: "bare SDK echo server, the same requests",
        note: "the server process's CPU time over the schedule, divided by the sessions",
      }),
      row({
        id: "8 rss",
        measure: `server RSS, ${sessions} sessions started at half the saturating rate, halfway`,
        unit: "MB",
        value: ours.map((r) => mb(r.middle.rss)),
        baseline: ours.map((r) => mb(r.idle.rss)),
        baselineLabel: "the same server idle",
        note: `read without forced GC; heap ${median(ours.map((r) => mb(r.middle.heapUsed))).toFixed(0)} MB (idle ${median(ours.map((r) => mb(r.idle.heapUsed))).toFixed(0)} MB)`,
      }),
    ],
    ok: every,
    ...(every
      ? {}
      : {
          error: `not every job completed: ${fixed(
            ours.map((r) => r.completed),
            0,
          )} completed, ${fixed(
            ours.map((r) => r.other),
            0,
          )} not`,
        }),
  };
});
