import "../helpers/load-domains.js";
import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import type { Recording } from "../../src/recorder/format.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import type { ScenarioFileInput } from "../../src/scenarios/schema.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/**
 * Dependency violations, task and episode success, neglect, orphans, duplicates and cross-task
 * confusion. The declared scenario: `chain` = a (fetch key=a, d=3) → b (combine left=$from
 * a.value, right=b, d=2), answer exact b.joined; `solo` = c (fetch key=c, d=3), answer "v-c".
 */
const scenario = declaredScenario();

/** Two steps of `quick` in order, the second naming no value of the first: an ordering dependency. */
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

describe("dependency violations", () => {
  it("flags a step started before its dependency's result was seen (order only: not guessed)", () => {
    const s = new Session(ordered);
    const first = s.call(1, "quick", { n: 1 }); // j1 ends 2
    const second = s.call(2, "quick", { n: 2 }); // request 2; first is done at 2 but nobody has seen it
    s.check(3, first); // first seen at 3
    s.check(4, second);
    s.answer(5, "pair", "done");
    const m = computeMetrics(ordered, s.end());
    // pair/second is the only matched step with dependencies, and 2 < seen(first) = 3: rate 1/1.
    expect(m.dependencyViolationRate).toBe(1);
    expect(m.steps.find((x) => x.step === "second")).toMatchObject({
      violation: true,
      unseenDeps: ["first"],
      guessed: false,
    });
    expect(m.correctness.guessedViolations).toBe(0);
    // Every step matched and the answer passes, but the violation fails the task.
    expect(m.tasks[0]).toMatchObject({ matchedSteps: 2, violations: 1, success: false });
    expect(m.taskSuccessRate).toBe(0);
  });

  it("calls a violation whose argument still holds the unseen result's value guessed", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // ends 4
    const b = s.call(2, "combine", { left: "v-a", right: "b" }); // "v-a" before a was seen
    s.wait(3, [a, b]); // both seen at 4
    s.answer(5, "chain", "v-a+b");
    const m = computeMetrics(scenario, s.end());
    // chain/b matched (its $from value is right) but 2 < seen(a) = 4: a violation, guessed.
    expect(m.steps.find((x) => x.step === "b")).toMatchObject({ call: 2, violation: true, guessed: true });
    expect(m.dependencyViolationRate).toBe(1);
    expect(m.correctness.guessedViolations).toBe(1);
    expect(m.tasks.find((t) => t.id === "chain")).toMatchObject({
      success: false,
      answerCheck: { pass: true },
    });
  });

  it("counts a dependency that was never seen as not seen", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "a" }); // ends 4, never checked
    s.call(5, "combine", { left: "v-a", right: "b" }); // a is done but unseen
    const m = computeMetrics(scenario, s.end());
    expect(m.steps.find((x) => x.step === "b")).toMatchObject({
      violation: true,
      unseenDeps: ["a"],
      seenAt: null,
    });
    expect(m.dependencyViolationRate).toBe(1);
    // j1 completed at 4 and no response ever carried it; j2 (combine) ended at 7 after the end (5): still working.
    expect(m.correctness.orphanJobs).toEqual([1]);
    expect(m.orphans).toBe(1);
  });

  it("has no rate (null, not 0) when no matched step has dependencies", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "c" });
    const m = computeMetrics(scenario, s.end());
    expect(m.dependencyViolationRate).toBeNull();
  });
});

