import { describe, expect, it } from "vitest";
import { type BestScheduleInput, bestSchedule, type PlanStep } from "../../src/engine/best-schedule.js";

/**
 * The schedule the search hands back, worked by hand: the eager reordering of a fault-free
 * schedule (a start moves before a wait it did not need, while M* stays), and the sync schedule
 * (each attempt blocks for its latency, in dependency order).
 */

const step = (task: number, d: number, deps: number[] = [], extra: Partial<PlanStep> = {}): PlanStep => ({
  task,
  d,
  deps,
  tool: "t",
  ...extra,
});
const async = (tasks: number, steps: PlanStep[]): BestScheduleInput => ({ tasks, steps, mode: "async" });

describe("bestSchedule: the eager order of a fault-free schedule", () => {
  it("starts every ready step before the first wait, when M* stays the same", () => {
    // Task 1 is the chain 1 → 2 → 3 (latency 6 each): (1 + 6) × 3 + its answer = 22 = M*, and
    // every other call fits in its waits. Steps 4 (task 2, latency 3) and 0 (task 0, latency 0)
    // need nothing: both start before the first wait, not after the chain's last start.
    const best = bestSchedule(
      async(3, [step(0, 0), step(1, 6), step(1, 6, [1]), step(1, 6, [1, 2]), step(2, 3)]),
    );
    expect(best.makespan).toBe(22);
    expect(best.actions).toEqual([
      { kind: "start", step: 1, at: 1 },
      { kind: "start", step: 4, at: 2 },
      { kind: "start", step: 0, at: 3 },
      { kind: "collect", steps: [1], at: 4, until: 7 },
      { kind: "start", step: 2, at: 8 },
      { kind: "collect", steps: [2], at: 9, until: 14 },
      { kind: "start", step: 3, at: 15 },
      { kind: "answer", task: 0, at: 16 },
      { kind: "collect", steps: [4], at: 17, until: 17 },
      { kind: "answer", task: 2, at: 18 },
      { kind: "collect", steps: [3], at: 19, until: 21 },
      { kind: "answer", task: 1, at: 22 },
    ]);
  });

  it("counts a 0-latency step as in once its own call has delivered it", () => {
    // Steps 0, 1 and 3 have latency 0 (each seen by its own start), step 2 (task 1) latency 2.
    // Step 3 needs step 1, delivered by its start at 2, so it starts before the wait for step 2
    // (started at 3, ends 5): the wait at 6 lands at once, and M* stays 8.
    const best = bestSchedule(async(3, [step(0, 0), step(2, 0), step(1, 2), step(2, 0, [1])]));
    expect(best.makespan).toBe(8);
    expect(best.actions).toEqual([
      { kind: "start", step: 0, at: 1 },
      { kind: "start", step: 1, at: 2 },
      { kind: "start", step: 2, at: 3 },
      { kind: "answer", task: 0, at: 4 },
      { kind: "start", step: 3, at: 5 },
      { kind: "collect", steps: [2], at: 6, until: 6 },
      { kind: "answer", task: 1, at: 7 },
      { kind: "answer", task: 2, at: 8 },
    ]);
  });

  it("leaves a start after a wait when moving it before would make the episode longer", () => {
    // Task 0 is 0 → 2 (latencies 1, 3), task 1 is step 1 (latency 2). Optimal: start 0 at 1
    // (ends 2), see it at 2, start 2 at 3 (ends 6), start 1 at 4 (ends 6), one wait at 5 lands
    // at 6, answers at 7 and 8. Step 1 needs nothing, but started before the first wait it
    // delays that wait to 3 and step 2 to 4 (ends 7): the answers at 8 and 9. It stays.
    const best = bestSchedule(async(2, [step(0, 1), step(1, 2), step(0, 3, [0])]));
    expect(best.makespan).toBe(8);
    expect(best.actions).toEqual([
      { kind: "start", step: 0, at: 1 },
      { kind: "collect", steps: [0], at: 2, until: 2 },
      { kind: "start", step: 2, at: 3 },
      { kind: "start", step: 1, at: 4 },
      { kind: "collect", steps: [1, 2], at: 5, until: 6 },
      { kind: "answer", task: 0, at: 7 },
      { kind: "answer", task: 1, at: 8 },
    ]);
  });
});

