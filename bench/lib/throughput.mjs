// Throughput of concurrent lean clients calling back to back, two or more servers (each in its
// own process) compared in short slices that alternate between the sides (A B A B…), the order
// rotated from one repetition to the next, so that a change in the machine's load weighs on each
// side alike. Every slice has fresh sessions, opened before its clock starts and closed after
// it stops: no side carries a long session's history into the figure.
import { leanAgent, openLeanSession } from "./lean-http.mjs";
import { pool } from "./stats.mjs";

/** The order of the sides in repetition `rep`: rotated by one per repetition. */
export function rotated(names, rep) {
  const k = rep % names.length;
  return [...names.slice(k), ...names.slice(0, k)];
}

/** CPU time (µs, user + system) a server child has used, or null when it cannot tell. */
async function cpuOf(server) {
  if (!server?.cpu) return null;
  const c = await server.cpu();
  return c.user + c.system;
}

/**
 * One timed slice on one side: `clients` fresh sessions, each warmed by two calls, then calling
 * `side.tool` back to back for `sliceSeconds`; the sessions are closed afterwards.
 * Returns { calls, ms, cpuUs, clientCpuUs }: cpuUs the server's CPU over the timed part (or null),
 * clientCpuUs this process's (the lean clients', which share the machine with the server).
 */
export async function slice(side, { clients, sliceSeconds }) {
  const agent = leanAgent(Math.max(clients, 16));
  try {
    const sessions = await pool(
      Array.from({ length: clients }, (_, i) => i),
      16,
      () => openLeanSession(side.url, agent),
    );
    await Promise.all(
      sessions.map(async (s, k) => {
        for (let i = 0; i < 2; i++) await s.call(side.tool, { q: `w${k}-${i}` });
      }),
    );
    const cpu0 = await cpuOf(side.server);
    const own0 = process.cpuUsage();
    const t0 = performance.now();
    const end = t0 + sliceSeconds * 1000;
    let calls = 0;
    await Promise.all(
      sessions.map(async (s, k) => {
        for (let i = 0; performance.now() < end; i++) {
          const result = await s.call(side.tool, { q: `c${k}-${i % 100}` });
          if (result.isError) throw new Error(`${side.tool}: ${result.content?.[0]?.text}`);
          calls += 1;
        }
      }),
    );
    const ms = performance.now() - t0;
    const own = process.cpuUsage(own0);
    const cpu1 = await cpuOf(side.server);
    await pool(sessions, 16, (s) => s.close());
    return { calls, ms, cpuUs: cpu0 === null ? null : cpu1 - cpu0, clientCpuUs: own.user + own.system };
  } finally {
    agent.destroy();
  }
}

/**
 * sides: { name: { url, tool, server? } }. Runs `slices` rounds in which every side has one
 * slice, in the order of repetition `rep` rotated. Returns { name: { perSecond, serverCpuUs,
 * clientCpuUs } } (server CPU per call when the side has a `server` handle with cpu(); the
 * clients' CPU per call, this process's).
 */
export async function alternatingThroughput(sides, { clients, slices, sliceSeconds, rep = 0 }) {
  const names = rotated(Object.keys(sides), rep);
  const totals = Object.fromEntries(names.map((n) => [n, { calls: 0, ms: 0, cpuUs: 0, clientCpuUs: 0 }]));
  for (let s = 0; s < slices; s++) {
    for (const name of names) {
      const got = await slice(sides[name], { clients, sliceSeconds });
      totals[name].calls += got.calls;
      totals[name].ms += got.ms;
      totals[name].cpuUs += got.cpuUs ?? Number.NaN;
      totals[name].clientCpuUs += got.clientCpuUs;
    }
  }
  return Object.fromEntries(
    names.map((n) => [
      n,
      {
        perSecond: totals[n].calls / (totals[n].ms / 1000),
        serverCpuUs: totals[n].cpuUs / totals[n].calls,
        clientCpuUs: totals[n].clientCpuUs / totals[n].calls,
      },
    ]),
  );
}
