// A session's ten calls and its ten jobs' ends without HTTP: `EpisodeSession` alone, recording to
// files in a temporary directory, figure 8's calls (`lookup`, jobs of 5–15 ms on the wall clock).
// "hand": the engine's timers are fired by hand, one per turn of the event loop (then the
// recording's safety net runs), without the loop sleeping between them: the ends' own work with
// warm caches. "real": the system's timers, a quiet 16 ms. Prints the medians, after 50 sessions,
// of the ten calls' CPU time (the episode's start and its file's creation included) and bytes, and
// of the ten ends'.
//   node --max-semi-space-size=64 --min-semi-space-size=64 bench/lib/job-ends.mjs 300 hand|real
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "./dist.mjs";
import { benchScenario } from "./scenario.mjs";
import { median } from "./stats.mjs";

const { EpisodeSession } = await load("mcp/episode-session.js");
const { serverInfo } = await load("paths.js");

const sessions = Number(process.argv[2]);
const form = process.argv[3] ?? "hand";
if (!Number.isInteger(sessions) || sessions <= 50 || !["hand", "real"].includes(form)) {
  console.error("usage: node bench/lib/job-ends.mjs SESSIONS(>50) hand|real");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "asynctool-job-ends-"));
const scenario = benchScenario({ mode: "async", clock: "wall", latency: { uniform: { min: 5, max: 15 } } });
/** The timers set by the engine, fired by hand. */
let due = [];
const byHand = {
  now: () => performance.now(),
  setTimeout: (fn) => {
    const timer = { fn };
    due.push(timer);
    return timer;
  },
  clearTimeout: (timer) => {
    if (timer) timer.fn = null;
  },
};
const turn = () => new Promise((resolve) => setImmediate(resolve));
const signal = new AbortController().signal;
const calls = { cpu: [], bytes: [] };
const ends = { cpu: [], bytes: [] };
const cpuNow = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
try {
  for (let k = 0; k < sessions; k++) {
    const session = new EpisodeSession({
      scenario,
      seed: 1,
      recordingsDir: dir,
      server: serverInfo,
      sessionId: `s${k}`,
      ...(form === "hand" ? { realTime: byHand } : {}),
      limits: { maxCallsPerSecond: 1e6, maxJobs: 1e6, maxRecordingBytes: 1e9 },
    });
    let cpu = cpuNow();
    let heap = process.memoryUsage().heapUsed;
    for (let j = 0; j < 10; j++) await session.callTool("lookup", { q: `s${k}-j${j}` }, { signal });
    if (k >= 50) {
      calls.cpu.push(cpuNow() - cpu);
      calls.bytes.push(process.memoryUsage().heapUsed - heap);
    }
    await turn();
    cpu = cpuNow();
    heap = process.memoryUsage().heapUsed;
    if (form === "hand") {
      const timers = due;
      due = [];
      for (const timer of timers) {
        timer.fn?.();
        await turn();
      }
    } else await new Promise((resolve) => setTimeout(resolve, 16));
    if (k >= 50) {
      ends.cpu.push(cpuNow() - cpu);
      ends.bytes.push(process.memoryUsage().heapUsed - heap);
    }
    session.close("completed");
    await session.closed();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const kb = (bytes) => (median(bytes) / 1024).toFixed(1);
console.log(
  `${form}: 10 calls ${median(calls.cpu).toFixed(0)} µs, ${kb(calls.bytes)} KB; 10 ends ${median(ends.cpu).toFixed(0)} µs, ${kb(ends.bytes)} KB (medians of ${sessions - 50} sessions)`,
);