describe("bestSchedule: a schedule whose times the order alone does not give is left as found", () => {
  it("with a concurrency limit: moving a start before a wait could run two jobs of the tool at once", () => {
    // Tool t runs one job at a time. Step 1 (task 0, latency 1) at 1; step 0 (task 2, latency 2)
    // at 2, when step 1's job has ended; a wait at 3; step 3 (after 1) at 4, when step 0's has
    // ended; a wait at 5; step 2 (task 1, latency 4) at 6. Step 2 needs nothing, but moved
    // before the wait at 3 it would start while step 0 still runs.
    const best = bestSchedule({
      tasks: 3,
      steps: [step(2, 2), step(0, 1), step(1, 4), step(0, 2, [1])],
      mode: "async",
      concurrency: { t: 1 },
    });
    expect(best.makespan).toBe(11);
    expect(best.actions).toEqual([
      { kind: "start", step: 1, at: 1 },
      { kind: "start", step: 0, at: 2 },
      { kind: "collect", steps: [1], at: 3, until: 3 },
      { kind: "start", step: 3, at: 4 },
      { kind: "collect", steps: [0], at: 5, until: 5 },
      { kind: "start", step: 2, at: 6 },
      { kind: "collect", steps: [3], at: 7, until: 7 },
      { kind: "answer", task: 0, at: 8 },
      { kind: "answer", task: 2, at: 9 },
      { kind: "collect", steps: [2], at: 10, until: 10 },
      { kind: "answer", task: 1, at: 11 },
    ]);
  });

  it("with faults: moving starts before a wait would put the retry beside the attempt that fails", () => {
    // Step 1 (after 0, latency 4) fails its first attempt: started at 3, it fails at 7, where
    // the retry starts (ends 11). Moved earlier, the retry would run beside the failing attempt
    // and share its fate.
    const best = bestSchedule(
      async(3, [step(0, 1), step(0, 4, [0], { fails: (attempt) => attempt < 1 }), step(2, 2), step(1, 1)]),
    );
    expect(best.makespan).toBe(12);
    expect(best.actions).toEqual([
      { kind: "start", step: 0, at: 1 },
      { kind: "collect", steps: [0], at: 2, until: 2 },
      { kind: "start", step: 1, at: 3 },
      { kind: "start", step: 3, at: 4 },
      { kind: "collect", steps: [3], at: 5, until: 5 },
      { kind: "start", step: 2, at: 6 },
      { kind: "start", step: 1, at: 7 },
      { kind: "collect", steps: [2], at: 8, until: 8 },
      { kind: "answer", task: 1, at: 9 },
      { kind: "answer", task: 2, at: 10 },
      { kind: "collect", steps: [1], at: 11, until: 11 },
      { kind: "answer", task: 0, at: 12 },
    ]);
  });

  it("with calls that fit several steps, whose latency depends on which steps are held", () => {
    // Step 1's call fits step 0 first, step 3's fits step 0 first: each takes its own step
    // only while step 0 is held. The search's order stays, step 1's start after the first wait.
    const best = bestSchedule(
      async(2, [
        step(0, 3),
        step(1, 0, [], { fits: [0, 1] }),
        step(0, 3, [0]),
        step(0, 2, [0, 2], { fits: [0, 3] }),
      ]),
    );
    expect(best.makespan).toBe(12);
    expect(best.actions).toEqual([
      { kind: "start", step: 0, at: 1 },
      { kind: "collect", steps: [0], at: 2, until: 4 },
      { kind: "start", step: 2, at: 5 },
      { kind: "start", step: 1, at: 6 },
      { kind: "answer", task: 1, at: 7 },
      { kind: "collect", steps: [2], at: 8, until: 8 },
      { kind: "start", step: 3, at: 9 },
      { kind: "collect", steps: [3], at: 10, until: 11 },
      { kind: "answer", task: 0, at: 12 },
    ]);
  });
});

describe("bestSchedule: the sync schedule", () => {
  it("runs the steps in dependency order, each attempt a call plus its latency, then one answer per task", () => {
    // Step 0 needs step 1, so 1 goes first: start at 1 (latency 0, t = 1), step 0 at 2 (t = 4);
    // step 2 fails twice (attempts 0 and 1): starts at 5, 7 and 9, each ending 1 later (t = 10).
    // The answers at 11 and 12.
    const attempts: number[] = [];
    const fails = (attempt: number) => {
      attempts.push(attempt);
      return attempt < 2;
    };
    const best = bestSchedule({
      tasks: 2,
      steps: [step(0, 2, [1]), step(0, 0), step(1, 1, [], { fails })],
      mode: "sync",
    });
    expect(best).toEqual({
      makespan: 12,
      actions: [
        { kind: "start", step: 1, at: 1 },
        { kind: "start", step: 0, at: 2 },
        { kind: "start", step: 2, at: 5 },
        { kind: "start", step: 2, at: 7 },
        { kind: "start", step: 2, at: 9 },
        { kind: "answer", task: 0, at: 11 },
        { kind: "answer", task: 1, at: 12 },
      ],
      expanded: 0,
    });
    expect(attempts).toEqual([0, 1, 2]);
  });
});
