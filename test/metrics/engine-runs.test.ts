import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import type { Job } from "../../src/engine/job.js";
import { getPath, type JsonValue } from "../../src/json.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { recordEpisode, recordingHeader } from "../../src/recorder/episode-recorder.js";
import { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { exampleAnswer } from "../../src/scenarios/answer-checks.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import { exampleValue, type FromResolver } from "../../src/scenarios/matchers.js";
import type { GoldStep, Scenario } from "../../src/scenarios/scenario.js";

/**
 * The metrics on logs the real engine and recorder write (the server's request/response lines
 * are written here the way the MCP layer writes them), for every shipped scenario in the step
 * clock: a blocking agent, and a greedy one that keeps every ready step in flight.
 */
const scenarios = (await loadScenariosAt(exampleScenariosDir)).flatMap((o) =>
  o.scenario ? [o.scenario] : [],
);

class Driver {
  readonly episode: Episode;
  readonly sink: MemoryRecordingWriter;
  #call = 0;
  /** Completed jobs by "task/step", for `$from` and answers. */
  readonly done = new Map<string, Job>();

  constructor(scenario: Scenario, seed: number) {
    let n = 0;
    this.episode = new Episode({ scenario, seed, clock: "step", newJobId: () => `job-${++n}` });
    const header = recordingHeader({
      episode: this.episode,
      server: { name: "asynctool-mcp", version: "test" },
      session: "s-engine",
      client: { name: "driver", version: "1" },
      startedAt: new Date("2026-06-02T00:00:00Z"),
    });
    this.sink = new MemoryRecordingWriter({ header, episodeTime: () => this.episode.now(), now: () => 0 });
    recordEpisode(this.episode, this.sink);
  }

  resolver(task: string): FromResolver {
    return (step, path) => {
      const value = getPath(this.done.get(`${task}/${step}`)?.result, path);
      return value === undefined ? [] : [value as JsonValue];
    };
  }

  start(step: GoldStep): Job {
    const args: Record<string, JsonValue> = {};
    for (const [name, matcher] of Object.entries(step.args)) {
      const value = exampleValue(matcher, this.resolver(step.task));
      if (value !== undefined) args[name] = value;
    }
    const call = this.#request(step.tool, args);
    const job = this.episode.startJob(step.tool, args, call);
    this.sink.write({ type: "response", call, isError: false, job: job.id, result: { job_id: job.id } });
    return job;
  }

  async wait(jobs: readonly Job[], all: boolean): Promise<void> {
    const call = this.#request("wait_for_jobs", {
      job_ids: jobs.map((j) => j.id),
      mode: all ? "all" : "any",
    });
    await this.episode.wait(
      jobs.map((j) => j.id),
      { all },
    );
    const delivered = jobs.filter((j) => j.status !== "working").map((j) => j.id);
    this.sink.write({ type: "response", call, isError: false, delivered, result: {} });
  }

  answer(task: Scenario["tasks"][number]): void {
    const text = exampleAnswer(task.answer, this.resolver(task.id)) ?? "";
    const call = this.#request("submit_answer", { task_id: task.id, answer: text });
    this.episode.submitAnswer(task.id, text);
    this.sink.write({ type: "response", call, isError: false, result: { accepted: true } });
    this.episode.endIfAllAnswered();
  }

  #request(tool: string, args: JsonValue): number {
    const t = this.episode.beginCall();
    const call = ++this.#call;
    this.sink.write({ type: "request", t, call, tool, args });
    return call;
  }
}

/** Starts one step, waits for it, and so on; answers each task when its steps are done. */
async function blocking(scenario: Scenario, seed: number) {
  const d = new Driver(scenario, seed);
  for (const task of scenario.tasks) {
    const pending = [...task.steps];
    while (pending.length > 0) {
      const index = pending.findIndex((s) => s.after.every((dep) => d.done.has(`${task.id}/${dep}`)));
      const step = pending.splice(index, 1)[0] as GoldStep;
      const job = d.start(step);
      await d.wait([job], true);
      d.done.set(`${task.id}/${step.id}`, job);
    }
    d.answer(task);
  }
  return d.sink.recording();
}

/** Keeps every ready step of every task in flight, waits for any, answers a task once it is done. */
async function greedy(scenario: Scenario, seed: number) {
  const d = new Driver(scenario, seed);
  const pending = new Map(scenario.tasks.map((t) => [t.id, [...t.steps]]));
  const inFlight = new Map<string, Job>();
  const answered = new Set<string>();
  while (answered.size < scenario.tasks.length) {
    for (const task of scenario.tasks) {
      const steps = pending.get(task.id) as GoldStep[];
      for (const step of steps.filter((s) => s.after.every((dep) => d.done.has(`${task.id}/${dep}`)))) {
        steps.splice(steps.indexOf(step), 1);
        inFlight.set(`${task.id}/${step.id}`, d.start(step));
      }
    }
    if (inFlight.size > 0) {
      await d.wait([...inFlight.values()], false);
      for (const [key, job] of [...inFlight]) {
        if (job.status === "working") continue;
        inFlight.delete(key);
        d.done.set(key, job);
      }
    }
    for (const task of scenario.tasks) {
      const finished = task.steps.every((s) => d.done.has(`${task.id}/${s.id}`));
      if (finished && !answered.has(task.id)) {
        d.answer(task);
        answered.add(task.id);
      }
    }
  }
  return d.sink.recording();
}

describe.each(scenarios.map((s) => [s.id, s] as const))("engine-written logs of %s", (_id, scenario) => {
  it("score the blocking agent a success with M = S and speedup exactly 1", async () => {
    for (const seed of [1, 2, 3]) {
      const m = computeMetrics(scenario, await blocking(scenario, seed));
      expect(m.episodeSuccess).toBe(true);
      expect(m.dependencyViolationRate === null || m.dependencyViolationRate === 0).toBe(true);
      expect(m.makespan).toBe(m.sequentialBound);
      expect(m.speedup).toBe(1);
      expect([m.stepPrecision, m.stepRecall]).toEqual([1, 1]);
    }
  });

  it("score the greedy agent a success, no worse than the blocking one", async () => {
    for (const seed of [1, 2, 3]) {
      const g = computeMetrics(scenario, await greedy(scenario, seed));
      const b = computeMetrics(scenario, await blocking(scenario, seed));
      expect(g.episodeSuccess).toBe(true);
      expect(g.dependencyViolationRate === null || g.dependencyViolationRate === 0).toBe(true);
      expect(g.orphans).toBe(0);
      expect(g.successWeightedEfficiency as number).toBeGreaterThanOrEqual(
        b.successWeightedEfficiency as number,
      );
    }
  });
});
