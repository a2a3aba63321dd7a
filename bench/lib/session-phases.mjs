// Figure 8's session, phase by phase, in one process: asynctool's HTTP server (built as `serve -t
// http` builds it: recording to files, the dashboard's live registry, the job directory, warnings
// logged) or the bare SDK echo server (bench/lib/bare.mjs), and one lean client making sessions one
// at a time, each of figure 8's shape: open (initialize, initialized), 10 calls at once (`lookup`
// starting a job of 5–15 ms on the wall clock; the bare server's echo), a quiet wait while the
// jobs end on their timers (the bare server has nothing to do), one `wait_for_jobs` on the ten
// (an echo), DELETE and a quiet 10 ms (the recording's fsync and close on the thread pool). The
// client is the same on both sides, so the difference between the sides is the servers'.
//   node --expose-gc bench/lib/session-phases.mjs product|bare SESSIONS [WARM]
//     prints, per phase, the median CPU time (process.cpuUsage, µs, the thread pool's included; the
//     kernel's part, system, beside) and the median bytes allocated
//     (heapUsed growth, from phases no collection ran in: run with --max-semi-space-size=64
//     --min-semi-space-size=64 for most of them to count)
//   valgrind --tool=callgrind --dump-instr=no --smc-check=all-non-file node \
//     bench/lib/session-phases.mjs product|bare SESSIONS 0 count
//     makes the sessions and prints nothing per phase: the difference of two sizes' totals,
//     divided by the sessions between them, is one session's instructions (both sides of it)
//   strace -c -f -o FILE node bench/lib/session-phases.mjs product|bare SESSIONS 0 count
// RECORDING=memory records in memory (no file: its creation, the writes, the fsync), and
// RECORDING=nofsync to files whose fsync at the end is skipped (a diagnostic: the product always
// syncs): what the file costs each phase.
// SHAPE=nowait leaves the wait out, SHAPE=open makes no call (open, DELETE), SHAPE=cancel starts
// jobs of 60 s that the DELETE ends (none ends on its timer): differences of their counts split a
// session's instructions by phase where a run of callgrind cannot be split.
import * as fs from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { startBareHttpServer } from "./bare.mjs";
import { load } from "./dist.mjs";
import { leanAgent, openLeanSession } from "./lean-http.mjs";
import { benchScenario } from "./scenario.mjs";
import { median, sleep } from "./stats.mjs";

const [side, sessionsArg, warmArg = "20", form = "phases"] = process.argv.slice(2);
const sessions = Number(sessionsArg);
const warm = Number(warmArg);
if (!["product", "bare"].includes(side) || !Number.isInteger(sessions) || !Number.isInteger(warm)) {
  console.error("usage: node bench/lib/session-phases.mjs product|bare SESSIONS [WARM] [count]");
  process.exit(2);
}
const JOBS_EACH = 10;
const shape = process.env.SHAPE ?? "full";
const recording = process.env.RECORDING ?? "file";
const fsWrites = { writeSync: fs.writeSync, closeSync: fs.closeSync };
const [MIN, MAX] = shape === "cancel" ? [60_000, 60_000] : [5, 15];
const PHASES = ["open", "calls", "ends", "wait", "delete"];

async function startProduct(dir) {
  const { startHttpServer } = await load("transports/http.js");
  const { Catalogue } = await load("scenarios/catalogue.js");
  const { serverInfo } = await load("paths.js");
  const { createLogger } = await load("log.js");
  const scenario = benchScenario({
    mode: "async",
    clock: "wall",
    latency: { uniform: { min: MIN, max: MAX } },
  });
  const server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue: new Catalogue([scenario]),
    defaultScenario: scenario.id,
    maxSessions: 100_000,
    maxSessionsPerClient: 100_000,
    sessionIdleMs: 3_600_000,
    unusedSessionMs: 3_600_000,
    logger: createLogger("warn"),
    session: {
      seed: 1,
      timeScale: 1,
      recordingsDir: recording === "memory" ? null : join(dir, "rec"),
      server: serverInfo,
      settings: { inlineMs: 0, waitCapMs: 25_000 },
      notices: false,
      ...(recording === "nofsync"
        ? { recordingIo: { ...fsWrites, fsync: (_fd, done) => setImmediate(done, null) } }
        : {}),
      limits: { maxCallsPerSecond: 1_000_000, maxJobs: 1_000_000, maxRecordingBytes: 1e9 },
    },
  });
  return { url: server.url, tool: "lookup", close: () => server.close() };
}

