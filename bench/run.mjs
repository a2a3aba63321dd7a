// `npm run bench`: runs the figures of docs/performance.md, each in its own process, and writes
// bench/results/latest.json, bench/results/latest.md and the table in docs/performance.md.
//
//   npm run bench                         every figure, 5 repetitions (a few minutes)
//   npm run bench -- --only 1,3           some figures (printed, and written only with --out)
//   npm run bench -- --reps 3             repetitions per figure (figures cap their slow parts)
//   npm run bench -- --quick              a smoke run: tiny sizes, one repetition, nothing written
//   npm run bench -- --suite DIR          the suite of figure 7 (default scenarios/asynctool-v2)
//   npm run bench -- --out FILE           also write the JSON of a partial or quick run there
//   npm run bench -- --plots DIR          write the growth plots (SVG) there (a full run: docs/images)
//   npm run bench -- --timeout SECONDS    stop a figure that runs longer (default 900)
//   node bench/run.mjs --check-doc        exit 1 unless docs/performance.md shows latest.json
//   node bench/run.mjs --help             this text
//
//   A row with a goal gives its verdict on the median of the repetitions and, beside it, in how
//   many repetitions its own ratio (or value, for a goal on the value) met the goal: "met in 4 of
//   5 repetitions", "**missed**; met in 1 of 5 repetitions". The header gives, beside the load
//   average, the CPU time of a fixed workload (bench/lib/speed.mjs, about 1 s of the run) at the
//   run's start and end and of one fstat: how fast the machine was, to read absolute figures by.
import { execFile, fork } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { growthSvg } from "./lib/growth.mjs";
import { BENCH_VERSION, renderMarkdown } from "./lib/table.mjs";

const root = new URL("../", import.meta.url).pathname;
const RESULTS = join(root, "bench", "results");
const LATEST_JSON = join(RESULTS, "latest.json");
const LATEST_MD = join(RESULTS, "latest.md");
const DOC = join(root, "docs", "performance.md");
const IMAGES = join(root, "docs", "images");
const START = "<!-- bench:table:start (written by `npm run bench`; do not edit) -->";
const END = "<!-- bench:table:end -->";

const FIGURES = [
  { n: 1, file: "1-call-overhead.mjs" },
  { n: 2, file: "2-http-throughput.mjs" },
  { n: 3, file: "3-timer-fidelity.mjs" },
  { n: 4, file: "4-memory.mjs" },
  { n: 5, file: "5-recorder.mjs" },
  { n: 6, file: "6-metrics.mjs" },
  { n: 7, file: "7-suite.mjs" },
  { n: 8, file: "8-many-sessions.mjs" },
  { n: 9, file: "9-growth.mjs" },
];

/** The usage lines of the comment at the top of this file, which is the help text. */
function usage() {
  const lines = readFileSync(new URL(import.meta.url), "utf8").split("\n");
  const first = lines.findIndex((l) => l.startsWith("//   "));
  // The usage runs on to the end of the comment; a bare "//" is a blank line in it.
  const end = lines.findIndex((l, i) => i > first && !l.startsWith("//"));
  return lines
    .slice(first, end)
    .map((l) => l.slice(3))
    .join("\n");
}

