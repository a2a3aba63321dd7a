import { describe, expect, it } from "vitest";
import type { JobStatus } from "../../src/engine/types.js";
import type { JsonObject, JsonValue } from "../../src/json.js";
import { buildGold } from "../../src/metrics/gold.js";
import type { Call, CallKind, Inputs, Job } from "../../src/metrics/inputs.js";
import { canDoStep, type Matching, matchedResults, matchSteps } from "../../src/metrics/matching.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * Each rule of step matching (metrics.md §1–2), read straight off matchSteps on calls built by
 * hand: every request, job status, seen time and result is written in the test, so that each
 * expected match follows from the rule it pins and nothing else. Tools are those of the
 * declared scenario: `fetch` (key), `combine` (left, right), `quick` (n).
 */

interface CallSpec {
  readonly tool: string;
  readonly args: JsonObject;
  readonly request: number;
  /** The job's final status; null: the call started no job (refused). Default completed. */
  readonly status?: JobStatus | null;
  /** When the agent first saw the job's output; default never. */
  readonly seen?: number | null;
  /** The completed job's result; default none. */
  readonly result?: JsonValue;
  readonly kind?: CallKind;
}

/** Inputs with these calls, in request order (index i, call number i + 1), and these answers. */
function inputsOf(specs: readonly CallSpec[], answers: readonly { task: string; t: number }[] = []): Inputs {
  const calls: Call[] = [];
  const jobs: Job[] = [];
  specs.forEach((spec, index) => {
    const status = spec.status === undefined ? "completed" : spec.status;
    const call = {
      index,
      call: index + 1,
      tool: spec.tool,
      kind: spec.kind ?? "scenario",
      args: spec.args,
      request: spec.request,
      response: null,
      job: null as Job | null,
    };
    if (status !== null) {
      const job: Job = {
        n: jobs.length + 1,
        id: `j${jobs.length + 1}`,
        tool: spec.tool,
        call: call as Call,
        args: spec.args,
        start: spec.request,
        status,
        finish: status === "working" ? null : spec.request + 1,
        result: spec.result,
        cancelledBy: undefined,
        errorCode: undefined,
        seen: spec.seen ?? null,
        seenBy: null,
        finalOrder: null,
      };
      call.job = job;
      jobs.push(job);
    }
    calls.push(call as Call);
  });
  return {
    clock: "step",
    calls,
    jobs,
    answers: answers.map((a) => ({ task: a.task, answer: "", t: a.t, call: calls[0] as Call })),
    end: 100,
    endStatus: "finished",
    truncated: false,
    ids: undefined as never,
  } as Inputs;
}

function matchOf(scenario: Scenario, inputs: Inputs): Matching {
  return matchSteps(buildGold(scenario, {}, 1), inputs);
}

/** The call number (1-based) that did the step, or null. */
function callOf(m: Matching, key: string): number | null {
  const match = m.byKey.get(key);
  if (!match) throw new Error(`no step ${key}`);
  return match.call?.call ?? null;
}

const fetchA = { id: "a", tool: "fetch", args: { key: "a" } as Record<string, JsonValue> };

/** One task: a (fetch key=a) → b (combine left=$from a.value, right=b). */
const chain = declaredScenario({
  tasks: [
    {
      id: "t",
      instruction: "Fetch a, then combine it with b.",
      steps: [
        fetchA,
        { id: "b", tool: "combine", args: { left: { $from: "a.value" }, right: "b" }, after: ["a"] },
      ],
      answer: { any: true },
    },
  ],
});

