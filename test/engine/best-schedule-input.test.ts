import { describe, expect, it } from "vitest";
import { bestScheduleInput } from "../../src/engine/best-schedule-input.js";
import { attemptFails, stepAttemptKey } from "../../src/engine/episode.js";
import type { ScenarioFileInput } from "../../src/scenarios/schema.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * What the search is given for one episode: steps numbered in task order then step order, each
 * with its latency from the schedule, its dependencies, the steps its call also fits, its tool's
 * failure draw, and whether its jobs outlive the tool's time-to-live.
 *
 * The scenario: task `chain` = a (fetch key=a) → b (combine left=$from a.value, right=b); task
 * `solo` = c (fetch key=a, the same call as a) and d (combine left=x, right=b).
 */
const tasks: ScenarioFileInput["tasks"] = [
  {
    id: "chain",
    instruction: "Fetch a, then combine it with b.",
    steps: [
      { id: "a", tool: "fetch", args: { key: "a" } },
      { id: "b", tool: "combine", args: { left: { $from: "a.value" }, right: "b" }, after: ["a"] },
    ],
    answer: { exact: "x" },
  },
  {
    id: "solo",
    instruction: "Fetch a again, and combine x with b.",
    steps: [
      { id: "c", tool: "fetch", args: { key: "a" } },
      { id: "d", tool: "combine", args: { left: "x", right: "b" } },
    ],
    answer: { exact: "x" },
  },
];

const schedule = { chain: { a: 2, b: 5 }, solo: { c: 3, d: 4 } };

