// N seeded draws (the engine's uniformAt) with keys shaped like the latency draw's, for
// instruction counts of one draw (docs/performance.md, the seeded draw's paragraph):
//   valgrind --tool=callgrind node --single-threaded bench/lib/draws-loop.mjs 120000
//   (then 20000; per draw: the difference of the two totals over 100,000)
// Prints N and the sum of the draws, which two builds must print alike.
import { load } from "./dist.mjs";

const n = Number(process.argv[2] ?? 100000);
if (!Number.isInteger(n) || n <= 0) {
  console.error("usage: node bench/lib/draws-loop.mjs N (N: a positive integer)");
  process.exit(2);
}
const { uniformAt } = await load("engine/rng.js");
let sum = 0;
for (let i = 0; i < n; i++) sum += uniformAt(7, ["latency", `step\u0000t${i % 10}\u0000s${i % 7}`], i % 3);
console.log(n, sum);
