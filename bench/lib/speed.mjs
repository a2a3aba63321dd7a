// The machine's speed, as a fixed amount of work costs it: the runner prices it at a run's start
// and at its end (bench/lib/speed-child.mjs, a fresh process each time, so that both are measured
// cold alike), so that the absolute figures of the table can be read against how fast this
// machine was then. The load average says how many wanted a core; this says what a core gave.
//
// The work is the kind the figures do: JSON.stringify and JSON.parse of a fixed generated
// document (the same bytes every time: a seeded generator), objects made from it and dropped
// (the young generation's collections), and a loop of fstat on one descriptor (a system call,
// the one the recorder makes per call). Its process runs V8 single-threaded, so that its CPU
// time is the work's and not the collector's helper threads'.
import { closeSync, fstatSync, openSync } from "node:fs";

/**
 * The fixed workload: 5 rounds of 18 passes of the document (about 0.1 s of CPU a round on this
 * project's 2-core machine, 0.45 s in all) and 20,000 fstats. A test passes smaller sizes.
 */
export const WORKLOAD = { rounds: 5, passes: 18, fstats: 20_000 };

/** A small deterministic generator (mulberry32): the document is the same in every process. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A document shaped like a recording's lines: about 2,000 events with arguments and results. */
export function fixedDocument() {
  const random = generator(17);
  const word = () => Math.floor(random() * 36 ** 6).toString(36);
  return Array.from({ length: 2_000 }, (_, seq) => ({
    seq,
    type: random() < 0.5 ? "request" : "response",
    t: Math.floor(random() * 1e9),
    tool: `tool_${word()}`,
    args: { q: word(), n: random(), tags: [word(), word(), word()] },
    result: { ok: random() < 0.9, text: `${word()} ${word()} ${word()}`, items: [seq, seq * 2, seq * 3] },
  }));
}

function cpuMs(since) {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** One round: the document through JSON and back, and an object made per event and dropped. */
function round(text, passes) {
  let kept = 0;
  for (let i = 0; i < passes; i++) {
    const events = JSON.parse(text);
    const made = events.map((e) => ({ seq: e.seq, tool: e.tool, words: e.result.text.split(" ") }));
    kept += made.length + JSON.stringify(events).length;
  }
  return kept;
}

/**
 * Prices the fixed workload in this process: `workMs` the CPU time of its rounds together (after
 * one round of warm-up, so that the JIT's compiling is not in it), `roundsMs` each round's, and
 * `fstatUs` the CPU time of one fstat (with the Stats object Node makes for it).
 */
export function measureSpeed({ rounds, passes, fstats } = WORKLOAD) {
  const text = JSON.stringify(fixedDocument());
  let check = round(text, passes); // warm-up
  const roundsMs = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    check += round(text, passes);
    roundsMs.push(cpuMs(t0));
  }
  const fd = openSync(process.execPath, "r");
  let size = 0;
  try {
    for (let i = 0; i < 1_000; i++) size += fstatSync(fd).size; // warm-up
    const t0 = process.cpuUsage();
    for (let i = 0; i < fstats; i++) size += fstatSync(fd).size;
    const fstatUs = (cpuMs(t0) * 1000) / fstats;
    const workMs = roundsMs.reduce((a, b) => a + b, 0);
    // `check` and `size` are used so that no engine may drop the work as dead code.
    return { workMs, roundsMs, fstatUs, check: check + (size > 0 ? 0 : 1) };
  } finally {
    closeSync(fd);
  }
}
