import { describe, expect, it } from "vitest";
import { type BestScheduleInput, bestSchedule, type PlanStep } from "../../src/engine/best-schedule.js";

/**
 * The search's lower bound on the time still needed (each task's remaining critical path, one
 * collect per step with a latency on a chain, one tick per start and answer still to make). On
 * these small episodes it is exact from the start, so A* (ties to the deeper state) walks one
 * optimal schedule and expands nothing beside it: one state per call of the schedule, bar the
 * closing answers, plus the start. A weaker bound lets it wander off that path.
 */

const step = (task: number, d: number, deps: number[] = []): PlanStep => ({ task, d, deps, tool: "t" });
const async = (tasks: number, steps: PlanStep[]): BestScheduleInput => ({ tasks, steps, mode: "async" });

const cases: { name: string; input: BestScheduleInput; makespan: number; expanded: number }[] = [
  // start, wait (2 → 4), answer.
  { name: "one step of latency 3", input: async(1, [step(0, 3)]), makespan: 5, expanded: 3 },
  // start, wait, start, wait, answer: a latency of 1 still costs its collect.
  {
    name: "a chain of two latency-1 steps",
    input: async(1, [step(0, 1), step(0, 1, [0])]),
    makespan: 5,
    expanded: 5,
  },
  // Two starts, a wait that sees the short one, its answer in the slack of the last wait, that wait.
  {
    name: "two tasks of latency 5 and 2",
    input: async(2, [step(0, 5), step(1, 2)]),
    makespan: 7,
    expanded: 5,
  },
  // Two starts and one wait for both: 1 + 1 + 3 (the second ends at 5) + the answer.
  {
    name: "one task of two latency-3 steps",
    input: async(1, [step(0, 3), step(0, 3)]),
    makespan: 6,
    expanded: 4,
  },
  // Three starts and one wait for all three (the last ends at 4), the answer: here the count of
  // calls still to make (3 starts, 1 collect, 1 answer) is the bound, not the critical path.
  {
    name: "one task of three latency-1 steps",
    input: async(1, [step(0, 1), step(0, 1), step(0, 1)]),
    makespan: 5,
    expanded: 5,
  },
  // Each 0-latency start delivers its own step: two calls, then the answer.
  {
    name: "a chain of two 0-latency steps",
    input: async(1, [step(0, 0), step(0, 0, [0])]),
    makespan: 3,
    expanded: 3,
  },
  // 0 → 2 (latencies 1, 3) and a lone step 1 (latency 2): start 0, see it at 2, start 2 and 1,
  // one wait to 6, two answers.
  {
    name: "a chain beside a lone step",
    input: async(2, [step(0, 1), step(1, 2), step(0, 3, [0])]),
    makespan: 8,
    expanded: 6,
  },
  // 0 → {1, 2} → 3 (latencies 2, 3, 1, 2): 1 + 2 to see 0 (at 3), starts at 4 and 5, a wait
  // to 7, start 3 at 8 (ends 10), a wait to 10, the answer at 11.
  {
    name: "a diamond",
    input: async(1, [step(0, 2), step(0, 3, [0]), step(0, 1, [0]), step(0, 2, [1, 2])]),
    makespan: 11,
    expanded: 8,
  },
];

describe("bestSchedule: the bound", () => {
  for (const c of cases) {
    it(`is exact on ${c.name}: M* ${c.makespan}, ${c.expanded} states expanded`, () => {
      const best = bestSchedule(c.input);
      expect(best.makespan).toBe(c.makespan);
      expect(best.expanded).toBe(c.expanded);
      expect(best.actions.filter((a) => a.kind !== "answer").length + 1).toBe(c.expanded);
    });
  }
});
