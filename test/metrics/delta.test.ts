import { describe, expect, it } from "vitest";
import type { ClockKind } from "../../src/engine/types.js";
import { computeDelta, turnGaps } from "../../src/metrics/delta.js";
import type { Call, Inputs } from "../../src/metrics/inputs.js";

/**
 * δ, the cost of one agent action (metrics.md, "Gold", and rule 21 of the choices), on calls
 * built by hand: each is a request time and a response time (null: the log ends first). Every
 * gap below is worked out from the calls of its test.
 */

function calls(...times: [request: number, response: number | null][]): Call[] {
  return times.map(
    ([request, response], index) =>
      ({
        index,
        call: index + 1,
        request,
        response: response === null ? null : { t: response },
      }) as unknown as Call,
  );
}

function delta(clock: ClockKind, list: Call[]) {
  return computeDelta({ clock, calls: list } as unknown as Inputs);
}

describe("computeDelta", () => {
  it("is 1 in the step clock, whatever the calls", () => {
    expect(delta("step", calls([0, 2], [5, 7]))).toEqual({ value: 1, source: "step", gaps: 0 });
  });

  it("is the median thinking gap in the wall clock, with how many gaps it was taken over", () => {
    // Turns at 0, 5, 8 and 20; gaps 5 − 2 = 3, 8 − 7 = 1, 20 − 9 = 11: median 3.
    expect(delta("wall", calls([0, 2], [5, 7], [8, 9], [20, 21]))).toEqual({
      value: 3,
      source: "turns",
      gaps: 3,
    });
  });

  it("is 0, from no gap, when the agent took a single turn", () => {
    expect(delta("wall", calls([0, 4]))).toEqual({ value: 0, source: "none", gaps: 0 });
    expect(delta("wall", [])).toEqual({ value: 0, source: "none", gaps: 0 });
  });

  it("is the mean of the two middle gaps for an even count", () => {
    // Gaps 5 − 2 = 3 and 8 − 7 = 1: δ = 2.
    expect(delta("wall", calls([0, 2], [5, 7], [8, 9]))).toEqual({ value: 2, source: "turns", gaps: 2 });
  });
});

describe("turnGaps", () => {
  it("gives no gap for the first turn", () => {
    expect(turnGaps(calls([3, 6]))).toEqual([]);
  });

  it("joins a call issued before the previous call's response to that call's turn", () => {
    // 0→6 and 1→3 are one turn; the turn at 10 follows the latest response, 6: gap 4.
    expect(turnGaps(calls([0, 6], [1, 3], [10, 11]))).toEqual([4]);
  });

  it("starts a new turn with a call issued at the previous call's response, a gap of 0", () => {
    expect(turnGaps(calls([0, 4], [4, 5]))).toEqual([0]);
  });

  it("joins every call after one the log has no response for to its turn", () => {
    expect(turnGaps(calls([0, 2], [5, null], [9, 10]))).toEqual([3]);
  });

  it("takes no response time from a call the log has no response for, wherever it stands", () => {
    // 0→5, then 1 (no response) and 6→8 join that turn; the turn at 9 follows 8: gap 1.
    expect(turnGaps(calls([0, 5], [1, null], [6, 8], [9, 10]))).toEqual([1]);
  });

  it("measures from the latest response at or before the turn, not a later one of a slow call", () => {
    // 0→30 is slow; 1→2 ends the first turn. Turns at 5 (after 2), 9 (after 7), 12 (after 11),
    // 31 (after 30): gaps 3, 2, 1, 1.
    expect(turnGaps(calls([0, 30], [1, 2], [5, 7], [9, 11], [12, 13], [31, 32]))).toEqual([3, 2, 1, 1]);
  });

  it("finds the latest response among many, wherever it falls", () => {
    // One turn of calls at 0..6, answered at 70, 60, …, 10 (the last at 10, so a call from 10
    // on starts a new turn), then one call at t: its gap is t minus the latest response ≤ t.
    const first = Array.from({ length: 7 }, (_, i) => [i, 70 - 10 * i] as [number, number]);
    for (const [t, gap] of [
      [10, 0],
      [15, 5],
      [20, 0],
      [41, 1],
      [69, 9],
      [70, 0],
      [75, 5],
    ] as const) {
      expect(turnGaps(calls(...first, [t, null]))).toEqual([gap]);
    }
  });
});