describe("task and episode success", () => {
  function solveBoth(chainAnswer: string) {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" });
    const c = s.call(2, "fetch", { key: "c" });
    s.wait(3, [a]); // → 4
    const b = s.call(5, "combine", { left: "v-a", right: "b" });
    s.wait(6, [b, c]); // → 7
    s.answer(8, "chain", chainAnswer);
    s.answer(9, "solo", "v-c");
    return s.end();
  }

  it("succeeds when every task has its steps, no violation and a passing answer", () => {
    const m = computeMetrics(scenario, solveBoth("v-a+b"));
    expect(m.tasks.map((t) => t.success)).toEqual([true, true]);
    expect(m.taskSuccessRate).toBe(1);
    expect(m.episodeSuccess).toBe(true);
  });

  it("fails a task whose answer fails the check, and with it the episode", () => {
    const m = computeMetrics(scenario, solveBoth("v-a"));
    const chain = m.tasks.find((t) => t.id === "chain");
    expect(chain?.answerCheck).toMatchObject({ pass: false });
    expect(chain?.success).toBe(false);
    // 1 of 2 tasks succeeds.
    expect(m.taskSuccessRate).toBe(0.5);
    expect(m.episodeSuccess).toBe(false);
  });

  it("judges the last answer: a later answer replaces an earlier one", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" });
    s.wait(2, [c]); // → 4
    s.answer(5, "solo", "wrong");
    s.answer(6, "solo", "v-c");
    const m = computeMetrics(scenario, s.end());
    expect(m.tasks.find((t) => t.id === "solo")).toMatchObject({
      answer: "v-c",
      answers: 2,
      answeredAt: 6,
      success: true,
    });
  });

  it("ignores an answer the server refused", () => {
    const s = new Session(scenario);
    s.answer(1, "solo", "v-c", { refuse: "EPISODE_OVER" });
    const m = computeMetrics(scenario, s.end());
    expect(m.correctness.unansweredTasks).toEqual(["chain", "solo"]);
  });

  it("requires the state check, judged on the state rebuilt by replaying the completed jobs", () => {
    const fs = compileScenario(
      {
        id: "fs-state",
        title: "Copy a file",
        domains: { filesystem: { state: { files: { "/a.txt": "hello" } } } },
        latency: { "filesystem.*": 2 },
        tasks: [
          {
            id: "backup",
            instruction: "Copy /a.txt to /b.txt and keep the original.",
            steps: [{ id: "copy", tool: "copy_file", args: { src: "/a.txt", dest: "/b.txt" } }],
            answer: { any: true },
            state: [
              { path: ["filesystem", "files", "/b.txt"], exists: true },
              { path: ["filesystem", "files", "/a.txt"], exists: true },
            ],
          },
        ],
      },
      { file: "fs-state.yaml" },
    );
    const keep = new Session(fs);
    const copy = keep.call(1, "copy_file", { src: "/a.txt", dest: "/b.txt" });
    keep.wait(2, [copy]); // → 3
    keep.answer(4, "backup", "done");
    const kept = computeMetrics(fs, keep.end());
    expect(kept.tasks[0]?.stateChecks.map((c) => c.pass)).toEqual([true, true]);
    expect(kept.episodeSuccess).toBe(true);

    const lose = new Session(fs);
    const copied = lose.call(1, "copy_file", { src: "/a.txt", dest: "/b.txt" });
    lose.wait(2, [copied]); // → 3
    const del = lose.call(4, "delete_file", { path: "/a.txt" }); // an extra call that breaks the state
    lose.wait(5, [del]); // → 6
    lose.answer(7, "backup", "done");
    const lost = computeMetrics(fs, lose.end());
    // The step matched and the answer passes, but /a.txt no longer exists.
    expect(lost.tasks[0]).toMatchObject({ matchedSteps: 1, answerCheck: { pass: true }, success: false });
    expect(lost.tasks[0]?.stateChecks.map((c) => c.pass)).toEqual([true, false]);
  });
});

/** A filesystem scenario with /a.txt, latency 2 for every tool; `tasks` as written in a scenario file. */
function fsScenario(tasks: ScenarioFileInput["tasks"]): Scenario {
  return compileScenario(
    {
      id: "fs-state",
      title: "Files",
      domains: { filesystem: { state: { files: { "/a.txt": "hello" } } } },
      latency: { "filesystem.*": 2 },
      tasks,
    },
    { file: "fs-state.yaml" },
  );
}

const copyTask: ScenarioFileInput["tasks"][number] = {
  id: "backup",
  instruction: "Copy /a.txt to /b.txt and keep the original.",
  steps: [{ id: "copy", tool: "copy_file", args: { src: "/a.txt", dest: "/b.txt" } }],
  answer: { any: true },
};
const readTask: ScenarioFileInput["tasks"][number] = {
  id: "look",
  instruction: "Read /a.txt.",
  steps: [{ id: "read", tool: "read_file", args: { path: "/a.txt" } }],
  answer: { any: true },
};

