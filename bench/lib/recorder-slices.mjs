// Where figure 5's costs land (a diagnostic, not a figure): the servers figure 5 starts
// (startCliServer: recording to files on the temporary directory's disk, `--no-recordings`, and
// recording to files on /dev/shm), the same slices (fresh lean sessions, calls back to back,
// sides alternating in an order rotated per repetition), and around each slice's timed part and
// its closing of the sessions: every server's on-CPU time from /proc/PID/task/*/schedstat (all
// threads, and the main thread), its context switches, this process's CPU, kernel threads' CPU
// (jbd2, kworkers: the whole machine's), /proc/meminfo Dirty and Writeback. Prints per side the
// medians (min–max) per call, and what the idle servers ran during the other sides' slices.
//   node --expose-gc bench/lib/recorder-slices.mjs '{"clients":[1,8,64],"reps":4,"sliceSeconds":0.5}'
// (options: clients, reps, slices per repetition, sliceSeconds, dir for the file side, out: a JSON
// file for every slice's readings). Linux only.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCliServer } from "./cli-server.mjs";
import { leanAgent, openLeanSession } from "./lean-http.mjs";
import { writeBenchScenario } from "./scenario.mjs";
import { pool } from "./stats.mjs";
import { rotated } from "./throughput.mjs";

const opt = {
  clients: [1, 8, 64],
  reps: 3,
  dir: "/tmp",
  sliceSeconds: 0.5,
  slices: 2,
  ...JSON.parse(process.argv[2] ?? "{}"),
};
const TICK = 10_000; // µs per clock tick (USER_HZ 100)

function pidCpu(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  // on-CPU ns of every thread (schedstat), main thread apart, context switches of the process
  let all = 0,
    main = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
      all += ns;
      if (t === String(pid)) main = ns;
    } catch {}
  }
  const st = readFileSync(`/proc/${pid}/status`, "utf8");
  const vol = Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(st)[1]);
  const invol = Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(st)[1]);
  return {
    user: Number(f[11]) * TICK,
    sys: Number(f[12]) * TICK,
    all: all / 1000,
    main: main / 1000,
    vol,
    invol,
  };
}
/** CPU time (µs) of every kernel thread (parent 2: jbd2, kworkers, …), the whole machine's. */
function kthreads() {
  let sum = 0;
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
      if (f[1] === "2") sum += (Number(f[11]) + Number(f[12])) * TICK;
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return sum;
}
function meminfo() {
  const m = readFileSync("/proc/meminfo", "utf8");
  const g = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(m)[1]);
  return { dirty: g("Dirty"), writeback: g("Writeback") };
}
function procStat() {
  const l = readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  return { busy: (l[0] + l[1] + l[2] + l[5] + l[6]) * TICK, iowait: l[4] * TICK, steal: l[7] * TICK };
}
const selfCpu = () => {
  const c = process.cpuUsage();
  return { user: c.user, sys: c.system };
};
const sub = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] - b[k]]));

function snapshot(servers) {
  return {
    file: pidCpu(servers.file.child.pid),
    memory: pidCpu(servers.memory.child.pid),
    shm: pidCpu(servers.shm.child.pid),
    self: selfCpu(),
    k: kthreads(),
    stat: procStat(),
    mem: meminfo(),
    t: performance.now(),
  };
}
function diff(a, b) {
  return {
    file: sub(b.file, a.file),
    memory: sub(b.memory, a.memory),
    shm: sub(b.shm, a.shm),
    self: sub(b.self, a.self),
    k: b.k - a.k,
    stat: sub(b.stat, a.stat),
    ms: b.t - a.t,
  };
}

