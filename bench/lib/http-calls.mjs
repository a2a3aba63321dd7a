// One HTTP server child driven by N lean clients for a fixed number of calls, for counts of the
// server process per call (docs/performance.md, the 1-client paragraph of issue #17): the server
// answers figure 2's warm-up (5,000 calls by 8 clients, bench/lib/warm-up.mjs) first, then, at
// each concurrency, a fixed number of calls in fresh sessions (opened before, closed after the
// window). Around the window it reads the server's on-CPU time per thread from
// /proc/PID/task/*/schedstat (the main thread, V8's four worker threads, the rest: libuv's pool),
// its context switches, and this process's CPU time (the clients'); with "perf": true it also
// counts the server's system calls in the window, main thread and the others apart (`perf stat`
// on the kernel's syscall tracepoints, which costs the server far less than strace): the main
// thread's `epoll_pwait` count is the event loop's turns that polled.
//   node --expose-gc bench/lib/http-calls.mjs product|floor|bare '{"clients":[1,8],"calls":6000}'
// (options: clients, calls per concurrency, warmCalls, perf, heap (bytes allocated per call), reps,
// serveArgs: more arguments of `serve`, callgrind and callgrindDir: instructions per call, a dump
// per window, with node run by a script that starts it under valgrind --tool=callgrind, execArgv: the server's node flags, recordings: "off" for
// `serve --no-recordings`). Prints one JSON line per window, with its bounds on the monotonic
// clock (`monotonicUs`) for a CPU profile of the server (execArgv ["--cpu-prof", …]) read by
// bench/lib/profile-groups.mjs. Linux only.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCliServer } from "./cli-server.mjs";
import { startServerChild } from "./clients.mjs";
import { CALL_LINES_BYTES } from "./floor.mjs";
import { leanAgent, openLeanSession } from "./lean-http.mjs";
import { writeBenchScenario } from "./scenario.mjs";
import { pool } from "./stats.mjs";
import { warmUp } from "./warm-up.mjs";

const [kind = "", json = "{}"] = process.argv.slice(2);
const opt = { clients: [1, 8], calls: 6000, warmCalls: 5000, perf: false, reps: 1, ...JSON.parse(json) };
if (!["product", "floor", "bare"].includes(kind)) {
  console.error("usage: node bench/lib/http-calls.mjs product|floor|bare '{options}'");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "asynctool-http-calls-"));
// Under callgrind: `callgrind` names a script that runs node under valgrind --tool=callgrind
// (its dumps in `callgrindDir`); fork() starts the server with process.execPath, so it is that.
if (opt.callgrind) process.execPath = opt.callgrind;
const floorDir = join(dir, "floor");
mkdirSync(floorDir);
const scenarioFile = writeBenchScenario(dir, { mode: "instant", clock: "wall" });
const server =
  kind === "product"
    ? await startCliServer(
        [
          "--scenario",
          scenarioFile,
          ...(opt.recordings === "off" ? ["--no-recordings"] : ["--recordings", join(dir, "recordings")]),
          ...(opt.serveArgs ?? []),
        ],
        opt.execArgv ?? [],
      )
    : await startServerChild(
        "bare-http",
        kind === "floor" ? { durable: { dir: floorDir, lineBytes: CALL_LINES_BYTES } } : {},
        opt.execArgv ?? [],
      );
const side = { url: server.url, tool: kind === "product" ? "lookup" : "echo" };
const pid = server.child.pid;

/** Dumps callgrind's counts since the last zeroing or dump; returns the instructions (Ir) of all threads. */
function dumpedInstructions() {
  const before = new Set(readdirSync(opt.callgrindDir));
  execFileSync("callgrind_control", ["-d", String(pid)], { stdio: "ignore" });
  let total = 0;
  for (const file of readdirSync(opt.callgrindDir)) {
    if (before.has(file) || !file.includes(String(pid))) continue;
    const found = /^(?:summary|totals):\s+(\d+)/m.exec(readFileSync(join(opt.callgrindDir, file), "utf8"));
    total += Number(found?.[1] ?? Number.NaN);
  }
  return total;
}

/** The server's heapUsed, without a collection. */
async function heapUsed() {
  const m = kind === "product" ? await server.memory() : (await server.memory(true)).memory;
  return m.heapUsed;
}

/** On-CPU ns per thread (schedstat), by thread id in the order of creation, and context switches. */
function threads() {
  const out = new Map();
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
      const status = readFileSync(`/proc/${pid}/task/${t}/status`, "utf8");
      const sw = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      out.set(Number(t), { ns, vol: sw("voluntary_ctxt_switches"), invol: sw("nonvoluntary_ctxt_switches") });
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return out;
}

const SYSCALLS = [
  "epoll_pwait",
  "futex",
  "read",
  "write",
  "writev",
  "statx",
  "newfstat",
  "mprotect",
  "madvise",
];

/**
 * Attaches `perf stat` (the kernel's syscall tracepoints, per thread) to the server; resolves a
 * function that stops it and returns { main: { syscall: count }, others: {…} }, `all` being
 * every system call. perf says nothing once attached, so it is given 300 ms.
 */