async function startBare() {
  const server = await startBareHttpServer(0);
  return { url: server.url, tool: "echo", close: () => server.close() };
}

const dir = mkdtempSync(join(tmpdir(), "asynctool-session-phases-"));
const server = side === "product" ? await startProduct(dir) : await startBare();
const agent = leanAgent(16);

let collections = 0;
new PerformanceObserver((list) => {
  collections += list.getEntries().length;
}).observe({ entryTypes: ["gc"] });

/** One session; `mark(phase)` is called at the end of each phase. */
async function session(k, mark) {
  const s = await openLeanSession(server.url, agent);
  mark("open");
  if (shape === "open") {
    await s.close();
    await sleep(10);
    mark("delete");
    return;
  }
  const answers = await Promise.all(
    Array.from({ length: JOBS_EACH }, (_, j) => s.call(server.tool, { q: `s${k}-j${j}` })),
  );
  for (const answer of answers)
    if (answer.isError) throw new Error(`session ${k}: ${answer.content[0]?.text}`);
  mark("calls");
  if (shape !== "cancel") await sleep(MAX + 10);
  mark("ends");
  if (shape === "nowait" || shape === "cancel") {
    await s.close();
    await sleep(10);
    mark("delete");
    return;
  }
  const ids = answers.map((answer) => answer.structuredContent?.job_id);
  const waited =
    side === "product"
      ? await s.call("wait_for_jobs", { job_ids: ids, mode: "all" })
      : await s.call(server.tool, { q: `s${k}-wait` });
  if (waited.isError || waited.structuredContent?.timed_out) throw new Error(`session ${k}: the wait failed`);
  if (side === "product" && !waited.structuredContent.jobs.every((job) => job.status === "completed"))
    throw new Error(`session ${k}: a job did not complete`);
  mark("wait");
  await s.close();
  await sleep(10);
  mark("delete");
}

try {
  const cpu = Object.fromEntries(PHASES.map((p) => [p, []]));
  const sys = Object.fromEntries(PHASES.map((p) => [p, []]));
  const bytes = Object.fromEntries(PHASES.map((p) => [p, []]));
  for (let k = 0; k < warm + sessions; k++) {
    if (form === "count" || k < warm) {
      await session(k, () => {});
      continue;
    }
    globalThis.gc?.();
    // The observer hears of a collection a turn or two after it: let it count the forced one.
    await sleep(1);
    let lastCpu = process.cpuUsage();
    let lastHeap = process.memoryUsage().heapUsed;
    let lastCollections = collections;
    await session(k, (phase) => {
      const nowCpu = process.cpuUsage();
      const nowHeap = process.memoryUsage().heapUsed;
      cpu[phase].push(nowCpu.user + nowCpu.system - lastCpu.user - lastCpu.system);
      sys[phase].push(nowCpu.system - lastCpu.system);
      if (collections === lastCollections) bytes[phase].push(nowHeap - lastHeap);
      lastCpu = nowCpu;
      lastHeap = nowHeap;
      lastCollections = collections;
    });
  }
  if (form !== "count") {
    let cpuTotal = 0;
    let sysTotal = 0;
    let bytesTotal = 0;
    // A shape without some phases (SHAPE=open, nowait, cancel) prints the ones it has.
    for (const phase of PHASES.filter((p) => cpu[p].length > 0)) {
      const c = median(cpu[phase]);
      const b = bytes[phase].length ? median(bytes[phase]) : Number.NaN;
      const k = median(sys[phase]);
      cpuTotal += c;
      sysTotal += k;
      bytesTotal += b;
      console.log(
        `${side} ${phase.padEnd(6)} cpu ${c.toFixed(0).padStart(6)} µs (system ${k.toFixed(0).padStart(5)})  bytes ${(b / 1024).toFixed(1).padStart(7)} KB (${bytes[phase].length} of ${cpu[phase].length} phases without a collection)`,
      );
    }
    console.log(
      `${side} total  cpu ${cpuTotal.toFixed(0).padStart(6)} µs (system ${sysTotal.toFixed(0).padStart(5)})  bytes ${(bytesTotal / 1024).toFixed(1).padStart(7)} KB`,
    );
  } else console.log(`${warm + sessions} sessions made`);
} finally {
  agent.destroy();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