async function slice(servers, name, clients, sliceSeconds) {
  const url = servers[name].url;
  const agent = leanAgent(Math.max(clients, 16));
  const sessions = await pool(
    Array.from({ length: clients }, (_, i) => i),
    16,
    () => openLeanSession(url, agent),
  );
  await Promise.all(
    sessions.map(async (s, k) => {
      for (let i = 0; i < 2; i++) await s.call("lookup", { q: `w${k}-${i}` });
    }),
  );
  const s0 = snapshot(servers);
  const end = s0.t + sliceSeconds * 1000;
  let calls = 0;
  await Promise.all(
    sessions.map(async (s, k) => {
      for (let i = 0; performance.now() < end; i++) {
        await s.call("lookup", { q: `c${k}-${i % 100}` });
        calls += 1;
      }
    }),
  );
  const s1 = snapshot(servers);
  await pool(sessions, 16, (s) => s.close());
  agent.destroy();
  const s2 = snapshot(servers);
  return { name, calls, timed: diff(s0, s1), close: diff(s1, s2), mem0: s0.mem, mem1: s1.mem, s2 };
}

const dir = mkdtempSync(join(opt.dir, "asynctool-recorder-slices-"));
const shmDir = mkdtempSync("/dev/shm/asynctool-recorder-slices-");
const scenarioFile = writeBenchScenario(dir, { mode: "instant", clock: "wall" });
const extra = opt.serverArgs ?? [];
const servers = {
  file: await startCliServer(["--scenario", scenarioFile, "--recordings", join(dir, "recordings"), ...extra]),
  memory: await startCliServer(["--scenario", scenarioFile, "--no-recordings", ...extra]),
  shm: await startCliServer([
    "--scenario",
    scenarioFile,
    "--recordings",
    join(shmDir, "recordings"),
    ...extra,
  ]),
};
const SIDES = opt.sides ?? ["file", "memory", "shm"];
console.error(`pids file ${servers.file.child.pid} memory ${servers.memory.child.pid}; dir ${dir}`);
const out = [];
try {
  for (const clients of opt.clients) {
    for (const name of SIDES) await slice(servers, name, clients, 0.25);
    for (let r = 0; r < opt.reps; r++) {
      const names = rotated(SIDES, r);
      for (let s = 0; s < opt.slices; s++) {
        for (const name of names) {
          const got = await slice(servers, name, clients, opt.sliceSeconds);
          out.push({ clients, rep: r, ...got });
        }
      }
    }
  }
} finally {
  await servers.file.close();
  await servers.memory.close();
  await servers.shm.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(shmDir, { recursive: true, force: true });
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const rng = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
for (const clients of opt.clients) {
  for (const name of SIDES) {
    const xs = out.filter((o) => o.clients === clients && o.name === name);
    const per = (f) => {
      const v = xs.map((o) => f(o) / o.calls);
      return `${med(v).toFixed(1)} (${rng(v)})`;
    };
    const others = SIDES.filter((n) => n !== name);
    console.log(
      `${clients} ${name}: calls/s ${per((o) => (o.calls * o.calls) / (o.timed.ms / 1000))} | own µs/call: all threads ${per((o) => o.timed[name].all)} main ${per((o) => o.timed[name].main)} ticks u ${per((o) => o.timed[name].user)} s ${per((o) => o.timed[name].sys)}; vol cs ${per((o) => o.timed[name].vol)} invol ${per((o) => o.timed[name].invol)} | others in slice µs/call ${per((o) => others.reduce((a, n) => a + o.timed[n].all, 0))} | client ${per((o) => o.timed.self.user + o.timed.self.sys)} | kthreads ${per((o) => o.timed.k)} | close phase own ms ${med(xs.map((o) => o.close[name].all / 1000)).toFixed(1)} other ${med(xs.map((o) => others.reduce((a, n) => a + o.close[n].all, 0) / 1000)).toFixed(2)} wall ${med(xs.map((o) => o.close.ms)).toFixed(0)}`,
    );
  }
}
// What each server ran while it was idle, during the other sides' timed slices.
for (const idle of SIDES) {
  const during = out.filter((o) => o.name !== idle).map((o) => o.timed[idle].all / 1000);
  const closing = out.filter((o) => o.name === idle).map((o) => o.close[idle].all / 1000);
  console.log(
    `${idle} idle: on-CPU ${med(during).toFixed(2)} ms (max ${Math.max(...during).toFixed(1)}) during each of the other sides' timed slices; ` +
      `${med(closing).toFixed(1)} ms (max ${Math.max(...closing).toFixed(1)}) closing its own slice's sessions`,
  );
}
if (opt.out) writeFileSync(opt.out, JSON.stringify(out));