describe("which calls can do a step", () => {
  it("takes a scenario call whose job completed or is still working, nothing else", () => {
    const m = inputsOf([
      { tool: "fetch", args: { key: "a" }, request: 1, status: "completed" },
      { tool: "fetch", args: { key: "a" }, request: 2, status: "working" },
      { tool: "fetch", args: { key: "a" }, request: 3, status: "failed" },
      { tool: "fetch", args: { key: "a" }, request: 4, status: "cancelled" },
      { tool: "fetch", args: { key: "a" }, request: 5, status: "expired" },
      { tool: "fetch", args: { key: "a" }, request: 6, status: null },
      { tool: "fetch", args: { key: "a" }, request: 7, kind: "job-tool" },
    ]);
    expect(m.calls.map(canDoStep)).toEqual([true, true, false, false, false, false, false]);
  });

  it("counts as attempts the fitting calls that started a job, whatever its end, and no refused call", () => {
    // Calls 1 (refused), 2 (failed), 3 (wrong key), 4 (completed): attempts of t/a are 2 and 4;
    // the failed call cannot do the step, so call 4 does it.
    const m = matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, status: null },
        { tool: "fetch", args: { key: "a" }, request: 2, status: "failed" },
        { tool: "fetch", args: { key: "z" }, request: 3 },
        { tool: "fetch", args: { key: "a" }, request: 4 },
      ]),
    );
    expect(m.attempts.get("t/a")?.map((c) => c.call)).toEqual([2, 4]);
    expect(callOf(m, "t/a")).toBe(4);
    expect(m.attempts.get("t/b")).toEqual([]);
    expect(callOf(m, "t/b")).toBeNull();
  });

  it("ignores a call that is not a scenario call even when its tool and arguments fit", () => {
    // A call recorded with kind job-tool never does a step, even with a job of that tool.
    const m = matchOf(chain, inputsOf([{ tool: "fetch", args: { key: "a" }, request: 1, kind: "unknown" }]));
    expect(m.attempts.get("t/a")).toEqual([]);
    expect(callOf(m, "t/a")).toBeNull();
  });

  it("records which step each matched call did", () => {
    const m = matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 2, result: { value: "v" } },
        { tool: "quick", args: { n: 1 }, request: 3 },
        { tool: "combine", args: { left: "v", right: "b" }, request: 4 },
      ]),
    );
    expect([...m.stepOfCall].map(([index, node]) => [index, node.key])).toEqual([
      [0, "t/a"],
      [2, "t/b"],
    ]);
    expect(m.steps.map((s) => s.node.key)).toEqual(["t/a", "t/b"]);
  });
});

describe("$from while matching: the results of every call that can do the referenced step", () => {
  it("reads only completed jobs: a working call that does the step gives no value", () => {
    // Call 1 still working (no result yet), so no value of a.value exists and b cannot match.
    const m = matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, status: "working", result: { value: "v" } },
        { tool: "combine", args: { left: "v", right: "b" }, request: 2 },
      ]),
    );
    expect(callOf(m, "t/a")).toBe(1);
    expect(callOf(m, "t/b")).toBeNull();
  });

  it("accepts the value of any of several completed calls, and skips a result without the path", () => {
    // Calls 1, 2 and 3 all fit a: values "v1", none (no `value` field) and "v3". The combine
    // of "v3" (call 5) fits b; the combine of "v2" (call 4) fits nothing: no call returned it.
    const m = matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 10, result: { value: "v1" } },
        { tool: "fetch", args: { key: "a" }, request: 2, seen: 10, result: { other: "v2" } },
        { tool: "fetch", args: { key: "a" }, request: 3, seen: 10, result: { value: "v3" } },
        { tool: "combine", args: { left: "v2", right: "b" }, request: 11 },
        { tool: "combine", args: { left: "v3", right: "b" }, request: 12 },
      ]),
    );
    expect(m.attempts.get("t/b")?.map((c) => c.call)).toEqual([5]);
    expect(callOf(m, "t/b")).toBe(5);
    // a takes the earliest clean call, 1: the value b used came from call 3, but matching reads
    // the step, not the call.
    expect(callOf(m, "t/a")).toBe(1);
  });

  it("accepts every call that uses a value two calls returned alike", () => {
    // Two calls of a returned the same value; two combines use it. Both fit b (attempts), the
    // earlier does it.
    const m = matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 3, result: { value: "v" } },
        { tool: "fetch", args: { key: "a" }, request: 2, seen: 3, result: { value: "v" } },
        { tool: "combine", args: { left: "v", right: "b" }, request: 4 },
        { tool: "combine", args: { left: "v", right: "b" }, request: 5 },
      ]),
    );
    expect(m.attempts.get("t/b")?.map((c) => c.call)).toEqual([3, 4]);
    expect(callOf(m, "t/b")).toBe(3);
  });
});

