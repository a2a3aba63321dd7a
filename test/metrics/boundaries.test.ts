import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/**
 * The edges where a score flips: a dependency used at exactly the moment it was seen, the two
 * ends of a step's readiness, a dependency never seen, and answers and arguments at exactly
 * their tolerance. The declared scenario: `chain` = a (fetch key=a) → b (combine left=$from
 * a.value, right=b); `solo` = c (fetch key=c). Latencies are given per call, so every time
 * below is worked out from the lines of the test alone.
 */
const scenario = declaredScenario();

/** Two steps of `quick` in order, the second naming no value of the first. */
const ordered = declaredScenario({
  tasks: [
    {
      id: "pair",
      instruction: "Run quick with 1, then with 2.",
      steps: [
        { id: "first", tool: "quick", args: { n: 1 } },
        { id: "second", tool: "quick", args: { n: 2 }, after: ["first"] },
      ],
      answer: { any: true },
    },
  ],
});

describe("a dependency used at exactly its seen time", () => {
  function usedAt(request: number) {
    const s = new Session(ordered, { clock: "wall" });
    const first = s.call(1000, "quick", { n: 1 }, { latency: 1000 }); // ends at 2000
    s.wait(1500, [first]); // answered at 2000: first seen at 2000
    const second = s.call(request, "quick", { n: 2 }, { latency: 1000 });
    s.wait(request, [second]);
    s.answer(request + 1000, "pair", "done");
    return computeMetrics(ordered, s.end());
  }

  it("is no violation when the request comes at the seen time", () => {
    const m = usedAt(2000);
    expect(m.steps.find((x) => x.step === "first")?.seenAt).toBe(2000);
    expect(m.steps.find((x) => x.step === "second")).toMatchObject({
      violation: false,
      unseenDeps: [],
    });
    expect(m.dependencyViolationRate).toBe(0);
    expect(m.tasks[0]).toMatchObject({ violations: 0, success: true });
  });

  it("is a violation one millisecond earlier, while the result was not yet seen", () => {
    // The request at 1999 comes while the wait from 1500 is still open (parallel calls).
    const m = usedAt(1999);
    expect(m.steps.find((x) => x.step === "second")).toMatchObject({
      violation: true,
      unseenDeps: ["first"],
    });
    expect(m.dependencyViolationRate).toBe(1);
    expect(m.tasks[0]).toMatchObject({ violations: 1, success: false });
  });
});

describe("readiness", () => {
  it("does not count a step as ready while a dependency was never seen", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "a" }, { latency: 3 }); // ends at 4; no response ever carries it
    const c = s.call(2, "fetch", { key: "c" }, { latency: 3 }); // ends at 5
    s.wait(3, [c]); // blocked [3, 5]; carries c only
    s.answer(6, "solo", "v-c");
    const m = computeMetrics(scenario, s.end("finished"));
    expect(m.time.idleIntervals).toEqual([[3, 5]]);
    // Ready: a [0, 1), c [0, 2); b never (a unseen). Nothing was ready while blocked.
    expect(m.time.avoidableIdleIntervals).toEqual([]);
    expect(m.avoidableIdleShare).toBe(0);
  });

  it("counts a step as ready from the moment its dependency is seen, including that moment", () => {
    const s = new Session(scenario, { clock: "wall" });
    const a = s.call(1, "fetch", { key: "a" }, { latency: 3 }); // ends at 4
    const c = s.call(2, "fetch", { key: "c" }, { latency: 20 }); // ends at 22
    s.wait(3, [a]); // answered at 4: a seen at 4, so b is ready from 4
    s.check(4, c); // call 4: c working, a wasted poll at exactly 4
    s.check(5, c); // call 5: wasted, b still ready
    const m = computeMetrics(scenario, s.end("finished", 6));
    // Both polls had ready work (b, from 4 on): one busy-wait run of calls 4 and 5.
    expect(m.wastedPolls).toBe(2);
    expect(m.polling.runs).toEqual([[4, 5]]);
    expect(m.busyWaitRuns).toBe(1);
  });

  it("counts a step as ready until the request that does it, excluding that moment", () => {
    function pollsThenC(cAt: number) {
      const s = new Session(scenario, { clock: "wall" });
      const a = s.call(1, "fetch", { key: "a" }, { latency: 20 }); // ends at 21
      s.check(2, a); // call 2: wasted; c ready [0, cAt)
      s.check(3, a); // call 3: wasted
      s.call(cAt, "fetch", { key: "c" }, { latency: 1 }); // call 4: c is done from here
      return computeMetrics(scenario, s.end("finished", 30));
    }
    // c requested at 3: the poll at 3 is at the end of c's readiness [0, 3), so nothing was
    // ready then (a and b are not) and the run [2] is one poll long: no busy-wait run.
    const atEnd = pollsThenC(3);
    expect(atEnd.wastedPolls).toBe(2);
    expect(atEnd.polling.runs).toEqual([]);
    // c requested at 4: both polls fall inside [0, 4): a run of calls 2 and 3.
    expect(pollsThenC(4).polling.runs).toEqual([[2, 3]]);
  });
});

describe("tolerances at exactly their bound", () => {
  const measured = declaredScenario({
    tasks: [
      {
        id: "measure",
        instruction: "Run quick with about 3.5 and report 10.",
        steps: [{ id: "q", tool: "quick", args: { n: { $approx: 3.5, $tol: 0.25 } } }],
        answer: { number: 10, tolerance: 0.5 },
      },
    ],
  });

  function run(n: number, answer: string) {
    const s = new Session(measured);
    const q = s.call(1, "quick", { n }, { latency: 1 });
    s.wait(2, [q]);
    s.answer(3, "measure", answer);
    return computeMetrics(measured, s.end());
  }

  it("matches a step argument at exactly $tol, and passes an answer at exactly the tolerance", () => {
    // |3.75 − 3.5| = 0.25 and |10.5 − 10| = 0.5, both exact in binary.
    const m = run(3.75, "10.5");
    expect(m.steps[0]).toMatchObject({ step: "q", call: 1 });
    expect(m.tasks[0]).toMatchObject({ matchedSteps: 1, answerCheck: { pass: true }, success: true });
  });

  it("matches nothing and fails the answer just past them", () => {
    const m = run(3.7501, "10.5001");
    expect(m.steps[0]).toMatchObject({ step: "q", call: null });
    expect(m.tasks[0]).toMatchObject({ matchedSteps: 0, answerCheck: { pass: false }, success: false });
  });
});
