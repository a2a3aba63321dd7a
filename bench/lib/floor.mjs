// The durability floor (bench/lib/bare.mjs, `durable`) as the tables describe it: the bytes it
// writes per call, its label, and the notes of its rows, figure 1's (per-call time) and
// figure 2's (calls/s). Every share is taken per repetition, between sides measured back to
// back, as the ratios are: never between medians of sides measured minutes apart.
import { summary } from "./stats.mjs";

/**
 * The bytes of an instant call's four recording lines (request, job working, job completed,
 * response) for the bench scenario: the median over a recorded batch of 3,000 calls of figure 1
 * (774–844 bytes, as the sequence numbers and job ids vary). The floor writes this many per call.
 */
export const CALL_LINES_BYTES = 812;

/**
 * How long the floor writes without an fstat of its file: the recorder's LINK_CHECK_INTERVAL_MS
 * (src/recorder/link-check.ts; test/bench-floor.test.ts holds them equal). The recording
 * contract looks whether the file was deleted at most once per interval, not before every write.
 */
export const LINK_CHECK_MS = 100;

/** How the tables name the durability floor, in every figure that has one. */
export const FLOOR_LABEL = "bare SDK echo writing and checking a recording line per call";

const WHAT =
  `the floor: the bare echo plus, before each answer, one ${CALL_LINES_BYTES}-byte write ` +
  `(a call's four lines) to a file per session, and one fstat of it per ${LINK_CHECK_MS} ms`;

const range = (s, digits) =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** Figure 1: what the floor adds to the echo's round trip (µs per call), repetition by repetition. */
export function floorAddsNote(floorUs, echoUs) {
  const added = summary(floorUs.map((x, i) => x - echoUs[i]));
  return `${WHAT}; it adds ${added.median.toFixed(0)} µs (${added.min.toFixed(0)}–${added.max.toFixed(0)}) per call to the echo`;
}

/**
 * Figure 2: the share of the bare echo's calls/s the floor keeps, repetition by repetition, and
 * the floor's server CPU per call (median, µs).
 */
export function floorKeepsNote(floorPerSecond, barePerSecond, floorCpuUs) {
  const kept = summary(floorPerSecond.map((x, i) => x / barePerSecond[i]));
  const cpu = summary(floorCpuUs);
  return `${WHAT}; it keeps ${range(kept, 2)} of the bare echo's calls/s; server CPU per call: floor ${cpu.median.toFixed(0)} µs`;
}