describe("matchedResults: $from for answer and state checks", () => {
  const calls: CallSpec[] = [
    { tool: "fetch", args: { key: "a" }, request: 1, seen: 2, result: { value: "v", n: 0 } },
    { tool: "combine", args: { left: "v", right: "b" }, request: 3, status: "working" },
  ];

  it("reads the matched job's result at the path", () => {
    const resolve = matchedResults(matchOf(chain, inputsOf(calls)), "t");
    expect(resolve("a", ["value"])).toEqual(["v"]);
    // A falsy value is still a value.
    expect(resolve("a", ["n"])).toEqual([0]);
  });

  it("gives nothing for a missing path, a job still working, an unmatched or unknown step", () => {
    const resolve = matchedResults(matchOf(chain, inputsOf(calls)), "t");
    expect(resolve("a", ["missing"])).toEqual([]);
    expect(resolve("b", ["joined"])).toEqual([]);
    expect(resolve("zz", ["value"])).toEqual([]);
    const none = matchedResults(matchOf(chain, inputsOf([])), "t");
    expect(none("a", ["value"])).toEqual([]);
    // Another task's step of the same id is not this task's.
    expect(matchedResults(matchOf(chain, inputsOf(calls)), "other")("a", ["value"])).toEqual([]);
  });
});

/** One task, one step: s (fetch key=s). */
const single = declaredScenario({
  tasks: [
    {
      id: "t",
      instruction: "Fetch s.",
      steps: [{ id: "s", tool: "fetch", args: { key: "s" } }],
      answer: { any: true },
    },
  ],
});

describe("the preferred call among those that violate nothing", () => {
  // Call 1 never seen, call 2 seen at `seen2`: both fit t/s and neither violates anything.
  const twoCalls = (seen2: number, answers = [{ task: "t", t: 6 }]) =>
    inputsOf(
      [
        { tool: "fetch", args: { key: "s" }, request: 1 },
        { tool: "fetch", args: { key: "s" }, request: 2, seen: seen2 },
      ],
      answers,
    );

  it("takes a call whose result the task's final answer had seen over an earlier unseen one", () => {
    expect(callOf(matchOf(single, twoCalls(5)), "t/s")).toBe(2);
  });

  it("counts a result seen at the answer's own request as seen by it", () => {
    expect(callOf(matchOf(single, twoCalls(6)), "t/s")).toBe(2);
  });

  it("takes the earlier call when the other was seen only after the answer", () => {
    expect(callOf(matchOf(single, twoCalls(7)), "t/s")).toBe(1);
  });

  it("takes the earlier call when the task has no answer, or only another task has one", () => {
    expect(callOf(matchOf(single, twoCalls(5, [])), "t/s")).toBe(1);
    expect(callOf(matchOf(single, twoCalls(5, [{ task: "other", t: 6 }])), "t/s")).toBe(1);
  });

  it("reads the task's last answer: one after the seen time counts though an earlier one came before", () => {
    // Answers at 3 and 6: the final one (6) had seen call 2 (seen at 5).
    const answers = [
      { task: "t", t: 3 },
      { task: "t", t: 6 },
    ];
    expect(callOf(matchOf(single, twoCalls(5, answers)), "t/s")).toBe(2);
  });

  it("prefers any call that violates nothing over a violating one the answer had seen", () => {
    // b: call 3 at 2 comes before a's result is seen (4), but was seen by the answer; call 4
    // (request 5, after a was seen) violates nothing though the answer never saw it.
    const m = matchOf(
      chain,
      inputsOf(
        [
          { tool: "fetch", args: { key: "a" }, request: 1, seen: 4, result: { value: "v" } },
          { tool: "quick", args: { n: 1 }, request: 1 },
          { tool: "combine", args: { left: "v", right: "b" }, request: 2, seen: 8 },
          { tool: "combine", args: { left: "v", right: "b" }, request: 5 },
        ],
        [{ task: "t", t: 9 }],
      ),
    );
    expect(callOf(m, "t/b")).toBe(4);
    expect(m.byKey.get("t/b")?.violation).toBe(false);
  });
  it("ranks a call that violates nothing above a violating one even when the answer saw the latter", () => {
    // b: call 3 (request 2, before a was seen at 4: violates; seen by the answer at 9), call 4
    // (request 5: clean, never seen), call 5 (request 6: clean, seen at 8 by the answer). The
    // clean call the answer saw, 5, comes first; then the other clean one, then the violating one.
    const m = matchOf(
      chain,
      inputsOf(
        [
          { tool: "fetch", args: { key: "a" }, request: 1, seen: 4, result: { value: "v" } },
          { tool: "quick", args: { n: 1 }, request: 1 },
          { tool: "combine", args: { left: "v", right: "b" }, request: 2, seen: 8 },
          { tool: "combine", args: { left: "v", right: "b" }, request: 5 },
          { tool: "combine", args: { left: "v", right: "b" }, request: 6, seen: 8 },
        ],
        [{ task: "t", t: 9 }],
      ),
    );
    expect(callOf(m, "t/b")).toBe(5);
  });
});

