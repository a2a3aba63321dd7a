// N requests through the HTTP server's Host check (src/transports/host-check.ts) as the server
// builds it for the loopback names, each a fresh request object with the Host header a local
// client sends, for instruction counts of one check (docs/performance.md, the host check's
// paragraph):
//   valgrind --tool=callgrind node --single-threaded bench/lib/host-check-loop.mjs 120000
//   (then 20000; per request: the difference of the two totals over 100,000)
// Prints N and how many requests were passed on, which two builds must print alike.
import { load } from "./dist.mjs";

const n = Number(process.argv[2] ?? 100000);
if (!Number.isInteger(n) || n <= 0) {
  console.error("usage: node bench/lib/host-check-loop.mjs N (N: a positive integer)");
  process.exit(2);
}
const { hostNames, hostValidation } = await load("transports/host-check.js");
const check = hostValidation(hostNames(undefined));
let passed = 0;
const next = () => {
  passed += 1;
};
const res = {};
for (let i = 0; i < n; i++)
  check({ headers: { host: "127.0.0.1:3000", "content-type": "application/json" } }, res, next);
console.log(n, passed);