let flags;
try {
  ({ values: flags } = parseArgs({
    options: {
      only: { type: "string" },
      reps: { type: "string", default: "5" },
      quick: { type: "boolean", default: false },
      suite: { type: "string" },
      out: { type: "string" },
      plots: { type: "string" },
      "check-doc": { type: "boolean", default: false },
      timeout: { type: "string", default: "900" },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (error) {
  // parseArgs names the option it refused; the usage says what there is.
  console.error(`bench: ${error.message}\n\n${usage()}`);
  process.exit(2);
}

if (flags.help) {
  console.log(`Runs the figures of docs/performance.md.\n\n${usage()}`);
  process.exit(0);
}

if (flags["check-doc"]) {
  const expected = renderMarkdown(JSON.parse(readFileSync(LATEST_JSON, "utf8")));
  const doc = readFileSync(DOC, "utf8");
  const inDoc = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END)).trim();
  if (inDoc !== expected.trim()) {
    console.error("docs/performance.md does not show bench/results/latest.json: run `npm run bench`");
    process.exit(1);
  }
  console.log("docs/performance.md shows bench/results/latest.json");
  process.exit(0);
}

const reps = Number(flags.reps);
if (!Number.isInteger(reps) || reps < 1) throw new Error("--reps takes a positive integer");
const wanted = flags.only ? new Set(flags.only.split(",").map((s) => Number(s.trim()))) : null;
const figures = FIGURES.filter((f) => !wanted || wanted.has(f.n));
if (figures.length === 0) throw new Error(`--only ${flags.only}: no such figure (1–${FIGURES.length})`);
const complete = !wanted && !flags.quick;

const loadavg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);
const machine = {
  cpu: os.cpus()[0]?.model.trim() ?? "unknown",
  cores: os.cpus().length,
  ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  node: process.version,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
};
const options = {
  reps: flags.quick ? 1 : reps,
  quick: flags.quick,
  ...(flags.suite ? { suite: flags.suite } : {}),
};
const run = {
  bench: BENCH_VERSION,
  date: new Date().toISOString(),
  machine,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  options,
  loadBefore: loadavg(),
  figures: [],
};
if (run.loadBefore[0] > machine.cores) {
  console.error(
    `warning: load average ${run.loadBefore[0]} on ${machine.cores} cores: absolute figures will be noisy (ratios less so)`,
  );
}

function runOne(figure) {
  return new Promise((resolve) => {
    const child = fork(join(root, "bench", "figures", figure.file), [JSON.stringify(options)], {
      execArgv: ["--expose-gc", ...(figure.execArgv ?? [])],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result;
    const timer = setTimeout(() => {
      console.error(`figure ${figure.n} ran over ${flags.timeout} s: stopped`);
      child.kill("SIGKILL");
    }, Number(flags.timeout) * 1000);
    child.on("message", (message) => {
      if (message.result) result = message.result;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(
        result ?? { ok: false, error: `the figure's process exited (${signal ?? code}) without a result` },
      );
    });
  });
}

/**
 * The price of the fixed workload of bench/lib/speed.mjs, in a fresh single-threaded process: how
 * fast this machine is at this moment. A run goes on without it (null) if it cannot be had.
 */
async function machineSpeed(when) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--single-threaded",
      join(root, "bench", "lib", "speed-child.mjs"),
    ]);
    const { workMs, roundsMs, fstatUs } = JSON.parse(stdout);
    console.error(
      `the fixed workload at the ${when}: ${workMs.toFixed(0)} ms, one fstat ${fstatUs.toFixed(2)} µs`,
    );
    return { workMs, roundsMs, fstatUs };
  } catch (error) {
    console.error(`warning: the fixed workload could not be timed at the ${when}: ${error.message}`);
    return null;
  }
}

const started = performance.now();
const speedStart = await machineSpeed("start");
for (const figure of figures) {
  console.error(`figure ${figure.n}: ${figure.file} (load ${loadavg().join(" ")})`);
  const load = loadavg();
  const result = await runOne(figure);
  run.figures.push({ n: figure.n, loadBefore: load, loadAfter: loadavg(), ...result });
  if (!result.ok) console.error(`figure ${figure.n} failed: ${result.error}`);
  else console.error(`figure ${figure.n} done in ${result.seconds} s`);
}
run.loadAfter = loadavg();
run.speed = { start: speedStart, end: await machineSpeed("end") };
run.seconds = Math.round((performance.now() - started) / 1000);

const markdown = renderMarkdown(run);
process.stdout.write(`\n${markdown}\n`);
if (complete) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(LATEST_JSON, `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(LATEST_MD, `${markdown}\n`);
  updateDoc(markdown);
  console.error(`wrote ${LATEST_JSON}, ${LATEST_MD} and the table in ${DOC}`);
} else {
  console.error("a partial or quick run: bench/results and docs/performance.md left as they were");
}
const plotsDir = flags.plots ?? (complete ? IMAGES : null);
if (plotsDir) {
  mkdirSync(plotsDir, { recursive: true });
  for (const figure of run.figures) {
    for (const plot of figure.growth ?? []) {
      const file = join(plotsDir, `growth-${plot.id}.svg`);
      const caption = `${run.date.slice(0, 16).replace("T", " ")} UTC, ${machine.cores} cores, load ${figure.loadBefore[0]}; ${run.command}`;
      writeFileSync(file, growthSvg(plot, caption));
      console.error(`wrote ${file}`);
    }
  }
}
if (flags.out) writeFileSync(flags.out, `${JSON.stringify(run, null, 2)}\n`);
process.exit(run.figures.every((f) => f.ok) ? 0 : 1);

function updateDoc(table) {
  const block = `${START}\n${table}\n${END}`;
  let doc = existsSync(DOC) ? readFileSync(DOC, "utf8") : `# Performance\n\n${START}\n${END}\n`;
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  doc =
    a === -1 || b === -1
      ? `${doc.trimEnd()}\n\n${block}\n`
      : `${doc.slice(0, a)}${block}${doc.slice(b + END.length)}`;
  writeFileSync(DOC, doc);
}
