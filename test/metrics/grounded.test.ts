import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { connectInMemory, textOf } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/**
 * Grounded answers (metrics.md §3) on the declared scenario, step clock: chain = a (d=3) → b
 * (d=2), solo = c (d=3). An answer counts only if every step's result was seen at or before the
 * answer's request.
 */
const scenario = declaredScenario();

describe("grounded answers", () => {
  it("fails a task answered before its result was seen, however right the answer, and counts it", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" }); // j1 [1, 4)
    s.answer(2, "solo", "v-c"); // the right text, but c is not seen until 6: ungrounded
    const a = s.call(3, "fetch", { key: "a" }); // j2 [3, 6)
    s.wait(4, [a, c]); // answered at 6: a and c seen at 6
    const b = s.call(7, "combine", { left: "v-a", right: "b" }); // j3 [7, 9)
    s.wait(8, [b]); // b seen at 9
    s.answer(9, "chain", "v-a+b"); // request 9 = seen(b) 9: grounded (the §2 boundary, no violation)
    const m = computeMetrics(scenario, s.end());
    const solo = m.tasks.find((t) => t.id === "solo");
    const chain = m.tasks.find((t) => t.id === "chain");
    expect(solo?.answerCheck?.pass).toBe(true);
    expect(solo?.grounded).toBe(false);
    expect(solo?.success).toBe(false);
    expect(chain?.grounded).toBe(true);
    expect(chain?.success).toBe(true);
    // 1 of 2 tasks succeeds; one ungrounded answer; no dependency violation anywhere.
    expect(m.ungroundedAnswers).toBe(1);
    expect(m.correctness.ungroundedTasks).toEqual(["solo"]);
    expect(m.taskSuccessRate).toBe(0.5);
    expect(m.episodeSuccess).toBe(false);
    expect(m.dependencyViolationRate).toBe(0);
  });

  it("judges the last accepted answer: a re-answer after the result was seen is grounded", () => {
    const s = new Session(scenario);
    const c = s.call(1, "fetch", { key: "c" }); // [1, 4)
    s.answer(2, "solo", "v-c"); // ungrounded, but replaced below
    s.wait(3, [c]); // seen at 4
    s.answer(5, "solo", "v-c"); // 4 ≤ 5: grounded
    const m = computeMetrics(scenario, s.end("finished"));
    expect(m.tasks.find((t) => t.id === "solo")?.grounded).toBe(true);
    expect(m.tasks.find((t) => t.id === "solo")?.success).toBe(true);
    // chain has no answer: its flag is null, and it is not counted as ungrounded.
    expect(m.tasks.find((t) => t.id === "chain")?.grounded).toBeNull();
    expect(m.ungroundedAnswers).toBe(0);
  });

  it("needs every step's result seen, not one: an answer after a's result but before b's is ungrounded", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // j1 [1, 4)
    s.wait(2, [a]); // a seen at 4
    s.call(5, "combine", { left: "v-a", right: "b" }); // j2 [5, 7), never seen
    s.answer(6, "chain", "v-a+b"); // seen(a) 4 ≤ 6, but b is done and unseen
    const m = computeMetrics(scenario, s.end("finished", 8));
    expect(m.tasks.find((t) => t.id === "chain")).toMatchObject({ matchedSteps: 2, grounded: false });
    expect(m.correctness.ungroundedTasks).toEqual(["chain"]);
  });

  it("an answer given with a step never done is ungrounded as well as incomplete", () => {
    const s = new Session(scenario);
    s.answer(1, "solo", "v-c");
    const m = computeMetrics(scenario, s.end("finished"));
    expect(m.tasks.find((t) => t.id === "solo")?.grounded).toBe(false);
    expect(m.ungroundedAnswers).toBe(1);
  });

  it("on the real server: an agent that answers right after starting its step fails the task", async () => {
    const { server, call } = await connectInMemory({ scenario, seed: 1 });
    const started = (await call("fetch", { key: "c" })).structuredContent as { job_id: string };
    const reply = await call("submit_answer", { task_id: "solo", answer: "v-c" });
    // The text the agent reads stays neutral: it says the answer was recorded, nothing more.
    expect(textOf(reply)).toBe("Answer to solo recorded. Still to answer: chain.");
    await call("wait_for_jobs", { job_ids: [started.job_id] });
    await call("finish");
    const recording = (server.session.sink as MemoryRecordingWriter).recording();
    const m = computeMetrics(scenario, recording);
    const solo = m.tasks.find((t) => t.id === "solo");
    expect(solo?.answerCheck?.pass).toBe(true);
    expect(solo?.grounded).toBe(false);
    expect(solo?.success).toBe(false);
    expect(m.ungroundedAnswers).toBe(1);
  });
});
