// Figure 9. Growth: what a cost does when its size grows tenfold, and tenfold again, with the
// slope on log–log axes (1: in proportion to the size; 0: not at all) and a plot of each
// (docs/images/growth-*.svg, written by the runner). Recording size is figure 6's.
//   calls per session   CPU time (client and server, in memory) of one session making N more
//                       instant tool calls after 5, recording to a file: slope 1 is a constant cost per call
//   sessions            server CPU per call of one lean HTTP client while N other sessions are
//                       open and idle on `asynctool serve -t http`: slope 0 is no cost per session
//   jobs in flight      CPU time of starting N jobs that stay in flight in one session (wall
//                       clock, ten-minute latencies): slope 1 is a constant cost per start
// The sizes run in an order rotated per repetition; the plot takes each size's median.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCliServer } from "../lib/cli-server.mjs";
import { productInMemory } from "../lib/clients.mjs";
import { load } from "../lib/dist.mjs";
import { log, runFigure } from "../lib/figure.mjs";
import { growthRow } from "../lib/growth.mjs";
import { leanAgent, openLeanSession } from "../lib/lean-http.mjs";
import { benchScenario, writeBenchScenario } from "../lib/scenario.mjs";
import { median, pool } from "../lib/stats.mjs";
import { rotated } from "../lib/throughput.mjs";

const { EpisodeSession } = await load("mcp/episode-session.js");
const { serverInfo } = await load("paths.js");

/** CPU time (ms, user + system) of this process spent in `fn`. */
async function cpuMs(fn) {
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

await runFigure("Growth", async ({ reps: wanted, quick }) => {
  const reps = quick ? 1 : Math.min(wanted, 3);
  const sizes = quick ? [10, 100, 1000] : [100, 1000, 10_000];
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-growth-"));
  const instant = benchScenario({ mode: "instant", clock: "wall" });
  const inFlight = benchScenario({ mode: "async", clock: "wall", unitMs: 1, latency: 600_000 });
  let sessionsRun = 0;

  const callsPerSession = async (n) => {
    const c = await productInMemory(instant, { recordingsDir: join(dir, "calls") });
    // Not timed: the SDK client compiles the tool's output schema on its first calls (tens of
    // ms, the client's once per connection), which would weigh on the short sessions alone.
    for (let i = 0; i < 5; i++) await c.call("lookup", { q: `w${i}` });
    const ms = await cpuMs(async () => {
      for (let i = 0; i < n; i++) await c.call("lookup", { q: `k${i % 100}` });
    });
    await c.close();
    return ms;
  };

  const jobsInFlight = async (n) => {
    const session = new EpisodeSession({
      scenario: inFlight,
      seed: 1,
      recordingsDir: join(dir, "jobs"),
      server: serverInfo,
      sessionId: `growth-${++sessionsRun}`,
    });
    session.start();
    const signal = new AbortController().signal;
    await session.callTool("lookup", { q: "first" }, { signal });
    const ms = await cpuMs(async () => {
      for (let i = 0; i < n; i++) await session.callTool("lookup", { q: `key-${i}` }, { signal });
    });
    session.close("finished", "measured");
    return ms;
  };

  const scenarioFile = writeBenchScenario(dir, { mode: "instant", clock: "wall" });
  const server = await startCliServer(["--scenario", scenarioFile, "--recordings", join(dir, "sessions")]);
  const agent = leanAgent(64);
  const calls = quick ? 100 : 1000;
  const idleSessions = async (n) => {
    const idle = await pool(
      Array.from({ length: n }, (_, i) => i),
      16,
      () => openLeanSession(server.url, agent),
    );
    const s = await openLeanSession(server.url, agent);
    for (let i = 0; i < 20; i++) await s.call("lookup", { q: `w${i}` });
    const c0 = await server.cpu();
    for (let i = 0; i < calls; i++) await s.call("lookup", { q: `k${i % 100}` });
    const c1 = await server.cpu();
    await s.close();
    await pool(idle, 16, (x) => x.close());
    return (c1.user - c0.user + c1.system - c0.system) / calls;
  };

  const kinds = [
    {
      id: "calls-per-session",
      title: "Calls per session",
      xLabel: "instant tool calls made by one session",
      yLabel: "CPU ms of the session's calls (in memory)",
      run: callsPerSession,
      goal: { op: "<=", target: 1.1, text: "slope ≤ 1.1" },
    },
    {
      id: "sessions",
      title: "Sessions open",
      xLabel: "idle sessions open on the server",
      yLabel: "server CPU µs per call of another session (HTTP)",
      run: idleSessions,
      // A server holds 1,000 sessions by default; 10,000 would measure the limit, not the growth.
      sizes: quick ? [1, 10, 100] : [10, 100, 1000],
      goal: { op: "<=", target: 0.1, text: "slope ≤ 0.1" },
    },
    {
      id: "jobs-in-flight",
      title: "Jobs in flight",
      xLabel: "jobs started and still in flight in one session",
      yLabel: "CPU ms of starting them (in memory)",
      run: jobsInFlight,
      goal: { op: "<=", target: 1.1, text: "slope ≤ 1.1" },
    },
  ];
  const rows = [];
  const growth = [];
  try {
    for (const kind of kinds) {
      const at = kind.sizes ?? sizes;
      const got = Object.fromEntries(at.map((n) => [n, []]));
      // Warm-up at the largest size: the JIT takes some 10,000 calls to settle here.
      await kind.run(at.at(-1));
      for (let r = 0; r < reps; r++) {
        for (const n of rotated(at, r)) got[n].push(await kind.run(n));
        log(`${kind.id} rep ${r + 1}: ${at.map((n) => `${n}: ${got[n].at(-1).toFixed(1)}`).join(", ")}`);
      }
      const { run, goal, sizes: _, ...plot } = { ...kind, points: at.map((n) => [n, median(got[n])]) };
      growth.push(plot);
      const repetitions = Array.from({ length: reps }, (_, r) => at.map((n) => [n, got[n][r]]));
      rows.push(growthRow(plot, goal, repetitions));
    }
  } finally {
    agent.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, growth };
});
