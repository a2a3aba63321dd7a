import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/json.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/**
 * Step matching and step precision / recall / F1. The declared scenario: task `chain` has
 * a (fetch key=a, d=3) → b (combine left=$from a.value, right=b, d=2); task `solo` has
 * c (fetch key=c, d=3). Three gold steps. `quick` is a tool no gold step uses (d=1).
 */
const scenario = declaredScenario();

function step(m: ReturnType<typeof computeMetrics>, task: string, id: string) {
  const found = m.steps.find((s) => s.task === task && s.step === id);
  if (!found) throw new Error(`no step ${task}/${id}`);
  return found;
}

describe("step precision, recall and F1", () => {
  it("counts matched calls against scenario-tool calls and gold steps", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // call 1, matches chain/a
    s.call(2, "quick", { n: 1 }); // call 2, no gold step
    s.wait(3, [a]); // call 3: a seen at 4
    s.call(5, "combine", { left: "v-a", right: "b" }); // call 4, matches chain/b
    const m = computeMetrics(scenario, s.end());
    // 3 scenario-tool calls, 2 matched; 3 gold steps, 2 matched (solo/c never started).
    // P = 2/3, R = 2/3, F1 = 2·2 / (3 + 3) = 2/3.
    expect(m.stepPrecision).toBeCloseTo(2 / 3, 12);
    expect(m.stepRecall).toBeCloseTo(2 / 3, 12);
    expect(m.stepF1).toBeCloseTo(2 / 3, 12);
    expect(m.correctness.matchedCalls).toBe(2);
  });

  it("does not match a call whose job failed, and matches its retry", () => {
    const s = new Session(scenario);
    const first = s.call(1, "fetch", { key: "a" }, { fail: "JOB_FAILED_TRANSIENT" }); // call 1, j1 fails at 4
    s.wait(2, [first]); // call 2: sees the failure at 4
    const retry = s.call(5, "fetch", { key: "a" }); // call 3, j2 ends 8
    s.wait(6, [retry]); // call 4
    const m = computeMetrics(scenario, s.end());
    // The retry did the step: chain/a ↔ call 3, job #2. Scenario-tool calls 2, matched 1 → P = 1/2;
    // gold 3, matched 1 → R = 1/3; F1 = 2·1 / (2 + 3) = 0.4. The failed call is no duplicate (its job failed).
    expect(step(m, "chain", "a")).toMatchObject({ call: 3, job: 2, attempts: 2 });
    expect(m.stepPrecision).toBe(0.5);
    expect(m.stepRecall).toBeCloseTo(1 / 3, 12);
    expect(m.stepF1).toBeCloseTo(0.4, 12);
    expect(m.duplicates).toBe(0);
  });

  it("does not match a call that started no job (refused), and matches the accepted one", () => {
    const s = new Session(scenario);
    s.refused(1, "fetch", { key: "c" }, "TOOL_BUSY"); // call 1: no job
    s.call(2, "fetch", { key: "c" }); // call 2, job #1
    const m = computeMetrics(scenario, s.end());
    // 2 scenario-tool calls, 1 matched: P = 1/2.
    expect(step(m, "solo", "c")).toMatchObject({ call: 2, job: 1 });
    expect(m.stepPrecision).toBe(0.5);
  });

  it("matches a repeat that a gold step needs instead of calling it a duplicate", () => {
    const twice = declaredScenario({
      tasks: [
        {
          id: "p",
          instruction: "Fetch x.",
          steps: [{ id: "x", tool: "fetch", args: { key: "x" } }],
          answer: { exact: "v-x" },
        },
        {
          id: "q",
          instruction: "Fetch x too.",
          steps: [{ id: "x", tool: "fetch", args: { key: "x" } }],
          answer: { exact: "v-x" },
        },
      ],
    });
    const s = new Session(twice);
    s.call(1, "fetch", { key: "x" }); // call 1 → p/x
    s.call(2, "fetch", { key: "x" }); // call 2 → q/x: a repeat a gold step needs
    s.call(3, "fetch", { key: "x" }); // call 3: nothing left to match, equal to call 1 whose job is working
    const m = computeMetrics(twice, s.end());
    expect(step(m, "p", "x").call).toBe(1);
    expect(step(m, "q", "x").call).toBe(2);
    // Only call 3 is a duplicate. P = 2/3, R = 1.
    expect(m.correctness.duplicateCalls).toEqual([3]);
    expect(m.duplicates).toBe(1);
    expect(m.stepPrecision).toBeCloseTo(2 / 3, 12);
    expect(m.stepRecall).toBe(1);
  });

  it("prefers the call that causes no dependency violation, then the earlier call", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // call 1, ends 4
    const guess = s.call(2, "combine", { left: "v-a", right: "b" }); // call 2: before a is seen
    s.wait(3, [a, guess]); // call 3: a seen at 4
    const proper = s.call(5, "combine", { left: "v-a", right: "b" }); // call 4: after a is seen
    s.wait(6, [proper]); // call 5
    s.call(8, "fetch", { key: "c" }); // call 6
    s.call(9, "fetch", { key: "c" }); // call 7: same as call 6
    const m = computeMetrics(scenario, s.end());
    // chain/b: call 2 would violate (2 < seen(a) = 4), call 4 does not → call 4.
    expect(step(m, "chain", "b")).toMatchObject({ call: 4, violation: false });
    // solo/c: both fit without violation → the earlier, call 6; call 7 is a duplicate of it.
    expect(step(m, "solo", "c").call).toBe(6);
    expect(m.correctness.duplicateCalls).toEqual([7]);
    expect(m.dependencyViolationRate).toBe(0);
  });

  it("tells apart two tasks with the same first call by what each did next, to avoid a false violation", () => {
    // Tasks p and q both start with fetch(x), then combine its value with b (p) or c (q).
    const same = declaredScenario({
      tasks: ["p", "q"].map((id) => ({
        id,
        instruction: `Fetch x, then combine it with ${id === "p" ? "b" : "c"}.`,
        steps: [
          { id: "x", tool: "fetch", args: { key: "x" } as Record<string, JsonValue> },
          {
            id: "join",
            tool: "combine",
            args: { left: { $from: "x.value" }, right: id === "p" ? "b" : "c" },
            after: ["x"],
          },
        ],
        answer: { any: true as const },
      })),
    });
    const s = new Session(same);
    const first = s.call(1, "fetch", { key: "x" }); // call 1, ends 4: the agent's for q
    s.wait(2, [first]); // call 2: seen at 4
    s.call(5, "combine", { left: "v-x", right: "c" }); // call 3: q's join, after call 1 was seen
    const second = s.call(6, "fetch", { key: "x" }); // call 4, ends 9: p's
    s.wait(7, [second]); // call 5: seen at 9
    s.call(10, "combine", { left: "v-x", right: "b" }); // call 6: p's join, after call 4 was seen
    const m = computeMetrics(same, s.end());
    // Step by step, p/x (first in order) would take the earlier call 1, leaving q/x call 4, seen
    // at 9, after q's join at 5: a violation the agent did not commit. Exchanged, none is left.
    expect(step(m, "p", "x").call).toBe(4);
    expect(step(m, "q", "x").call).toBe(1);
    expect(m.dependencyViolationRate).toBe(0);
    expect(m.stepRecall).toBe(1);
  });

  it("reads $from from the results of the jobs that can do the referenced step", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // returns { value: "v-a" }
    s.wait(2, [a]);
    s.call(5, "combine", { left: "v-z", right: "b" }); // call 3: left is not a's value
    const m = computeMetrics(scenario, s.end());
    expect(step(m, "chain", "b").call).toBeNull();
    expect(m.stepPrecision).toBe(0.5);
  });

  it("finds a maximum matching where taking the earliest call first would lose a step", () => {
    const contested = declaredScenario({
      tasks: [
        {
          id: "p",
          instruction: "Fetch any key.",
          steps: [{ id: "any", tool: "fetch", args: { key: { $any: true, $example: "k" } } }],
          answer: { any: true },
        },
        {
          id: "q",
          instruction: "Fetch k.",
          steps: [{ id: "k", tool: "fetch", args: { key: "k" } }],
          answer: { any: true },
        },
      ],
    });
    const s = new Session(contested);
    s.call(1, "fetch", { key: "k" }); // call 1 fits p/any and q/k
    s.call(2, "fetch", { key: "z" }); // call 2 fits p/any only
    const m = computeMetrics(contested, s.end());
    // Greedy p/any ← call 1 would leave q/k unmatched; the maximum matching has both.
    expect(step(m, "p", "any").call).toBe(2);
    expect(step(m, "q", "k").call).toBe(1);
    expect(m.stepRecall).toBe(1);
  });
});