describe("state checks on the replayed state", () => {
  it("checks the state of the one task that has a state check, when another task has none", () => {
    const fs = fsScenario([
      { ...copyTask, state: [{ path: ["filesystem", "files", "/a.txt"], exists: true }] },
      readTask,
    ]);
    const s = new Session(fs);
    const read = s.call(1, "read_file", { path: "/a.txt" }); // → 3
    const copy = s.call(1, "copy_file", { src: "/a.txt", dest: "/b.txt" }); // → 3
    s.wait(2, [read, copy]); // both seen at 3
    const del = s.call(4, "delete_file", { path: "/a.txt" }); // → 6: /a.txt is gone
    s.wait(5, [del]);
    s.answer(7, "backup", "done");
    s.answer(8, "look", "hello");
    const m = computeMetrics(fs, s.end());
    // look has no state check and passes; backup's check fails on the replayed state.
    expect(m.tasks.find((t) => t.id === "look")).toMatchObject({ stateChecks: [], success: true });
    const backup = m.tasks.find((t) => t.id === "backup");
    expect(backup?.stateChecks.map((c) => c.pass)).toEqual([false]);
    expect(backup?.success).toBe(false);
    expect(m.taskSuccessRate).toBe(0.5);
  });

  it("replays the jobs only when a task checks the state: no replay note without a state check", () => {
    /** A session whose delete of a missing file the recording calls completed: its replay throws. */
    function withUnreplayableJob(of: Scenario): Recording {
      const s = new Session(of);
      const copy = s.call(1, "copy_file", { src: "/a.txt", dest: "/b.txt" }); // → 3
      s.call(1, "delete_file", { path: "/nowhere.txt" }); // j2 → 3, failed (no such file)
      s.wait(2, [copy]);
      s.answer(4, "backup", "done");
      const recording = s.end();
      return {
        ...recording,
        events: recording.events.map((e) =>
          e.type === "job" && e.job === "j2" && e.status === "failed"
            ? {
                type: "job",
                seq: e.seq,
                wall: e.wall,
                t: e.t,
                job: e.job,
                tool: e.tool,
                status: "completed",
                result: {},
              }
            : e,
        ) as Recording["events"],
      };
    }
    const replayNote = /^Job #2 completed in the session but failed when replayed/;
    const checked = fsScenario([
      { ...copyTask, state: [{ path: ["filesystem", "files", "/b.txt"], exists: true }] },
    ]);
    expect(computeMetrics(checked, withUnreplayableJob(checked)).notes.some((n) => replayNote.test(n))).toBe(
      true,
    );
    // Without a state check nothing is replayed: no job can fail a replay, and no note says one did.
    const unchecked = fsScenario([copyTask]);
    expect(
      computeMetrics(unchecked, withUnreplayableJob(unchecked)).notes.filter((n) => /replayed/.test(n)),
    ).toEqual([]);
  });
});