describe("dependency violations", () => {
  const withResult = (bRequest: number) =>
    matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 4, result: { value: "v" } },
        { tool: "combine", args: { left: "v", right: "b" }, request: bRequest },
      ]),
    );

  it("flags a request made before the dependency's result was seen, as guessed when it uses that result", () => {
    // b requested at 3, a seen at 4: 3 < 4. b's `left` reads a ($from), so the value was guessed.
    const b = withResult(3).byKey.get("t/b");
    expect(b?.violation).toBe(true);
    expect(b?.unseenDeps.map((d) => d.key)).toEqual(["t/a"]);
    expect(b?.guessed).toBe(true);
  });

  it("does not flag a request made at the very time the result was seen", () => {
    const b = withResult(4).byKey.get("t/b");
    expect(b?.violation).toBe(false);
    expect(b?.unseenDeps).toEqual([]);
    expect(b?.guessed).toBe(false);
  });

  it("flags a step whose dependency was never matched, without calling it guessed when no argument reads it", () => {
    // b' depends on a only by `after`; no call did a, so a was never seen.
    const ordered = declaredScenario({
      tasks: [
        {
          id: "t",
          instruction: "Fetch a, then combine x and y.",
          steps: [fetchA, { id: "b", tool: "combine", args: { left: "x", right: "y" }, after: ["a"] }],
          answer: { any: true },
        },
      ],
    });
    const m = matchOf(ordered, inputsOf([{ tool: "combine", args: { left: "x", right: "y" }, request: 1 }]));
    const b = m.byKey.get("t/b");
    expect(b?.call?.call).toBe(1);
    expect(b?.violation).toBe(true);
    expect(b?.unseenDeps.map((d) => d.key)).toEqual(["t/a"]);
    expect(b?.guessed).toBe(false);
    // A step without a call has no unseen dependency and no violation.
    expect(m.byKey.get("t/a")).toMatchObject({
      call: null,
      unseenDeps: [],
      violation: false,
      guessed: false,
    });
  });

  it("flags a dependency matched to a call whose result was never seen", () => {
    const m = matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, result: { value: "v" } },
        { tool: "combine", args: { left: "v", right: "b" }, request: 9 },
      ]),
    );
    expect(m.byKey.get("t/b")?.violation).toBe(true);
  });
});

/** Three one-step tasks of one tool: p takes any key, q takes x or y, r takes y or z. */
const contested = declaredScenario({
  tasks: [
    ["p", { $any: true, $example: "k" }],
    ["q", { $oneOf: ["x", "y"] }],
    ["r", { $oneOf: ["y", "z"] }],
  ].map(([id, key]) => ({
    id: id as string,
    instruction: `Fetch a key for ${id}.`,
    steps: [{ id: "s", tool: "fetch", args: { key: key as JsonValue } }],
    answer: { any: true as const },
  })),
});

