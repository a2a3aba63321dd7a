import { describe, expect, it } from "vitest";
import {
  type BestScheduleInput,
  eager,
  type PlanStep,
  type ScheduleAction,
} from "../../src/engine/best-schedule.js";

/**
 * The eager order on hand-made fault-free schedules: a start moves before a wait it did not need
 * (its inputs were seen through an earlier wait, or by its own call for a 0-latency step) while
 * the makespan does not grow. The search's own outputs rarely hold such a start, so these lists
 * are written out, and every time in them worked by hand.
 */

const step = (task: number, d: number, deps: number[] = []): PlanStep => ({ task, d, deps, tool: "t" });
const input = (tasks: number, steps: PlanStep[]): BestScheduleInput => ({ tasks, steps, mode: "async" });
const start = (s: number, at: number): ScheduleAction => ({ kind: "start", step: s, at });
const collect = (steps: number[], at: number, until: number): ScheduleAction => ({
  kind: "collect",
  steps,
  at,
  until,
});
const answer = (task: number, at: number): ScheduleAction => ({ kind: "answer", task, at });

describe("eager: a start whose inputs came through an earlier wait", () => {
  it("moves before a later wait it does not need, when the makespan does not grow", () => {
    // Step 0 (task 0, latency 1), step 1 (task 1, latency 5), step 2 (task 0, latency 1, needs
    // step 0). Given: start 0 at 1 (ends 2), start 1 at 2 (ends 7), the wait for 0 at 3 lands at
    // 3, the wait for 1 at 4 lands at 7, start 2 at 8 (ends 9), its wait at 9, answers at 10, 11.
    // Step 0 was in from the wait at 3, so start 2 moves before the wait for step 1: it runs at
    // 4 (ends 5), that wait is called at 5 and still lands at 7, step 2's wait at 8 lands at 8,
    // and the answers come at 9 and 10.
    const steps = [step(0, 1), step(1, 5), step(0, 1, [0])];
    const given = [
      start(0, 1),
      start(1, 2),
      collect([0], 3, 3),
      collect([1], 4, 7),
      start(2, 8),
      collect([2], 9, 9),
      answer(0, 10),
      answer(1, 11),
    ];
    expect(eager(input(2, steps), given, 11)).toEqual([
      start(0, 1),
      start(1, 2),
      collect([0], 3, 3),
      start(2, 4),
      collect([1], 5, 7),
      collect([2], 8, 8),
      answer(0, 9),
      answer(1, 10),
    ]);
  });

  it("stays after a later wait when moving it before would make the episode longer", () => {
    // One task: 0 (latency 1) → 1 (latency 1) → 3 (latency 3), and 2 (latency 1) needs step 0.
    // Given: start 0 at 1 (ends 2), its wait at 2, start 1 at 3 (ends 4), its wait at 4, start 3
    // at 5 (ends 8), start 2 at 6 (ends 7), one wait at 7 lands at 8, the answer at 9. Step 2's
    // input was in from the wait at 2, but moved before the wait at 4 it pushes that wait to 5
    // (it lands when called: step 1 ended at 4), step 3 to 6 (ends 9), and the answer to 10.
    // Step 1 needs step 0, which only the wait right before it delivered: it stays too.
    const steps = [step(0, 1), step(0, 1, [0]), step(0, 1, [0]), step(0, 3, [1])];
    const given = [
      start(0, 1),
      collect([0], 2, 2),
      start(1, 3),
      collect([1], 4, 4),
      start(3, 5),
      start(2, 6),
      collect([2, 3], 7, 8),
      answer(0, 9),
    ];
    expect(eager(input(1, steps), given, 9)).toEqual(given);
  });

  it("stays after the wait that delivered its input", () => {
    // Step 1 (latency 2) needs step 0 (latency 3), step 2 (latency 4) needs nothing, all task 0.
    // Given: start 0 at 1 (ends 4), start 2 at 2 (ends 6), the wait for 0 at 3 lands at 4, start
    // 1 at 5 (ends 7), one wait at 6 lands at 7, the answer at 8. Step 1's input came through the
    // wait right before it, so it cannot go before that wait: the schedule is left as it is.
    const steps = [step(0, 3), step(0, 2, [0]), step(0, 4)];
    const given = [
      start(0, 1),
      start(2, 2),
      collect([0], 3, 4),
      start(1, 5),
      collect([1, 2], 6, 7),
      answer(0, 8),
    ];
    expect(eager(input(1, steps), given, 8)).toEqual(given);
  });
});
