// The `report` command's steps in one process, for the figure 6 paragraphs of
// docs/performance.md: the recording read once (the lean fold), then scored, built and written as
// JSON pieces (dropped) K times. Prints each step's CPU time (user + system, process.cpuUsage)
// and minor page faults for the first pass, and the JSON's bytes.
//   node bench/lib/report-steps.mjs make N DIR     writes DIR/large-N.jsonl (about N events)
//   node bench/lib/report-steps.mjs FILE [K]       the steps; K passes (default 1)
// For instruction counts of one pass: callgrind of K = 4 less K = 1, over 3
// (`valgrind --tool=callgrind --smc-check=all-non-file node bench/lib/report-steps.mjs FILE 4`).
// The scenario is the large recordings' own (bench/lib/large-recording.mjs), compiled in process.
import { join } from "node:path";
import { load } from "./dist.mjs";
import { declaredScenario, writeLargeRecording } from "./large-recording.mjs";

const [first, second, third] = process.argv.slice(2);
if (first === "make") {
  const n = Number(second);
  if (!Number.isInteger(n) || n <= 0 || !third) {
    console.error("usage: node bench/lib/report-steps.mjs make N DIR (N: events, a positive integer)");
    process.exit(2);
  }
  const file = join(third, `large-${n}.jsonl`);
  const events = writeLargeRecording(file, declaredScenario(), n);
  console.log(`${file}: ${events} events`);
  process.exit(0);
}
if (!first) {
  console.error("usage: node bench/lib/report-steps.mjs FILE [K], or make N DIR to write a recording");
  process.exit(2);
}
const passes = second === undefined ? 1 : Number(second);
if (!Number.isInteger(passes) || passes < 1) {
  console.error(`K must be a positive integer, not ${second}`);
  process.exit(2);
}

const { readFolded } = await load("cli/read-folded.js");
const { computeMetrics } = await load("metrics/compute.js");
const { buildReport, reportJsonPieces } = await load("report/build.js");

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
let faults = process.resourceUsage().minorPageFault;
let last = cpuSeconds();
const marks = [];
const step = (name) => {
  const now = cpuSeconds();
  const f = process.resourceUsage().minorPageFault;
  marks.push(`${name} ${(now - last).toFixed(2)} s (${f - faults} faults)`);
  last = now;
  faults = f;
};

const scenario = declaredScenario();
step("scenario");
const read = await readFolded(first);
step("read");
const recording = read.scoredAgainst(scenario);
let bytes = 0;
for (let k = 0; k < passes; k++) {
  const metrics = computeMetrics(scenario, recording);
  if (k === 0) step("metrics");
  const report = buildReport(scenario, recording, metrics);
  if (k === 0) step("build");
  for (const piece of reportJsonPieces(report, { detail: false })) bytes += piece.length;
  if (k === 0) step("json");
}
if (passes > 1) step(`${passes - 1} more passes`);
console.log(
  `${marks.join("  ")}  output ${bytes} bytes  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