describe("a maximum matching, with the earliest calls where that keeps it maximum", () => {
  it("lets a step take the earliest call when the others can still be matched by moving along", () => {
    // Calls x (1), y (2), z (3). p comes first: any call fits. Matched without p, q takes x and r
    // takes y, leaving z; but that z can go to r, r's y to q, q's x to p: all three are matched
    // with p on call 1. So p ← 1, q ← 2 (x is taken), r ← 3.
    const m = matchOf(
      contested,
      inputsOf([
        { tool: "fetch", args: { key: "x" }, request: 1 },
        { tool: "fetch", args: { key: "y" }, request: 2 },
        { tool: "fetch", args: { key: "z" }, request: 3 },
      ]),
    );
    expect([callOf(m, "p/s"), callOf(m, "q/s"), callOf(m, "r/s")]).toEqual([1, 2, 3]);
  });

  it("keeps a step off the only call another step can take", () => {
    // Calls z (1), w (2). r can take only z; p takes any. p must leave z to r: p ← 2, r ← 1.
    // No call fits q.
    const m = matchOf(
      contested,
      inputsOf([
        { tool: "fetch", args: { key: "z" }, request: 1 },
        { tool: "fetch", args: { key: "w" }, request: 2 },
      ]),
    );
    expect([callOf(m, "p/s"), callOf(m, "q/s"), callOf(m, "r/s")]).toEqual([2, null, 1]);
  });

  it("gives the earliest call to the first step when the others reach the maximum anyway", () => {
    // Calls x (1), y (2), z (3), y (4): three steps, so a maximum matching has 3. Without p, q
    // and r still reach 2 with calls 2..4, so p may take call 1 freely; then q ← 2, r ← 3.
    const m = matchOf(
      contested,
      inputsOf([
        { tool: "fetch", args: { key: "x" }, request: 1 },
        { tool: "fetch", args: { key: "y" }, request: 2 },
        { tool: "fetch", args: { key: "z" }, request: 3 },
        { tool: "fetch", args: { key: "y" }, request: 4 },
      ]),
    );
    expect([callOf(m, "p/s"), callOf(m, "q/s"), callOf(m, "r/s")]).toEqual([1, 2, 3]);
  });
});

describe("after the step-by-step pass: fewer violations by another call", () => {
  it("gives a step an unused call when that removes a dependent's violation", () => {
    // a: call 1 (seen at 10) and call 2 (seen at 3). Step by step a takes the earlier, call 1;
    // then b's call (request 5) comes before a is seen (10): a violation. With call 2 for a,
    // b's request (5) is after a was seen (3): none. The unused call 2 replaces call 1.
    const m = matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 10, result: { value: "v" } },
        { tool: "fetch", args: { key: "a" }, request: 2, seen: 3, result: { value: "v" } },
        { tool: "combine", args: { left: "v", right: "b" }, request: 5 },
      ]),
    );
    expect(callOf(m, "t/a")).toBe(2);
    expect(callOf(m, "t/b")).toBe(3);
    expect(m.byKey.get("t/b")?.violation).toBe(false);
    expect(m.stepOfCall.has(0)).toBe(false);
  });

  it("keeps the first choice when no other call removes the violation", () => {
    // Both calls of a were seen at 10, after b's request at 5: the violation stays, a keeps call 1.
    const m = matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 10, result: { value: "v" } },
        { tool: "fetch", args: { key: "a" }, request: 2, seen: 10, result: { value: "v" } },
        { tool: "combine", args: { left: "v", right: "b" }, request: 5 },
      ]),
    );
    expect(callOf(m, "t/a")).toBe(1);
    expect(m.byKey.get("t/b")?.violation).toBe(true);
  });
});