async function startPerf() {
  const out = join(dir, `perf-${Date.now()}.txt`);
  const events = ["raw_syscalls:sys_enter", ...SYSCALLS.map((s) => `syscalls:sys_enter_${s}`)];
  const child = spawn(
    "perf",
    ["stat", "-x,", "--per-thread", "-p", String(pid), "-e", events.join(","), "-o", out],
    {
      stdio: "ignore",
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  return async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    await exited;
    const counts = { main: {}, others: {} };
    for (const line of readFileSync(out, "utf8").split("\n")) {
      const [thread, count, , event] = line.split(",");
      if (!event || !/^\d+$/.test(count)) continue;
      const name = event === "raw_syscalls:sys_enter" ? "all" : event.replace("syscalls:sys_enter_", "");
      const group = thread.endsWith(`-${pid}`) ? counts.main : counts.others;
      group[name] = (group[name] ?? 0) + Number(count);
    }
    return counts;
  };
}

/** `clients` fresh sessions making `calls` calls between them, back to back; the window's counts. */
async function window(clients, calls) {
  const agent = leanAgent(Math.max(clients, 16));
  const sessions = await pool(
    Array.from({ length: clients }, (_, i) => i),
    16,
    () => openLeanSession(side.url, agent),
  );
  await Promise.all(sessions.map((s, k) => s.call(side.tool, { q: `w${k}` })));
  const stopPerf = opt.perf ? await startPerf() : null;
  if (opt.callgrind) execFileSync("callgrind_control", ["-z", String(pid)], { stdio: "ignore" });
  // Bytes allocated: heapUsed growth, read without a collection; meaningful only when no scavenge
  // ran in the window (a young generation made large enough, checked with --trace-gc).
  const heap0 = opt.heap ? await heapUsed() : 0;
  const clientHeap0 = process.memoryUsage().heapUsed;
  if (opt.heap) console.log("# window start");
  const before = threads();
  // The window's bounds on the monotonic clock, in µs: the clock of a .cpuprofile's timestamps
  // (V8 and libuv both read CLOCK_MONOTONIC), so that bench/lib/profile-groups.mjs can keep the
  // server's samples of this window alone.
  const startUs = Number(process.hrtime.bigint() / 1000n);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    sessions.map(async (s, k) => {
      while (next < calls) {
        const i = next++;
        const result = await s.call(side.tool, { q: `c${k}-${i % 100}` });
        if (result.isError) throw new Error(`${side.tool}: ${result.content?.[0]?.text}`);
      }
    }),
  );
  const ms = performance.now() - t0;
  const endUs = Number(process.hrtime.bigint() / 1000n);
  const c = process.cpuUsage(c0);
  const after = threads();
  const clientHeap1 = process.memoryUsage().heapUsed;
  const heap1 = opt.heap ? await heapUsed() : 0;
  if (opt.heap) console.log("# window end");
  const syscalls = stopPerf ? await stopPerf() : null;
  const instructions = opt.callgrind ? dumpedInstructions() : null;
  await pool(sessions, 16, (s) => s.close());
  agent.destroy();
  const perCall = (x) => Math.round((x / calls) * 100) / 100;
  const tids = [...after.keys()].sort((a, b) => a - b);
  const delta = (tid) => {
    const a = after.get(tid);
    const b = before.get(tid) ?? { ns: 0, vol: 0, invol: 0 };
    return { us: (a.ns - b.ns) / 1000, vol: a.vol - b.vol, invol: a.invol - b.invol };
  };
  const sum = (list, key) => list.reduce((s, tid) => s + delta(tid)[key], 0);
  const main = [pid];
  const v8 = tids.filter((t) => t !== pid).slice(0, 4);
  const rest = tids.filter((t) => t !== pid && !v8.includes(t));
  return {
    kind,
    clients,
    calls,
    callsPerSecond: Math.round(calls / (ms / 1000)),
    // µs of CPU per call, by thread group, and context switches per call (all threads).
    serverMainUs: perCall(sum(main, "us")),
    serverV8WorkersUs: perCall(sum(v8, "us")),
    serverOtherThreadsUs: perCall(sum(rest, "us")),
    serverVoluntarySwitches: perCall(sum(tids, "vol")),
    serverMainVoluntarySwitches: perCall(sum(main, "vol")),
    serverInvoluntarySwitches: perCall(sum(tids, "invol")),
    clientUs: perCall(c.user + c.system),
    monotonicUs: [startUs, endUs],
    ...(instructions !== null ? { instructionsPerCall: Math.round(instructions / calls) } : {}),
    // The clients' bytes: meaningful when this process, too, ran without a scavenge (its own flags).
    ...(opt.heap
      ? {
          allocatedBytes: Math.round((heap1 - heap0) / calls),
          clientAllocatedBytes: Math.round((clientHeap1 - clientHeap0) / calls),
        }
      : {}),
    ...(syscalls
      ? {
          mainSyscallsPerCall: Object.fromEntries(
            Object.entries(syscalls.main).map(([k, v]) => [k, perCall(v)]),
          ),
          otherThreadsSyscallsPerCall: Object.fromEntries(
            Object.entries(syscalls.others).map(([k, v]) => [k, perCall(v)]),
          ),
        }
      : {}),
  };
}

try {
  await warmUp(side, { calls: opt.warmCalls, clients: 8, perSession: 125 });
  for (let r = 0; r < opt.reps; r++) {
    for (const clients of opt.clients) console.log(JSON.stringify(await window(clients, opt.calls)));
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