describe("bestScheduleInput", () => {
  it("numbers steps by task then step, with their task index, dependencies, latency and tool", () => {
    const scenario = declaredScenario({ tasks });
    const { input, steps } = bestScheduleInput(scenario, schedule, 7, "async");
    expect(steps.map((p) => `${p.task}/${p.step.id}`)).toEqual(["chain/a", "chain/b", "solo/c", "solo/d"]);
    expect(input.tasks).toBe(2);
    expect(input.mode).toBe("async");
    expect(input.steps.map((s) => s.task)).toEqual([0, 0, 1, 1]);
    // b runs after a (index 0); the others depend on nothing.
    expect(input.steps.map((s) => s.deps)).toEqual([[], [0], [], []]);
    expect(input.steps.map((s) => s.d)).toEqual([2, 5, 3, 4]);
    expect(input.steps.map((s) => s.tool)).toEqual(["fetch", "combine", "fetch", "combine"]);
    expect(bestScheduleInput(scenario, schedule, 7, "sync").input.mode).toBe("sync");
  });

  it("a step missing from the schedule has latency 0", () => {
    const scenario = declaredScenario({ tasks });
    const { input } = bestScheduleInput(scenario, { chain: { a: 2 } }, 7, "async");
    expect(input.steps.map((s) => s.d)).toEqual([2, 0, 0, 0]);
  });

  it("a call fits every step of its tool whose matchers accept its example arguments, in server order", () => {
    const { input } = bestScheduleInput(declaredScenario({ tasks }), schedule, 7, "async");
    // a's call {key: a} is also c's (same tool, same key), and the other way round. b's call has
    // no value for its $from argument, so d's matcher (left = x) refuses it; d's call {left: x}
    // fails b's $from matcher (no result to read): each combine step is fitted by its own call.
    expect(input.steps.map((s) => s.fits)).toEqual([[0, 2], [1], [0, 2], [3]]);
  });

  it("a call never fits a step of another tool, even one whose matchers would accept its arguments", () => {
    // lookup takes the same arguments as fetch, and its step the same key: still two tools.
    const fetch = {
      name: "fetch",
      description: "Fetches a value by key.",
      input: { type: "object" as const, properties: { key: { type: "string" } }, required: ["key"] },
      responses: [{ result: { value: "v-{{args.key}}" } }],
    };
    const scenario = declaredScenario({
      tools: [fetch, { ...fetch, name: "lookup", description: "Looks a value up by key." }],
      latency: { fetch: 1, lookup: 1 },
      tasks: [
        {
          id: "two",
          instruction: "Fetch a and look a up.",
          steps: [
            { id: "f", tool: "fetch", args: { key: "a" } },
            { id: "l", tool: "lookup", args: { key: "a" } },
          ],
          answer: { exact: "x" },
        },
      ],
    });
    const { input } = bestScheduleInput(scenario, { two: { f: 1, l: 1 } }, 7, "async");
    expect(input.steps.map((s) => s.fits)).toEqual([[0], [1]]);
  });

  it("a step whose latency passes the tool's timeout or the job time-to-live expires; one equal to it does not", () => {
    const scenario = declaredScenario({
      tasks,
      faults: { fetch: { timeout: 3 } },
      limits: { maxJobs: 500, maxCalls: 2000, jobTtl: 4 },
    });
    const { input } = bestScheduleInput(
      scenario,
      { chain: { a: 2, b: 5 }, solo: { c: 4, d: 4 } },
      7,
      "async",
    );
    // fetch: the smaller of timeout 3 and jobTtl 4, so c (4) expires and a (2) does not; combine:
    // jobTtl 4, so b (5) expires and d (exactly 4) does not.
    expect(input.steps.map((s) => s.expires ?? false)).toEqual([false, true, true, false]);
  });

  it("the tool's timeout alone sets the time-to-live, in step-clock units", () => {
    const scenario = declaredScenario({ tasks, faults: { combine: { timeout: 4.6 } } });
    const { input } = bestScheduleInput(
      scenario,
      { chain: { a: 9, b: 5 }, solo: { c: 9, d: 6 } },
      7,
      "async",
    );
    // 4.6 units round to 5 steps: b (5) stays, d (6) expires; fetch has no limit at all.
    expect(input.steps.map((s) => s.expires ?? false)).toEqual([false, false, false, true]);
  });

  it("without a timeout or time-to-live nothing expires, however long", () => {
    const { input } = bestScheduleInput(
      declaredScenario({ tasks }),
      { chain: { a: 1e6, b: 1e6 }, solo: { c: 1e6, d: 1e6 } },
      7,
      "async",
    );
    expect(input.steps.some((s) => "expires" in s)).toBe(false);
  });

  it("a tool with a failure rate draws each attempt as the server does; one without never fails", () => {
    const scenario = declaredScenario({ tasks, faults: { fetch: { failureRate: 0.5 } } });
    const { input } = bestScheduleInput(scenario, schedule, 11, "async");
    const draws = (fails: ((k: number) => boolean) | undefined) =>
      Array.from({ length: 12 }, (_, k) => fails?.(k) ?? "none");
    // The draw is the episode's own: seed, the step's key (task and step) and the attempt number.
    const expected = (task: string, step: string) =>
      Array.from({ length: 12 }, (_, k) => attemptFails(11, stepAttemptKey(task, step), k, 0.5));
    expect(draws(input.steps[0]?.fails)).toEqual(expected("chain", "a"));
    expect(draws(input.steps[2]?.fails)).toEqual(expected("solo", "c"));
    // Twelve fair draws are neither all equal nor the same for both steps (else this proves little).
    expect(new Set(expected("chain", "a")).size).toBe(2);
    expect(expected("chain", "a")).not.toEqual(expected("solo", "c"));
    // combine has no failure rate: no draw at all, so the search treats it as fault-free.
    expect(input.steps[1]?.fails).toBeUndefined();
    expect(input.steps[3]?.fails).toBeUndefined();
  });

  it("a failure rate of 0 is no fault", () => {
    const scenario = declaredScenario({ tasks, faults: { fetch: { failureRate: 0 } } });
    const { input } = bestScheduleInput(scenario, schedule, 11, "async");
    expect(input.steps.map((s) => s.fails)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("concurrency limits are listed for the tools that have one, and only those", () => {
    const scenario = declaredScenario({ tasks, faults: { combine: { concurrency: 2 } } });
    expect(bestScheduleInput(scenario, schedule, 7, "async").input.concurrency).toEqual({ combine: 2 });
    expect(bestScheduleInput(declaredScenario({ tasks }), schedule, 7, "async").input.concurrency).toEqual(
      {},
    );
  });
});