describe("$from values kept apart by step and path", () => {
  /** a (fetch), then b combining two fields of a's result: left = a.x.y, right = a.xy. */
  const twoPaths = declaredScenario({
    tasks: [
      {
        id: "t",
        instruction: "Fetch a, then combine two of its fields.",
        steps: [
          fetchA,
          {
            id: "b",
            tool: "combine",
            args: { left: { $from: "a.x.y" }, right: { $from: "a.xy" } },
            after: ["a"],
          },
        ],
        answer: { any: true },
      },
    ],
  });

  it("reads each path on its own, even paths whose names run together", () => {
    // a returned x.y = "1" and xy = "2": b fits with left "1" and right "2", not with "1", "1".
    const m = matchOf(
      twoPaths,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 2, result: { x: { y: "1" }, xy: "2" } },
        { tool: "combine", args: { left: "1", right: "1" }, request: 3 },
        { tool: "combine", args: { left: "1", right: "2" }, request: 4 },
      ]),
    );
    expect(m.attempts.get("t/b")?.map((c) => c.call)).toEqual([3]);
    expect(callOf(m, "t/b")).toBe(3);
  });

  it("reads each referenced step on its own", () => {
    // c combines a's value and b's value; a returned "va", b returned "vb".
    const twoSteps = declaredScenario({
      tasks: [
        {
          id: "t",
          instruction: "Fetch a and b, then combine them.",
          steps: [
            fetchA,
            { id: "b", tool: "fetch", args: { key: "b" } },
            {
              id: "c",
              tool: "combine",
              args: { left: { $from: "a.value" }, right: { $from: "b.value" } },
              after: ["a", "b"],
            },
          ],
          answer: { any: true },
        },
      ],
    });
    const m = matchOf(
      twoSteps,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 3, result: { value: "va" } },
        { tool: "fetch", args: { key: "b" }, request: 2, seen: 3, result: { value: "vb" } },
        { tool: "combine", args: { left: "va", right: "va" }, request: 4 },
        { tool: "combine", args: { left: "va", right: "vb" }, request: 5 },
      ]),
    );
    expect(m.attempts.get("t/c")?.map((c) => c.call)).toEqual([4]);
  });

  it("matches no value that no job returned", () => {
    // a completed with "v"; b's call passes a value no job returned. (The text is Stryker's
    // placeholder, so that a list of values seeded with it would show here.)
    const m = matchOf(
      chain,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 2, result: { value: "v" } },
        { tool: "combine", args: { left: "Stryker was here", right: "b" }, request: 3 },
      ]),
    );
    expect(m.attempts.get("t/b")).toEqual([]);
  });
});

describe("a guessed violation", () => {
  it("is guessed when any unseen dependency is one the arguments read, not only when all are", () => {
    // c reads a ($from) and comes after x too (by `after` only); neither a nor x was seen by c's
    // request. One unseen dependency is read: guessed.
    const mixed = declaredScenario({
      tasks: [
        {
          id: "t",
          instruction: "Fetch a and x, then combine a with b.",
          steps: [
            fetchA,
            { id: "x", tool: "fetch", args: { key: "x" } },
            { id: "c", tool: "combine", args: { left: { $from: "a.value" }, right: "b" }, after: ["a", "x"] },
          ],
          answer: { any: true },
        },
      ],
    });
    const m = matchOf(
      mixed,
      inputsOf([
        { tool: "fetch", args: { key: "a" }, request: 1, seen: 9, result: { value: "v" } },
        { tool: "fetch", args: { key: "x" }, request: 2, seen: 9 },
        { tool: "combine", args: { left: "v", right: "b" }, request: 3 },
      ]),
    );
    const c = m.byKey.get("t/c");
    expect(c?.unseenDeps.map((d) => d.key)).toEqual(["t/a", "t/x"]);
    expect(c?.guessed).toBe(true);
  });
});

