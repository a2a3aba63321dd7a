// The load test of the HTTP server: N concurrent MCP sessions (default 200), each run by the
// oracle through a whole episode in the wall clock at a small time scale, on loopback, in this
// process. It checks that every episode succeeds, every recording is complete and holds every
// call the client made, no session sees another's job, the sessions are all closed afterwards,
// and memory and timers return to their baseline. Run after a build: `npm run loadtest`
// (options: --sessions N, --time-scale X, --timeout SECONDS). Exit status 1 on any failure.
// It runs two waves of N sessions: a warm-up, then the measured one.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

// Forced GC is how the baseline is compared: re-run with it when it is missing.
if (typeof globalThis.gc !== "function") {
  const again = spawnSync(process.execPath, ["--expose-gc", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const { values: flags } = parseArgs({
  options: {
    sessions: { type: "string", default: "200" },
    "time-scale": { type: "string", default: "0.005" },
    timeout: { type: "string", default: "180" },
  },
});
const SESSIONS = Number(flags.sessions);
const TIME_SCALE = Number(flags["time-scale"]);
const TIMEOUT_S = Number(flags.timeout);
if (!Number.isInteger(SESSIONS) || SESSIONS < 1) throw new Error("--sessions takes a positive integer");
if (!(TIME_SCALE > 0)) throw new Error("--time-scale takes a positive number");
if (!(TIMEOUT_S > 0)) throw new Error("--timeout takes a positive number of seconds");

const dist = new URL("../dist/", import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const [
  { startHttpServer },
  { connectHttp },
  { runAgent },
  { Catalogue },
  { exampleScenariosDir },
  reader,
  metrics,
] = await Promise.all([
  load("transports/http.js"),
  load("client/connect.js"),
  load("agents/index.js"),
  load("scenarios/catalogue.js"),
  load("paths.js"),
  load("recorder/reader.js"),
  load("metrics/index.js"),
]);

const failures = [];
const fail = (message) => {
  failures.push(message);
  if (failures.length <= 20) console.error(`FAIL ${message}`);
};

// Bounded: whatever hangs, the run ends with status 1 within the timeout.
const hardStop = setTimeout(() => {
  console.error(`FAIL the load test did not finish within ${TIMEOUT_S} s`);
  process.exit(1);
}, TIMEOUT_S * 1000);

const MB = 1024 * 1024;
const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;

async function settledHeap() {
  performance.clearResourceTimings(); // fetch's timing entries: the client's, kept up to 250
  // Several rounds: finalizers and promise callbacks freed by one GC free more in the next.
  for (let i = 0; i < 6; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/** Active handles and requests by kind (timers, sockets...), as Node counts them. */
function resources() {
  const counts = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * Waits (bounded) until at most `limit` TCP sockets are open. Closed sessions leave idle
 * keep-alive connections, client and server side, that the HTTP layer closes after its
 * keep-alive timeout (4-5 s); their buffers would be counted as the sessions' memory otherwise.
 * No event says when the pool is empty, so this looks every 100 ms.
 */
async function socketsDrained(limit, boundMs = 15_000) {
  const until = performance.now() + boundMs;
  while ((resources().TCPSocketWrap ?? 0) > limit && performance.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return resources().TCPSocketWrap ?? 0;
}

const catalogue = await Catalogue.load([exampleScenariosDir]);
const scenarios = catalogue.ids().map((id) => catalogue.get(id));
const dir = mkdtempSync(join(tmpdir(), "asynctool-loadtest-"));
const server = await startHttpServer({
  host: "127.0.0.1",
  port: 0,
  catalogue,
  defaultScenario: undefined,
  maxSessions: Math.max(1_000, SESSIONS),
  // Every session of the load test comes from this one address.
  maxSessionsPerClient: Math.max(1_000, SESSIONS),
  session: {
    seed: 1,
    recordingsDir: dir,
    server: { name: "asynctool-mcp", version: "loadtest" },
    timeScale: TIME_SCALE,
    // Generous: the limiter runs on every call, but never refuses one.
    limits: { maxCallsPerSecond: 10_000 },
  },
});

/** An AgentTools that counts what the client saw: calls, answers, and every job id in them. */
function observed(tools) {
  const seen = { calls: 0, answers: 0, started: new Set(), jobs: new Set(), errors: 0 };
  const collect = (value, depth = 0) => {
    if (depth > 3 || typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) collect(item, depth + 1);
      return;
    }
    if (typeof value.job_id === "string") seen.jobs.add(value.job_id);
    for (const key of ["job", "jobs"]) if (key in value) collect(value[key], depth + 1);
  };
  return {
    seen,
    tools: {
      async call(name, args) {
        seen.calls += 1;
        const reply = await tools.call(name, args);
        seen.answers += 1;
        if (reply.isError) seen.errors += 1;
        const started = reply.structured?.job_id;
        if (!reply.isError && typeof started === "string" && reply.structured.tool === name)
          seen.started.add(started);
        collect(reply.structured);
        return reply;
      },
    },
  };
}

/** One session: connect, run the oracle through the episode, close. */
async function episode(index, url) {
  const scenario = scenarios[index % scenarios.length];
  const seed = 1 + index;
  const connection = await connectHttp(
    new URL(`${url}?scenario=${scenario.id}&seed=${seed}&mode=async&clock=wall`),
    { name: `loadtest-${index}`, version: "1" },
  );
  return { index, scenario, seed, connection, sessionId: connection.sessionId };
}

async function runOne(session) {
  const watch = observed(session.connection.tools);
  const summary = await runAgent("oracle", watch.tools, {
    scenario: session.scenario,
    seed: session.seed,
    mode: "async",
    clock: "wall",
  });
  await session.connection.close();
  // Not the connection: what is measured after the wave must not include what this script holds.
  const { index, scenario, seed, sessionId } = session;
  return { index, scenario, seed, sessionId, summary, seen: watch.seen };
}

// Warm-up: a whole wave of the same size first. The first wave at a given concurrency grows
// memory once and for all (JIT code, the HTTP client's pool of connection objects, Node's
// resource-timing buffer); the baseline is taken after it, so that what the measured wave
// leaves behind is what the sessions leaked.
const warmUp = await Promise.allSettled(
  Array.from({ length: SESSIONS }, async (_, i) => runOne(await episode(SESSIONS + i, server.url))),
);
for (const [i, outcome] of warmUp.entries()) {
  if (outcome.status === "rejected") fail(`warm-up session ${i}: ${outcome.reason?.stack ?? outcome.reason}`);
  else if (!outcome.value.summary.finished) fail(`warm-up session ${i}: the oracle did not finish`);
}
warmUp.length = 0;
for (const file of readdirSync(dir)) rmSync(join(dir, file));
await socketsDrained(0);
const heapBefore = await settledHeap();
const resourcesBefore = resources();
const started = performance.now();

// All sessions open at once (their live memory measured), then all episodes run at once.
const sessions = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => episode(i, server.url)));
const opened = performance.now();
const held = server.sessionCount();
if (held !== SESSIONS) fail(`${held} sessions open where ${SESSIONS} were opened`);
const heapOpen = await settledHeap();
let heapPeak = heapOpen;
const sampler = setInterval(() => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}, 50);
const outcomes = await Promise.allSettled(sessions.map(runOne));
sessions.length = 0;
clearInterval(sampler);
const wallMs = performance.now() - started;
const runMs = performance.now() - opened;

// Every recording: complete, a success, and holding every call the client made.
const files = readdirSync(dir);
const owner = new Map(); // job id -> session index
let succeeded = 0;
let events = 0;
let lost = 0;
for (const [i, outcome] of outcomes.entries()) {
  if (outcome.status === "rejected") {
    fail(`session ${i}: ${outcome.reason?.stack ?? outcome.reason}`);
    continue;
  }
  const { index, scenario, sessionId, seen, summary } = outcome.value;
  const file = files.find((f) => f.endsWith(`_${sessionId}.jsonl`));
  if (!file) {
    fail(`session ${index}: no recording for session ${sessionId}`);
    continue;
  }
  let recording;
  try {
    recording = await reader.readRecording(join(dir, file));
  } catch (error) {
    fail(`session ${index}: its recording does not read back: ${error.message}`);
    continue;
  }
  events += recording.events.length;
  const where = `session ${index} (${scenario.id}, seed ${outcome.value.seed})`;
  if (recording.truncated) fail(`${where}: the recording has no end line`);
  if (recording.end?.status !== "completed") fail(`${where}: the episode ended ${recording.end?.status}`);
  if (!summary.finished) fail(`${where}: the oracle did not finish`);
  const scored = metrics.computeMetrics(scenario, recording);
  if (scored.episodeSuccess === true) succeeded += 1;
  else fail(`${where}: episodeSuccess is ${scored.episodeSuccess}`);

  // Lost events: what the client saw against what the recording holds.
  const requests = recording.events.filter((e) => e.type === "request").length;
  const responses = recording.events.filter((e) => e.type === "response").length;
  const jobsRecorded = new Set(recording.events.filter((e) => e.type === "job").map((e) => e.job));
  const startedRecorded = new Set(
    recording.events.filter((e) => e.type === "job" && e.status === "working").map((e) => e.job),
  );
  const missing = [...seen.jobs].filter((job) => !jobsRecorded.has(job));
  const missingStarts = [...seen.started].filter((job) => !startedRecorded.has(job));
  const sessionLost =
    Math.max(0, seen.calls - requests) +
    Math.max(0, seen.answers - responses) +
    missing.length +
    missingStarts.length;
  if (sessionLost > 0)
    fail(
      `${where}: ${sessionLost} events lost (client: ${seen.calls} calls, ${seen.answers} answers, ${seen.jobs.size} jobs; recording: ${requests} requests, ${responses} responses, ${jobsRecorded.size} jobs)`,
    );
  if (requests !== seen.calls || responses !== seen.answers)
    fail(
      `${where}: the recording has ${requests}/${responses} requests/responses for ${seen.calls}/${seen.answers} seen`,
    );
  lost += sessionLost;

  // Isolation: a job id belongs to one session, seen only by it and recorded only in its log.
  for (const job of new Set([...seen.jobs, ...jobsRecorded])) {
    const other = owner.get(job);
    if (other !== undefined) fail(`job ${job} appears in sessions ${other} and ${index}`);
    owner.set(job, index);
  }
}

// Afterwards: no session left, memory, timers and sockets back to the baseline.
const heldAfter = server.sessionCount();
if (heldAfter !== 0) fail(`${heldAfter} sessions still open after every client closed`);
const socketsLeft = await socketsDrained(resourcesBefore.TCPSocketWrap ?? 0);
const heapAfter = await settledHeap();
const perSession = (heapOpen - heapBefore) / SESSIONS;
// What may remain: 2 MB of noise (JIT code, caches built lazily, the allocator's free lists)
// plus 10% of what the open sessions held. A leak of whole sessions (server and client side),
// or of every session's episode or recording, keeps far more than 10% of that footprint.
const allowed = 2 * MB + 0.1 * Math.max(0, heapOpen - heapBefore);
if (heapAfter - heapBefore > allowed)
  fail(`the heap grew by ${mb(heapAfter - heapBefore)} after every session closed (allowed ${mb(allowed)})`);
const resourcesAfter = resources();
for (const kind of new Set([...Object.keys(resourcesBefore), ...Object.keys(resourcesAfter)])) {
  const before = resourcesBefore[kind] ?? 0;
  const after = resourcesAfter[kind] ?? 0;
  if (after > before)
    fail(`${after - before} more ${kind} active than before the sessions (${before} → ${after})`);
}

await server.close();
clearTimeout(hardStop);
const peakRss = process.resourceUsage().maxRSS * 1024;
const rows = [
  ["sessions held at once", `${held}`],
  ["episodes succeeded", `${succeeded} / ${SESSIONS}`],
  ["events recorded", `${events}`],
  ["events lost", `${lost}`],
  ["jobs (all distinct)", `${owner.size}`],
  ["sessions open after close", `${heldAfter}`],
  [
    "wall time (open / run)",
    `${(wallMs / 1000).toFixed(2)} s (${((wallMs - runMs) / 1000).toFixed(2)} / ${(runMs / 1000).toFixed(2)}), time scale ${TIME_SCALE}`,
  ],
  ["peak RSS", mb(peakRss)],
  [
    "heap before / open / peak / after",
    `${mb(heapBefore)} / ${mb(heapOpen)} / ${mb(heapPeak)} / ${mb(heapAfter)}`,
  ],
  ["heap per open session", `${(perSession / 1024).toFixed(0)} kB`],
  ["heap growth allowed", `${mb(allowed)} (grew ${mb(heapAfter - heapBefore)})`],
  ["timers before / after", `${resourcesBefore.Timeout ?? 0} / ${resourcesAfter.Timeout ?? 0}`],
  ["sockets before / after", `${resourcesBefore.TCPSocketWrap ?? 0} / ${socketsLeft}`],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\nload test: ${SESSIONS} concurrent HTTP sessions, oracle, wall clock\n`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
if (failures.length === 0) {
  rmSync(dir, { recursive: true, force: true });
  console.log("\nload test passed");
} else {
  console.log(`\nload test FAILED (${failures.length} problems); recordings kept in ${dir}`);
}
process.exitCode = failures.length === 0 ? 0 : 1;