describe("neglect, orphans and duplicates", () => {
  it("lists neglected and unanswered tasks", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" });
    s.wait(2, [a]);
    s.answer(5, "chain", "v-a");
    const m = computeMetrics(scenario, s.end());
    // solo: no matched step and no answer. chain: one matched step, answered.
    expect(m.correctness.neglectedTasks).toEqual(["solo"]);
    expect(m.correctness.unansweredTasks).toEqual(["solo"]);
  });

  it("counts a completed job nobody saw as an orphan, but not a job the agent cancelled", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "c" }); // j1 ends 4, never seen: orphan
    const q = s.call(2, "quick", { n: 5 }, { latency: 5 }); // j2 would end 7
    s.cancel(3, q); // cancelled: not an orphan
    s.other(5, "list_jobs"); // statuses only: carries no output
    const m = computeMetrics(scenario, s.end());
    expect(m.orphans).toBe(1);
    expect(m.correctness.orphanJobs).toEqual([1]);
  });

  it("counts a repeat of a call whose job is still working or done, but not a retry after a failure", () => {
    const s = new Session(scenario);
    s.call(1, "quick", { n: 7 }); // call 1, j1 ends 2
    s.call(2, "quick", { n: 7 }); // call 2: j1 completed → duplicate
    s.call(3, "quick", { n: 8 }, { fail: "JOB_FAILED_TRANSIENT" }); // call 3, j3 fails at 4
    s.call(4, "quick", { n: 8 }); // call 4: at 4 j3 has failed → a retry, not a duplicate
    s.call(5, "quick", { n: 9 }, { latency: 4, fail: "JOB_FAILED_TRANSIENT" }); // call 5, j5 fails at 9
    s.call(6, "quick", { n: 9 }); // call 6: j5 still working at 6 → duplicate
    const m = computeMetrics(scenario, s.end());
    expect(m.correctness.duplicateCalls).toEqual([2, 6]);
    expect(m.duplicates).toBe(2);
  });

  it("compares a repeat with the latest of several failed runs, not the first", () => {
    const s = new Session(scenario);
    s.call(1, "quick", { n: 5 }, { latency: 1, fail: "JOB_FAILED_TRANSIENT" }); // call 1 fails at 2
    s.call(3, "quick", { n: 5 }, { latency: 5, fail: "JOB_FAILED_TRANSIENT" }); // call 2: a retry; fails at 8
    s.call(4, "quick", { n: 5 }); // call 3: call 2 still working at 4 (latest bad end 8 > 4) → duplicate
    s.other(9, "list_jobs"); // both failures are in the recording: call 2's job failed at 8, not still working
    const m = computeMetrics(scenario, s.end());
    expect(m.correctness.duplicateCalls).toEqual([3]);
  });

  it("counts a repeat made while an earlier run was still working, though that run failed later", () => {
    const s = new Session(scenario);
    s.call(1, "quick", { n: 9 }, { latency: 4, fail: "JOB_FAILED_TRANSIENT" }); // call 1 fails at 5
    s.call(2, "quick", { n: 9 }); // call 2: at 2, call 1 was still working → duplicate
    s.call(6, "quick", { n: 4 }, { latency: 1, fail: "JOB_FAILED_TRANSIENT" }); // call 3 fails at 7
    s.call(8, "quick", { n: 4 }); // call 4: call 3 failed at 7 ≤ 8 → a retry
    s.other(9, "list_jobs");
    const m = computeMetrics(scenario, s.end());
    expect(m.correctness.duplicateCalls).toEqual([2]);
  });
});

describe("cross-task confusion", () => {
  it("flags a call that uses a value only another task's job returned", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" }); // solo's job returns "v-c"
    const a = s.call(2, "fetch", { key: "a" });
    s.wait(3, [a, c]); // both seen at 5
    s.call(6, "combine", { left: "v-c", right: "b" }); // call 4: chain's combine fed solo's value
    const m = computeMetrics(scenario, s.end());
    // Call 4 matches nothing (left must be a's value); combine is a tool of task chain only, and
    // "v-c" came only from solo's job, seen at 5 ≤ 6; chain's instruction does not mention it.
    expect(m.correctness.confusions).toEqual([
      { call: 4, tool: "combine", values: [{ value: "v-c", from: "solo" }] },
    ]);
    expect(m.correctness.crossTaskConfusions).toBe(1);
  });

  it("does not flag a value the call's own task returned", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" });
    s.wait(2, [a]);
    s.call(5, "combine", { left: "v-a", right: "b" });
    const m = computeMetrics(scenario, s.end());
    expect(m.correctness.crossTaskConfusions).toBe(0);
  });
});

describe("ratios with nothing to divide by", () => {
  it("are null, never 0, in a session where the agent did nothing", () => {
    const s = new Session(scenario);
    const m = computeMetrics(scenario, s.end("disconnected"));
    // No scenario-tool calls → precision 0/0; recall 0/3 = 0 and F1 = 0/(0 + 3) = 0 have values.
    expect(m.stepPrecision).toBeNull();
    expect(m.stepRecall).toBe(0);
    expect(m.stepF1).toBe(0);
    expect(m.dependencyViolationRate).toBeNull();
    expect(m.pollEfficiency).toBeNull();
    expect(m.productiveSwitchShare).toBeNull();
    expect(m.pickupLatencyMean).toBeNull();
    expect(m.pickupLatencyP95).toBeNull();
    // M = end = 0: every share of M is 0/0.
    expect(m.makespan).toBe(0);
    expect(m.idleShare).toBeNull();
    expect(m.avoidableIdleShare).toBeNull();
    expect(m.meanConcurrency).toBeNull();
    expect(m.worstTaskStretch).toBeNull();
    // A failed episode: no efficiency figures, and success-weighted efficiency 0 (it covers failures).
    expect(m.speedup).toBeNull();
    expect(m.optimality).toBeNull();
    expect(m.normalizedEfficiency).toBeNull();
    expect(m.successWeightedEfficiency).toBe(0);
  });
});