describe("the maximum matching's size, and which step keeps a contested call", () => {
  it("counts a call once however many steps it fits", () => {
    // One call, y, fits p (any), q (x or y) and r (y or z): the maximum matching has one pair,
    // and the first step in order, p, takes it.
    const m = matchOf(contested, inputsOf([{ tool: "fetch", args: { key: "y" }, request: 1 }]));
    expect([callOf(m, "p/s"), callOf(m, "q/s"), callOf(m, "r/s")]).toEqual([1, null, null]);
  });

  it("follows a path through a call that fits only a later step", () => {
    // p takes only x, q any key; calls x (1), z (2). Without p, q would take x, the earlier; but
    // z, which only q fits, frees x for p: both are matched, p ← 1 and q ← 2.
    const narrowFirst = declaredScenario({
      tasks: [
        ["p", "x"],
        ["q", { $any: true, $example: "k" }],
      ].map(([id, key]) => ({
        id: id as string,
        instruction: `Fetch a key for ${id}.`,
        steps: [{ id: "s", tool: "fetch", args: { key: key as JsonValue } }],
        answer: { any: true as const },
      })),
    });
    const m = matchOf(
      narrowFirst,
      inputsOf([
        { tool: "fetch", args: { key: "x" }, request: 1 },
        { tool: "fetch", args: { key: "z" }, request: 2 },
      ]),
    );
    expect([callOf(m, "p/s"), callOf(m, "q/s")]).toEqual([1, 2]);
  });

  it("gives a contested call to the earlier step once the steps before have taken theirs", () => {
    // Calls w (1), y (2): maximum 2. p must take w (y is the only call q or r can take); then
    // one of q, r gets y, and q comes first.
    const m = matchOf(
      contested,
      inputsOf([
        { tool: "fetch", args: { key: "w" }, request: 1 },
        { tool: "fetch", args: { key: "y" }, request: 2 },
      ]),
    );
    expect([callOf(m, "p/s"), callOf(m, "q/s"), callOf(m, "r/s")]).toEqual([1, 2, null]);
  });
});

/** Two tasks p and q, each: x (fetch key=k), then j (combine <task>, j) after x. */
const twins = declaredScenario({
  tasks: ["p", "q"].map((id) => ({
    id,
    instruction: `Fetch k, then combine ${id} and j.`,
    steps: [
      { id: "x", tool: "fetch", args: { key: "k" } as Record<string, JsonValue> },
      { id: "j", tool: "combine", args: { left: id, right: "j" } as Record<string, JsonValue>, after: ["x"] },
    ],
    answer: { any: true as const },
  })),
});

describe("fewer violations: each call still does one step", () => {
  it("does not give one unused call to two steps", () => {
    // Calls of x: 1 and 2 (seen at 10), 3 (seen at 4). p/x ← 1, q/x ← 2 step by step; p/j (5) and
    // q/j (6) both violate. The unused call 3 removes p/j's violation; once p/x has it, nothing
    // removes q/j's (q/x with 3 would give p/j its violation back): one violation is left.
    const m = matchOf(
      twins,
      inputsOf([
        { tool: "fetch", args: { key: "k" }, request: 1, seen: 10 },
        { tool: "fetch", args: { key: "k" }, request: 2, seen: 10 },
        { tool: "fetch", args: { key: "k" }, request: 3, seen: 4 },
        { tool: "combine", args: { left: "p", right: "j" }, request: 5 },
        { tool: "combine", args: { left: "q", right: "j" }, request: 6 },
      ]),
    );
    expect([callOf(m, "p/x"), callOf(m, "q/x")]).toEqual([3, 2]);
    expect(m.steps.filter((s) => s.violation).map((s) => s.node.key)).toEqual(["q/j"]);
  });

  it("looks past the first step for a call that removes a violation", () => {
    // p/x ← 1 (seen at 4) is fine for p/j (5); q/x ← 2 (seen at 10) makes q/j (6) violate. Only
    // q/x can improve, with the unused call 3 (seen at 4).
    const m = matchOf(
      twins,
      inputsOf([
        { tool: "fetch", args: { key: "k" }, request: 1, seen: 4 },
        { tool: "fetch", args: { key: "k" }, request: 2, seen: 10 },
        { tool: "fetch", args: { key: "k" }, request: 3, seen: 4 },
        { tool: "combine", args: { left: "p", right: "j" }, request: 5 },
        { tool: "combine", args: { left: "q", right: "j" }, request: 6 },
      ]),
    );
    expect([callOf(m, "p/x"), callOf(m, "q/x")]).toEqual([1, 3]);
    expect(m.steps.some((s) => s.violation)).toBe(false);
  });

  it("exchanges two steps' calls only when each call fits the other step", () => {
    // p/s takes any key, q/s only y. Calls: x (1, seen at 10), y (2, seen at 3); j of p after
    // p/s at 5. p/s must take x (q needs y); p's j then violates (5 < 10). Giving p/s the y would
    // remove it, but x does not fit q/s: no exchange, the violation stays.
    const narrow = declaredScenario({
      tasks: [
        {
          id: "p",
          instruction: "Fetch any key, then combine p and j.",
          steps: [
            { id: "s", tool: "fetch", args: { key: { $any: true, $example: "k" } } },
            { id: "j", tool: "combine", args: { left: "p", right: "j" }, after: ["s"] },
          ],
          answer: { any: true },
        },
        {
          id: "q",
          instruction: "Fetch y.",
          steps: [{ id: "s", tool: "fetch", args: { key: "y" } }],
          answer: { any: true },
        },
      ],
    });
    const m = matchOf(
      narrow,
      inputsOf([
        { tool: "fetch", args: { key: "x" }, request: 1, seen: 10 },
        { tool: "fetch", args: { key: "y" }, request: 2, seen: 3 },
        { tool: "combine", args: { left: "p", right: "j" }, request: 5 },
      ]),
    );
    expect([callOf(m, "p/s"), callOf(m, "q/s"), callOf(m, "p/j")]).toEqual([1, 2, 3]);
    expect(m.byKey.get("p/j")?.violation).toBe(true);
  });
});

