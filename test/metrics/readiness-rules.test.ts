import { describe, expect, it } from "vitest";
import { computeDelta } from "../../src/metrics/delta.js";
import { buildGold } from "../../src/metrics/gold.js";
import { extractInputs } from "../../src/metrics/inputs.js";
import { matchSteps } from "../../src/metrics/matching.js";
import { computeReadiness, readyAt } from "../../src/metrics/readiness.js";
import type { Recording } from "../../src/recorder/format.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/**
 * Each rule of a step's readiness (metrics.md §15), read straight off computeReadiness: a step
 * is ready from the latest `seen` of its dependencies until the request that did it, its task's
 * first answer or the end, minus the time an attempt at it was in flight. The declared scenario:
 * `chain` = a (fetch key=a) → b (combine left=$from a.value, right=b); `solo` = c (fetch
 * key=c). Every interval below is worked out from the lines of its test.
 */
const scenario = declaredScenario();

function readinessOf(of: Scenario, recording: Recording) {
  const inputs = extractInputs(of, recording);
  const gold = buildGold(of, recording.header.schedule, computeDelta(inputs).value);
  return computeReadiness(gold, inputs, matchSteps(gold, inputs));
}

describe("readiness intervals", () => {
  it("keeps a step of an unanswered task ready until the end, and one whose dependency is unseen never", () => {
    const s = new Session(scenario);
    s.other(1, "list_tasks");
    const r = readinessOf(scenario, s.end("finished", 10));
    // a and c: no dependency, never done, never answered: [0, 10). b: a never seen.
    expect(r.byTask.get("chain")).toEqual([[0, 10]]);
    expect(r.byTask.get("solo")).toEqual([[0, 10]]);
    expect(r.any).toEqual([[0, 10]]);
  });

  it("runs from the dependency's seen time to the request that does the step", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }, { latency: 3 }); // a done at 1; ends at 4
    s.wait(2, [a]); // answered at 4: a seen at 4, b ready from 4
    s.call(6, "combine", { left: "v-a", right: "b" }, { latency: 2 }); // b done at 6
    const r = readinessOf(scenario, s.end("finished", 12));
    // a [0, 1), b [4, 6); c never done: [0, 12).
    expect(r.byTask.get("chain")).toEqual([
      [0, 1],
      [4, 6],
    ]);
    expect(r.byTask.get("solo")).toEqual([[0, 12]]);
  });

  it("ends a task's readiness at its first accepted answer, not a later one", () => {
    const s = new Session(scenario);
    s.answer(3, "solo", "wrong");
    s.answer(7, "solo", "v-c"); // replaces the first answer, but the task stopped being ready at 3
    const r = readinessOf(scenario, s.end("finished", 10));
    expect(r.byTask.get("solo")).toEqual([[0, 3]]);
    expect(r.byTask.get("chain")).toEqual([[0, 10]]);
  });

  it("takes the latest seen time of several dependencies, and none while one is unseen", () => {
    const joined = declaredScenario({
      tasks: [
        {
          id: "join",
          instruction: "Fetch x and y, then combine them.",
          steps: [
            { id: "x", tool: "fetch", args: { key: "x" } },
            { id: "y", tool: "fetch", args: { key: "y" } },
            {
              id: "z",
              tool: "combine",
              args: { left: { $from: "x.value" }, right: { $from: "y.value" } },
              after: ["x", "y"],
            },
          ],
          answer: { any: true },
        },
      ],
    });
    function run(seeY: boolean) {
      const s = new Session(joined);
      const x = s.call(1, "fetch", { key: "x" }, { latency: 2 }); // ends at 3
      const y = s.call(2, "fetch", { key: "y" }, { latency: 6 }); // ends at 8
      s.wait(3, [x]); // answered at 3: x seen at 3
      if (seeY) s.wait(4, [y]); // answered at 8: y seen at 8
      return readinessOf(joined, s.end("finished", 12));
    }
    // x [0, 1), y [0, 2), z from max(3, 8) = 8 to the end 12 (never done).
    expect(run(true).byTask.get("join")).toEqual([
      [0, 2],
      [8, 12],
    ]);
    // y never seen: z is never ready, however early x was seen.
    expect(run(false).byTask.get("join")).toEqual([[0, 2]]);
  });

  it("is not ready while a failed attempt is in flight, and ready again after it failed", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "c" }, { latency: 3, fail: "UPSTREAM_TIMEOUT" }); // in flight [1, 4)
    s.call(6, "fetch", { key: "c" }, { latency: 3 }); // c done at 6
    const r = readinessOf(scenario, s.end("finished", 12));
    // c: [0, 6) minus the attempt [1, 4).
    expect(r.byTask.get("solo")).toEqual([
      [0, 1],
      [4, 6],
    ]);
  });
  it("counts an attempt still working at the end as in flight until the end", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "c" }, { latency: 20 }); // call 1: still working at the end (10)
    const quick = s.call(2, "fetch", { key: "c" }, { latency: 1 }); // call 2: ends at 3
    s.wait(3, [quick]); // seen at 3, before the answer: call 2 is the one that did c
    s.answer(5, "solo", "v-c");
    const r = readinessOf(scenario, s.end("finished", 10));
    // c: [0, 2) (done by call 2's request) minus call 1's attempt [1, 10): [0, 1).
    expect(r.byTask.get("solo")).toEqual([[0, 1]]);
  });
});

describe("readyAt", () => {
  it("is false for a task with no intervals at all, and follows [start, end) otherwise", () => {
    expect(readyAt(undefined, 0)).toBe(false);
    expect(readyAt([[2, 5]], 2)).toBe(true);
    expect(readyAt([[2, 5]], 5)).toBe(false);
  });
});
