import { describe, expect, it } from "vitest";
import { type BestScheduleInput, bestSchedule, type PlanStep } from "../../src/engine/best-schedule.js";

/** The search's edges, each worked by hand: its size limit, impossible steps, shared calls, sync retries. */

const step = (task: number, d: number, deps: number[] = [], extra: Partial<PlanStep> = {}): PlanStep => ({
  task,
  d,
  deps,
  tool: "t",
  ...extra,
});
const async = (tasks: number, steps: PlanStep[]): BestScheduleInput => ({ tasks, steps, mode: "async" });

describe("bestSchedule: size", () => {
  it("31 steps are more than the search handles: no makespan, marked too large, nothing expanded", () => {
    const best = bestSchedule(
      async(
        1,
        Array.from({ length: 31 }, () => step(0, 0)),
      ),
    );
    expect(best).toEqual({
      makespan: null,
      actions: [],
      reason: "31 steps are more than the search handles (30)",
      expanded: 0,
      tooLarge: true,
    });
  });

  it("30 steps are searched: thirty 0-latency starts, each delivered by its own call, then the answer", () => {
    const best = bestSchedule(
      async(
        1,
        Array.from({ length: 30 }, () => step(0, 0)),
      ),
    );
    expect(best.makespan).toBe(31);
    expect(best.tooLarge).toBeUndefined();
    expect(best.actions.at(-1)).toEqual({ kind: "answer", task: 0, at: 31 });
    // Every state on the way, from the start to the one with all thirty seen, was expanded.
    expect(best.expanded).toBeGreaterThanOrEqual(31);
  });
});

describe("bestSchedule: the cap on states expanded", () => {
  // One 0-latency step: the search expands the start, then the state with the step seen (the goal).
  const one = async(1, [step(0, 0)]);

  it("a search that needs no more states than the cap finishes", () => {
    expect(bestSchedule({ ...one, maxExpanded: 2 })).toMatchObject({ makespan: 2, expanded: 2 });
  });

  it("one state more and it gives up: no makespan, marked too large, with the cap as reason", () => {
    expect(bestSchedule({ ...one, maxExpanded: 1 })).toEqual({
      makespan: null,
      actions: [],
      reason: "the search passed 1 states",
      expanded: 2,
      tooLarge: true,
    });
  });
});

describe("bestSchedule: answers in a wait's slack", () => {
  it("a wait that jumps τ ticks holds at most τ − 1 answers before it", () => {
    // Tasks 0 and 1 have a 0-latency step each (seen by its own call), task 2 one of latency 2.
    // Seven calls are needed whatever the order (three starts, three answers, one wait for the
    // last step). Started last (at 3, ends at 5), the wait from 3 jumps two ticks: room for one
    // answer (at 4), the wait at 5, then two answers: 7. Two answers cannot both fit there.
    const best = bestSchedule(async(3, [step(0, 0), step(1, 0), step(2, 2)]));
    expect(best.makespan).toBe(7);
  });
});

describe("bestSchedule: steps that cannot complete", () => {
  it("a step whose every fitting step expires: null at once, naming the step", () => {
    const best = bestSchedule(async(1, [step(0, 1), step(0, 2, [], { expires: true })]));
    expect(best).toEqual({
      makespan: null,
      actions: [],
      reason: "step 1 can never complete: its jobs outlive the tool's time limit",
      expanded: 0,
    });
  });

  it("a step that fits an expiring step first can never start either, so no schedule exists", () => {
    // Step 0's call (and step 1's) is attributed to the first free step it fits: step 1, whose
    // jobs expire. Neither step expires outright, so only the search finds there is no way.
    const best = bestSchedule(
      async(1, [step(0, 1, [], { fits: [1, 0] }), step(0, 2, [], { fits: [1, 0], expires: true })]),
    );
    expect(best.makespan).toBeNull();
    expect(best.reason).toBe("no schedule answers every task");
    expect(best.actions).toEqual([]);
    expect(best.tooLarge).toBeUndefined();
  });

  it("an expiring step that another step's call can stand in for does not stop the search", () => {
    // Step 1 expires, but it fits step 0 first: its call runs as step 0's (latency 1), so it
    // completes. Start 1 at 1 (attributed to 0, ends at 2), start 0 at 2 (0 is now held, so it
    // is attributed to itself, ends at 3), a wait at 3 lands at 3 with both, answer at 4.
    const best = bestSchedule(async(1, [step(0, 1), step(0, 9, [], { fits: [0, 1], expires: true })]));
    expect(best.makespan).toBe(4);
  });
});