describe("a step's choice among its free calls: clean and grounding, then clean, then the rest", () => {
  /** One task: w (fetch key=w) → x (quick n=1) → y (combine left=l, right=r). */
  const line = declaredScenario({
    tasks: [
      {
        id: "t",
        instruction: "Fetch w, then quick, then combine.",
        steps: [
          { id: "w", tool: "fetch", args: { key: "w" } },
          { id: "x", tool: "quick", args: { n: 1 }, after: ["w"] },
          { id: "y", tool: "combine", args: { left: "l", right: "r" }, after: ["x"] },
        ],
        answer: { any: true },
      },
    ],
  });

  it("takes a later clean call over an earlier violating one, even when its dependent then violates", () => {
    // w is call 1, seen at 5. x: call 2 came before w was seen (violating), call 3 after (clean);
    // nothing grounds an unanswered task, so x takes 3. Then y (call 4, at 10) violates: x's call 3
    // is seen at 20. Giving x call 2 instead would move the violation to x, not remove it, so the
    // second pass keeps 3.
    const m = matchOf(
      line,
      inputsOf([
        { tool: "fetch", args: { key: "w" }, request: 1, seen: 5 },
        { tool: "quick", args: { n: 1 }, request: 2, seen: 3 },
        { tool: "quick", args: { n: 1 }, request: 6, seen: 20 },
        { tool: "combine", args: { left: "l", right: "r" }, request: 10, seen: 11 },
      ]),
    );
    expect([callOf(m, "t/w"), callOf(m, "t/x"), callOf(m, "t/y")]).toEqual([1, 3, 4]);
    expect(m.steps.map((s) => s.violation)).toEqual([false, false, true]);
  });

  it("counts a dependency never seen as unseen: every call violates, and the earliest is taken", () => {
    // w (call 1) is never seen, so x's calls 2 and 3 both violate; call 3 grounds the answer (seen
    // at 4, answered at 50), which only ranks it first among clean calls: x takes call 2.
    const m = matchOf(
      line,
      inputsOf(
        [
          { tool: "fetch", args: { key: "w" }, request: 1 },
          { tool: "quick", args: { n: 1 }, request: 2 },
          { tool: "quick", args: { n: 1 }, request: 3, seen: 4 },
        ],
        [{ task: "t", t: 50 }],
      ),
    );
    expect(callOf(m, "t/x")).toBe(2);
  });

  it("counts a call made at the instant its dependency was seen as clean", () => {
    // w (call 1) seen at 5; x's call 2 is requested at 5, call 3 at 6: both clean, x takes 2.
    const m = matchOf(
      line,
      inputsOf([
        { tool: "fetch", args: { key: "w" }, request: 1, seen: 5 },
        { tool: "quick", args: { n: 1 }, request: 5 },
        { tool: "quick", args: { n: 1 }, request: 6 },
      ]),
    );
    expect(callOf(m, "t/x")).toBe(2);
    expect(m.byKey.get("t/x")?.violation).toBe(false);
  });
});
