import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/index.js";
import { extractInputs } from "../../src/metrics/inputs.js";
import type { EventInput } from "../../src/recorder/format.js";
import { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { testHeader } from "../recorder/helpers.js";

/**
 * A job whose final state reached the agent on a listen stream (a Tasks-extension
 * `notifications/tasks`, recorded as a `tasks` notice) is seen at the notice's time
 * (docs/metrics.md, Inputs). Hand-worked, step clock, the declared scenario (fetch 3, combine 2):
 *
 * | t | event |
 * |---|---|
 * | 1 | call 1 fetch a → j1 (ends 4) |
 * | 2 | call 2 fetch c → j2 (ends 5) |
 * | 3 | call 3: listen on j1, j2 (wait_for_jobs all via tasks) |
 * | 4 | j1 completes; notice (tasks, call 3) |
 * | 5 | j2 completes; notice; the listen's response (no delivered) |
 * | 6 | call 4 combine v-a, b → j3 (ends 8) |
 * | 7 | call 5 submit_answer solo |
 * | 8 | j3 completes; call 6: listen on j3, ended already: notice at 8; response |
 * | 9 | call 7 submit_answer chain; end |
 *
 * Seen: j1 4, j2 5, j3 8; every pickup latency 0; both answers grounded; no poll. The same log
 * with `logging` notices (a notice that jobs ended, without their results) sees nothing.
 */
function listenRun(kind: "tasks" | "logging") {
  const scenario = declaredScenario();
  const sink = new MemoryRecordingWriter({
    header: testHeader({
      session: "s",
      scenario: { id: scenario.id, title: scenario.title, hash: scenario.hash },
      mode: "tasks",
      unitMs: scenario.unitMs,
      client: null,
      schedule: { chain: { a: 3, b: 2 }, solo: { c: 3 } },
    }),
    // The end line's stamp: the last answer's step.
    episodeTime: () => 9,
    now: () => 0,
  });
  const events: EventInput[] = [];
  const start = (call: number, job: string, tool: string, args: object, latency: number, t: number) => {
    events.push({ type: "request", call, tool, args: { ...args }, via: "tasks", t });
    events.push({
      type: "job",
      job,
      tool,
      status: "working",
      call,
      args: { ...args },
      latency,
      finishAt: t + latency,
      t,
    });
    events.push({ type: "response", call, isError: false, job, result: null, t });
  };
  const done = (job: string, tool: string, result: object, t: number) =>
    events.push({ type: "job", job, tool, status: "completed", result: { ...result }, t });
  const listen = (call: number, jobs: string[], t: number) =>
    events.push({
      type: "request",
      call,
      tool: "wait_for_jobs",
      args: { job_ids: jobs, mode: "all" },
      via: "tasks",
      t,
    });
  const notice = (call: number, job: string, t: number) =>
    events.push({ type: "notice", kind, jobs: [job], ...(kind === "tasks" ? { call } : {}), t });
  const answer = (call: number, task: string, value: string, t: number) => {
    events.push({ type: "request", call, tool: "submit_answer", args: { task_id: task, answer: value }, t });
    events.push({ type: "response", call, isError: false, result: null, t });
  };
  start(1, "j1", "fetch", { key: "a" }, 3, 1);
  start(2, "j2", "fetch", { key: "c" }, 3, 2);
  listen(3, ["j1", "j2"], 3);
  done("j1", "fetch", { value: "v-a" }, 4);
  notice(3, "j1", 4);
  done("j2", "fetch", { value: "v-c" }, 5);
  notice(3, "j2", 5);
  events.push({ type: "response", call: 3, isError: false, result: {}, t: 5 });
  start(4, "j3", "combine", { left: "v-a", right: "b" }, 2, 6);
  answer(5, "solo", "v-c", 7);
  done("j3", "combine", { joined: "v-a+b" }, 8);
  listen(6, ["j3"], 8);
  notice(6, "j3", 8);
  events.push({ type: "response", call: 6, isError: false, result: {}, t: 8 });
  answer(7, "chain", "v-a+b", 9);
  for (const event of events) sink.write(event);
  sink.close("completed", undefined, { probe: false });
  return { scenario, recording: sink.recording() };
}

describe("a job delivered on a listen stream (a tasks notice)", () => {
  it("is seen at the notice's time, by the listen's call", () => {
    const { scenario, recording } = listenRun("tasks");
    const inputs = extractInputs(scenario, recording);
    expect(inputs.jobs.map((j) => [j.id, j.seen, j.seenBy?.call])).toEqual([
      ["j1", 4, 3],
      ["j2", 5, 3],
      ["j3", 8, 6],
    ]);
  });

  it("so pickup latency is 0, both answers are grounded, and no notification counts as a poll", () => {
    const { scenario, recording } = listenRun("tasks");
    const metrics = computeMetrics(scenario, recording);
    expect(metrics).toMatchObject({
      episodeSuccess: true,
      ungroundedAnswers: 0,
      pickupLatencyMean: 0,
      pickupLatencyP95: 0,
      polls: 0,
      wastedPolls: 0,
      makespan: 9,
    });
  });

  it("while a logging notice, which carries no result, is no sighting", () => {
    const { scenario, recording } = listenRun("logging");
    expect(extractInputs(scenario, recording).jobs.map((j) => j.seen)).toEqual([null, null, null]);
    const metrics = computeMetrics(scenario, recording);
    // Never seen: pickup is end − finish, (9−4 + 9−5 + 9−8) / 3; neither answer is grounded.
    expect(metrics.pickupLatencyMean).toBeCloseTo(10 / 3, 10);
    expect(metrics.ungroundedAnswers).toBe(2);
    expect(metrics.episodeSuccess).toBe(false);
  });
});
