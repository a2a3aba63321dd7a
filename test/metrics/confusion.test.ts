import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/json.js";
import { findConfusions } from "../../src/metrics/confusion.js";
import type { Call, Inputs, Job } from "../../src/metrics/inputs.js";
import type { Matching } from "../../src/metrics/matching.js";
import type { Scenario } from "../../src/scenarios/scenario.js";

/**
 * Each rule of cross-task confusion (metrics.md §19), on inputs built by hand. The world:
 * task `alpha` has steps of `fetch` and `combine`, task `beta` steps of `fetch`, task `gamma`
 * steps of `lookup`; no task uses `ping`. A call belongs to its matched step's task, or,
 * unmatched, to every task with a step of its tool (`fetch`: alpha and beta).
 */

interface World {
  readonly scenario: Scenario;
  readonly calls: Call[];
  readonly jobs: Job[];
  readonly stepOfCall: Map<number, { task: { id: string } }>;
}

function world(instructions: Partial<Record<string, string>> = {}): World {
  const tasks = [
    { id: "alpha", tools: ["fetch", "combine", "fetch"] },
    { id: "beta", tools: ["fetch"] },
    { id: "gamma", tools: ["lookup"] },
  ].map((t) => ({
    id: t.id,
    instruction: instructions[t.id] ?? `Do ${t.id}.`,
    steps: t.tools.map((tool, i) => ({ id: `s${i}`, tool })),
  }));
  return { scenario: { tasks } as unknown as Scenario, calls: [], jobs: [], stepOfCall: new Map() };
}

/** A scenario-tool call at `request`, matched to a step of `task` when given. */
function call(w: World, tool: string, args: JsonValue, request: number, task?: string): Call {
  const c = {
    index: w.calls.length,
    call: w.calls.length + 1,
    tool,
    kind: "scenario",
    args,
    request,
    response: null,
    job: null,
  } as unknown as Call;
  w.calls.push(c);
  if (task !== undefined) w.stepOfCall.set(c.index, { task: { id: task } });
  return c;
}

/**
 * A job that returned `result`, seen at `seen` (null: never), started by a call of `task`
 * (matched to one of its steps), by an unmatched call (`task` "unmatched"), or by no call
 * (`task` null).
 */
function job(
  w: World,
  task: string | null,
  result: JsonValue,
  seen: number | null,
  status: Job["status"] = "completed",
): Job {
  const by = task === null ? null : call(w, "fetch", {}, 0, task === "unmatched" ? undefined : task);
  const j = {
    n: w.jobs.length + 1,
    id: `j${w.jobs.length + 1}`,
    call: by,
    status,
    result,
    seen,
  } as unknown as Job;
  w.jobs.push(j);
  return j;
}

function confusions(w: World) {
  const inputs = { calls: w.calls, jobs: w.jobs } as unknown as Inputs;
  const matching = { stepOfCall: w.stepOfCall } as unknown as Matching;
  return findConfusions(w.scenario, inputs, matching);
}

describe("which values count as another task's", () => {
  it("flags a value only another task's job returned, seen by the call's request", () => {
    const w = world();
    job(w, "beta", { code: "v-b" }, 5); // call 1
    call(w, "combine", { left: "v-b", right: "zz" }, 6, "alpha"); // call 2, alpha's step
    expect(confusions(w)).toEqual([{ call: 2, tool: "combine", values: [{ value: "v-b", from: "beta" }] }]);
  });

  it("counts a job seen exactly at the request, not one seen after it or never", () => {
    const w = world();
    job(w, "beta", "at-six", 6);
    job(w, "beta", "at-seven", 7);
    job(w, "beta", "unseen", null);
    call(w, "combine", ["at-six", "at-seven", "unseen"], 6, "alpha");
    expect(confusions(w)).toEqual([
      { call: 4, tool: "combine", values: [{ value: "at-six", from: "beta" }] },
    ]);
  });

  it("takes the earliest time any job of that task returning the value was seen", () => {
    // Two beta jobs returned each value; the call at 8 falls between their two seen times.
    const w = world();
    job(w, "beta", "late-first", 10);
    job(w, "beta", "late-first", 5);
    job(w, "beta", "early-first", 5);
    job(w, "beta", "early-first", 10);
    call(w, "combine", ["late-first", "early-first"], 8, "alpha");
    expect(confusions(w)[0]?.values).toEqual([
      { value: "late-first", from: "beta" },
      { value: "early-first", from: "beta" },
    ]);
  });

  it("names the first task, in the order their jobs finished, that the call had seen", () => {
    const w = world();
    job(w, "gamma", "shared", 9); // not yet seen at 8
    job(w, "beta", "shared", 4);
    call(w, "combine", { x: "shared" }, 8, "alpha");
    expect(confusions(w)[0]?.values).toEqual([{ value: "shared", from: "beta" }]);
  });

  it("ignores jobs that did not complete", () => {
    const w = world();
    job(w, "beta", "failed-value", 2, "failed");
    job(w, "beta", "working-value", 2, "working");
    call(w, "combine", ["failed-value", "working-value"], 6, "alpha");
    expect(confusions(w)).toEqual([]);
  });

  it("gives nothing when no job completed", () => {
    const w = world();
    call(w, "combine", { left: "v-b" }, 6, "alpha");
    expect(confusions(w)).toEqual([]);
  });
});

