// Reads a trace of bench/lib/stall-trace.mjs: `node bench/lib/stall-report.mjs FILE [FROM_MS]`
// (FROM_MS: the figure's window, e.g. after its saturating phase). For the gaps of the loop: wall
// time against the main thread's on-CPU time, and for those in which it ran over 5 ms, the
// collections and the requests inside them.
import { readFileSync } from "node:fs";

const [file, from = "0"] = process.argv.slice(2);
const { gcs, requests, stalls } = JSON.parse(readFileSync(file, "utf8"));
const at = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : Number.NaN;
};
const spread = (xs) => [50, 90, 99, 100].map((p) => at(xs, p).toFixed(1)).join(" / ");

const rows = stalls
  .filter(([start]) => start >= Number(from))
  .map(([start, length, cpu]) => {
    const end = start + length;
    let gc = 0;
    for (const [s, d] of gcs) gc += Math.max(0, Math.min(end, s + d) - Math.max(start, s));
    const kinds = requests.filter(([t]) => t >= start && t <= end).map(([, k]) => k);
    return { length, cpu, gc, kinds };
  });
const sum = (xs, f) => xs.reduce((a, x) => a + f(x), 0);
console.log(
  `gaps over 6 ms: ${rows.length}, ${sum(rows, (r) => r.length).toFixed(0)} ms of wall time, ${sum(rows, (r) => r.cpu).toFixed(0)} ms on the CPU`,
);
console.log(`gap length p50 / p90 / p99 / max: ${spread(rows.map((r) => r.length))} ms`);
console.log(`on-CPU in a gap p50 / p90 / p99 / max: ${spread(rows.map((r) => r.cpu))} ms`);
const long = rows.filter((r) => r.cpu > 5);
const count = (k) => sum(long, (r) => r.kinds.filter((x) => x === k).length);
console.log(
  `gaps with over 5 ms on the CPU: ${long.length}; a collection over 1 ms in ${long.filter((r) => r.gc > 1).length} (${sum(long, (r) => r.gc).toFixed(0)} ms of their ${sum(long, (r) => r.cpu).toFixed(0)} ms on the CPU); requests begun in them: initialize ${count("I")}, other POSTs ${count("P")}, DELETE ${count("D")}; none in ${long.filter((r) => r.kinds.length === 0).length}`,
);
const kinds = {};
for (const [, , k] of gcs) kinds[k] = (kinds[k] ?? 0) + 1;
console.log(
  `collections: ${gcs.length} (by perf_hooks kind: ${JSON.stringify(kinds)}), ${sum(gcs, (g) => g[1]).toFixed(0)} ms, p50 / p90 / p99 / max ${spread(gcs.map((g) => g[1]))} ms`,
);
