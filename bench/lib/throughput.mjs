// Throughput of concurrent clients calling back to back, two or more servers compared in short
// alternating slices (A B B A A B…), so that a change in the machine's load during the run
// weighs on each side alike.
import { overHttp } from "./clients.mjs";
import { pool } from "./stats.mjs";

/**
 * sides: { name: { url, tool, server? } }. Opens `clients` sessions to each, then runs `slices`
 * slices of `sliceSeconds` per side, alternating. Returns { name: { perSecond, serverCpuUs } }
 * (server CPU per call when the side has a `server` handle with cpu()).
 */
export async function alternatingThroughput(sides, { clients, slices, sliceSeconds }) {
  const names = Object.keys(sides);
  const open = {};
  for (const name of names) {
    open[name] = await pool(
      Array.from({ length: clients }, (_, i) => i),
      16,
      () => overHttp(sides[name].url),
    );
    // Warm-up: every session makes a few calls.
    await Promise.all(
      open[name].map(async (c) => {
        for (let i = 0; i < 3; i++) await c.call(sides[name].tool, { q: `w${i}` });
      }),
    );
  }
  const totals = Object.fromEntries(names.map((n) => [n, { calls: 0, ms: 0, cpuUs: 0 }]));
  for (let s = 0; s < slices; s++) {
    const order = s % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const side = sides[name];
      const cpu0 = side.server ? await side.server.cpu() : null;
      const t0 = performance.now();
      const end = t0 + sliceSeconds * 1000;
      let calls = 0;
      await Promise.all(
        open[name].map(async (c, k) => {
          for (let i = 0; performance.now() < end; i++) {
            await c.call(side.tool, { q: `c${k}-${i % 100}` });
            calls += 1;
          }
        }),
      );
      totals[name].ms += performance.now() - t0;
      totals[name].calls += calls;
      if (cpu0) {
        const cpu1 = await side.server.cpu();
        totals[name].cpuUs += cpu1.user - cpu0.user + cpu1.system - cpu0.system;
      }
    }
  }
  for (const name of names) await pool(open[name], 16, (c) => c.close());
  return Object.fromEntries(
    names.map((n) => [
      n,
      { perSecond: totals[n].calls / (totals[n].ms / 1000), serverCpuUs: totals[n].cpuUs / totals[n].calls },
    ]),
  );
}