describe("what clears a value", () => {
  it("a job of the call's own task that returned it too, whichever finished first", () => {
    const w = world();
    job(w, "alpha", "mine-first", 1);
    job(w, "beta", "mine-first", 1);
    job(w, "beta", "mine-last", 1);
    job(w, "alpha", "mine-last", 1);
    call(w, "combine", ["mine-first", "mine-last"], 6, "alpha");
    expect(confusions(w)).toEqual([]);
  });

  it("a job of no task (started by no call, or by a call that matched no step) that returned it", () => {
    const w = world();
    job(w, "beta", "orphan", 1);
    job(w, null, "orphan", 1);
    job(w, "beta", "unmatched", 1);
    job(w, "unmatched", "unmatched", 1);
    job(w, "beta", "flagged", 1);
    call(w, "combine", ["orphan", "unmatched", "flagged"], 6, "alpha");
    expect(confusions(w)[0]?.values).toEqual([{ value: "flagged", from: "beta" }]);
  });

  it("the own task's instruction, which holds it in any case", () => {
    const w = world({ alpha: "Combine V-B with ticket 42." });
    job(w, "beta", ["v-b", 42, 43], 1);
    call(w, "combine", ["v-b", 42, 43], 6, "alpha");
    expect(confusions(w)[0]?.values).toEqual([{ value: 43, from: "beta" }]);
  });

  it("nothing in another task's instruction", () => {
    const w = world({ beta: "Fetch v-b." });
    job(w, "beta", "v-b", 1);
    call(w, "combine", "v-b", 6, "alpha");
    expect(confusions(w)).toHaveLength(1);
  });
});

describe("which tasks a call belongs to", () => {
  it("a matched call belongs to its step's task alone, even when other tasks use its tool", () => {
    // fetch is a tool of alpha and beta; matched to alpha, beta's value is foreign to it.
    const w = world();
    job(w, "beta", "v-b", 1);
    call(w, "fetch", { key: "v-b" }, 6, "alpha");
    expect(confusions(w)).toEqual([{ call: 2, tool: "fetch", values: [{ value: "v-b", from: "beta" }] }]);
  });

  it("an unmatched call belongs to every task with a step of its tool: any of their values clears", () => {
    // fetch: alpha and beta. gamma's value is foreign; beta's is not, nor alpha's.
    const w = world();
    job(w, "beta", "v-b", 1);
    job(w, "gamma", "v-b", 1);
    job(w, "alpha", "v-a", 1);
    job(w, "gamma", "v-a", 1);
    job(w, "gamma", "v-g", 1);
    call(w, "fetch", ["v-b", "v-a", "v-g"], 6);
    expect(confusions(w)).toEqual([{ call: 6, tool: "fetch", values: [{ value: "v-g", from: "gamma" }] }]);
  });

  it("an unmatched call: any of its tasks' instructions clears a value", () => {
    const w = world({ beta: "Fetch v-g." });
    job(w, "gamma", "v-g", 1);
    call(w, "fetch", "v-g", 6);
    expect(confusions(w)).toEqual([]);
  });

  it("a call of a tool no task uses is not judged", () => {
    const w = world();
    job(w, "beta", "v-b", 1);
    call(w, "ping", "v-b", 6);
    expect(confusions(w)).toEqual([]);
  });
});

describe("which argument values are compared", () => {
  it("strings of two characters or more, trimmed and in any case; finite numbers", () => {
    const w = world();
    job(w, "beta", { a: "X", b: "ab", c: "  Mixed Case  ", d: 7, e: 0 }, 1);
    call(w, "combine", { a: "X", b: "ab", c: " mixed CASE", d: 7, e: 0, f: " " }, 6, "alpha");
    expect(confusions(w)[0]?.values).toEqual([
      { value: "ab", from: "beta" },
      { value: "mixed CASE", from: "beta" },
      { value: 7, from: "beta" },
      { value: 0, from: "beta" },
    ]);
  });

  it('keeps strings and numbers apart: the number 42 is not the string "42"', () => {
    const w = world();
    job(w, "beta", [42, "17"], 1);
    call(w, "combine", ["42", 17], 6, "alpha");
    expect(confusions(w)).toEqual([]);
  });

  it("walks nested arrays and objects, past nulls and booleans, on both sides", () => {
    const w = world();
    job(w, "beta", { list: [{ deep: ["v-b"] }, null, true] }, 1);
    call(w, "combine", { outer: [null, false, { inner: ["v-b"] }] }, 6, "alpha");
    expect(confusions(w)[0]?.values).toEqual([{ value: "v-b", from: "beta" }]);
  });

  it("compares no number that is not finite", () => {
    const w = world();
    job(w, "beta", [Number.NaN, Number.POSITIVE_INFINITY], 1);
    call(w, "combine", [Number.NaN, Number.POSITIVE_INFINITY], 6, "alpha");
    expect(confusions(w)).toEqual([]);
  });

  it("lists a value once, as first written, however often the call repeats it", () => {
    const w = world();
    job(w, "beta", "v-b", 1);
    call(w, "combine", { left: "V-B", right: "v-b", again: ["v-b"] }, 6, "alpha");
    expect(confusions(w)[0]?.values).toEqual([{ value: "V-B", from: "beta" }]);
  });

  it("a call whose values all clear is not listed; one with a confusion lists only that value", () => {
    const w = world();
    job(w, "beta", "v-b", 1);
    call(w, "combine", "nowhere", 6, "alpha");
    call(w, "combine", ["nowhere", "v-b"], 7, "alpha");
    expect(confusions(w)).toEqual([{ call: 3, tool: "combine", values: [{ value: "v-b", from: "beta" }] }]);
  });
});