describe("bestSchedule: calls that fit several steps", () => {
  it("an empty fits list is the step alone", () => {
    expect(bestSchedule(async(1, [step(0, 3, [], { fits: [] })])).makespan).toBe(5);
  });

  it("the first call takes the first free step's latency, so the second gets the other's", () => {
    // Alone: step 1 (d = 5) at 1 ends at 6, step 0 (d = 1) at 2 ends at 3, a wait at 3 sees it,
    // answer task 0 at 4, a wait at 5 lands at 6, answer task 1 at 7: M* = 7.
    const alone = [step(0, 1), step(1, 5)];
    expect(bestSchedule(async(2, alone)).makespan).toBe(7);
    // Each call fits both, step 0 first: whichever call comes first runs as step 0 (d = 1), the
    // second as step 1 (d = 5). First at 1 (ends 2), second at 2 (ends 7), a wait at 3 sees the
    // first, its answer at 4, a wait at 5 lands at 7, the last answer at 8: M* = 8.
    const shared = [step(0, 1, [], { fits: [0, 1] }), step(1, 5, [], { fits: [0, 1] })];
    expect(bestSchedule(async(2, shared)).makespan).toBe(8);
  });

  it("a shared call runs with the fate of the step it is attributed to", () => {
    // Step 0 never fails, step 1 fails its first attempt; both calls fit step 1 first. The first
    // call runs as step 1 (d = 1) and fails at its end; the second runs as step 0 (d = 1).
    // Start A at 1 (as 1, fails at 2), start B at 2 (as 0, ends at 3; A's failure freed step 1
    // at 2), start A again at 3 (as 1, second attempt, succeeds, ends at 4), a wait at 4 lands at
    // 4 with both, two answers: M* = 6. Without the failure it would be start, start, wait at 3,
    // answers at 4 and 5: M* = 5.
    const failsFirst = (attempt: number) => attempt === 0;
    const steps = [step(0, 1, [], { fits: [1, 0] }), step(1, 1, [], { fits: [1, 0], fails: failsFirst })];
    expect(bestSchedule(async(2, steps)).makespan).toBe(6);
    const sound = [step(0, 1, [], { fits: [1, 0] }), step(1, 1, [], { fits: [1, 0] })];
    expect(bestSchedule(async(2, sound)).makespan).toBe(5);
  });
});

describe("bestSchedule: sync mode", () => {
  it("a failed attempt is retried by another call, paying its latency again", () => {
    // Attempt 0 fails: (1 + 2), the retry (1 + 2), then the answer: 7.
    const best = bestSchedule({
      tasks: 1,
      steps: [step(0, 2, [], { fails: (attempt) => attempt === 0 })],
      mode: "sync",
    });
    expect(best.makespan).toBe(7);
    expect(best.actions).toEqual([
      { kind: "start", step: 0, at: 1 },
      { kind: "start", step: 0, at: 4 },
      { kind: "answer", task: 0, at: 7 },
    ]);
  });

  it("steps run in dependency order, whatever their listed order", () => {
    // Step 0 depends on step 1: step 1 first (1 + 1), then step 0 (1 + 0), the answer at 4.
    const best = bestSchedule({ tasks: 1, steps: [step(0, 0, [1]), step(0, 1)], mode: "sync" });
    expect(best.actions.map((a) => (a.kind === "start" ? a.step : a.kind))).toEqual([1, 0, "answer"]);
    expect(best.makespan).toBe(4);
  });
});

describe("bestSchedule: failed attempts are counted per step", () => {
  it("a step's retries follow its own failures, not another step's: M* = 8", () => {
    // One task. Step 0: latency 4, no fault. Step 1: latency 1, its first attempt fails. Step 2:
    // latency 2, its first two attempts fail. Step 2's three attempts run one after another, each
    // started no earlier than the previous one ended: at 1, 3 and 5 at the earliest, so the last
    // ends at 7, a wait lands there and the answer comes at 8 (M* ≥ 8). Start 2 at 1, start 0 at
    // 2 (ends 6), retry 2 at 3, start 1 at 4 (fails at 5), retry 2 at 5 and 1 at 6 (both end at
    // 7), one wait at 7 for all three, the answer at 8: 6 starts, 1 wait, 1 answer, no call to
    // spare. At 3, that schedule runs steps 0 and 2 (a failing attempt, ending at 5) after one
    // failure of step 2; starting 1 at 1 (fails at 2), 0 at 2 and 2 at 3 runs the same jobs after
    // one failure of step 1. The two must not be taken for one another: from the second, step 2
    // still owes two attempts after the running one (ending at 7 and 9 at the earliest): no answer before 10.
    const fails = (failing: number) => (attempt: number) => attempt < failing;
    const best = bestSchedule(
      async(1, [step(0, 4), step(0, 1, [], { fails: fails(1) }), step(0, 2, [], { fails: fails(2) })]),
    );
    expect(best.makespan).toBe(8);
    const starts = [0, 1, 2].map(
      (i) => best.actions.filter((a) => a.kind === "start" && a.step === i).length,
    );
    expect(starts).toEqual([1, 2, 3]);
    expect(best.actions.filter((a) => a.kind === "collect")).toHaveLength(1);
    expect(best.actions.at(-1)).toEqual({ kind: "answer", task: 0, at: 8 });
  });
});
