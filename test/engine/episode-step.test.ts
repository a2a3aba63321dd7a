import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import { AsyncToolError } from "../../src/errors.js";
import { declaredScenario } from "../helpers/scenarios.js";

function ids() {
  let n = 0;
  return () => `job-${++n}`;
}

function stepEpisode(overrides: Parameters<typeof declaredScenario>[0] = {}, seed = 1) {
  return new Episode({ scenario: declaredScenario(overrides), seed, clock: "step", newJobId: ids() });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AsyncToolError) return error.code;
    throw error;
  }
  return undefined;
}

describe("episode in the step clock", () => {
  it("stamps the first call at 1 and advances one step per call", () => {
    const episode = stepEpisode();
    expect(episode.now()).toBe(0);
    expect(episode.beginCall()).toBe(1);
    expect(episode.beginCall()).toBe(2);
  });

  it("keeps a job of latency 3 working for the next two calls and completes it on the third", () => {
    const episode = stepEpisode();
    const start = episode.beginCall();
    const job = episode.startJob("fetch", { key: "zzz" }); // not a gold step: latency from the tool's spec, 3
    expect(job.latency).toBe(3);
    expect(job.startedAt).toBe(start);
    episode.beginCall();
    expect(job.status).toBe("working");
    episode.beginCall();
    expect(job.status).toBe("working");
    episode.beginCall();
    expect(job.status).toBe("completed");
    expect(job.endedAt).toBe(start + 3);
    expect(job.result).toEqual({ value: "v-zzz" });
  });

  it("moves the clock to the earliest finish on a wait for any, and to the last on a wait for all", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const slow = episode.startJob("fetch", { key: "x" }); // 3 → ends at 4
    episode.beginCall();
    const fast = episode.startJob("quick", { n: 1 }); // 1 → ends at 3
    episode.beginCall(); // t = 3: fast is done already
    expect(fast.status).toBe("completed");
    const outcome = await episode.wait([slow.id], { all: true });
    expect(outcome.timedOut).toBe(false);
    expect(episode.now()).toBe(4);
    expect(slow.status).toBe("completed");

    const other = stepEpisode();
    other.beginCall();
    const a = other.startJob("fetch", { key: "x" }); // ends at 4
    other.beginCall();
    const b = other.startJob("combine", { left: "p", right: "q" }); // 2 → ends at 4
    other.beginCall();
    const c = other.startJob("fetch", { key: "y" }); // ends at 6
    other.beginCall(); // t=4: a and b finish
    await other.wait([c.id], { all: false });
    expect(other.now()).toBe(6);
    expect([a.status, b.status, c.status]).toEqual(["completed", "completed", "completed"]);
  });

  it("stops a wait at its timeout, reporting it timed out", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const job = episode.startJob("fetch", { key: "x" }); // ends at 4
    const outcome = await episode.wait([job.id], { all: true, timeout: 1 });
    expect(outcome.timedOut).toBe(true);
    expect(episode.now()).toBe(2);
    expect(job.status).toBe("working");
  });

  it("does not move the clock for a wait on finished jobs", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const job = episode.startJob("quick", { n: 2 });
    episode.beginCall();
    episode.beginCall();
    const before = episode.now();
    await episode.wait([job.id], { all: true });
    expect(episode.now()).toBe(before);
  });

  it("gives a gold step the latency the schedule drew for it, whatever the order of calls", () => {
    const scenario = declaredScenario({
      latency: { fetch: { uniform: { min: 1, max: 20 } }, combine: 2, quick: 1 },
    });
    const first = new Episode({ scenario, seed: 5, clock: "step", newJobId: ids() });
    first.beginCall();
    const c1 = first.startJob("fetch", { key: "c" });
    first.beginCall();
    const a1 = first.startJob("fetch", { key: "a" });

    const second = new Episode({ scenario, seed: 5, clock: "step", newJobId: ids() });
    second.beginCall();
    const a2 = second.startJob("fetch", { key: "a" });
    second.beginCall();
    const c2 = second.startJob("fetch", { key: "c" });

    expect(a1.step).toEqual({ task: "chain", step: "a" });
    expect(c1.step).toEqual({ task: "solo", step: "c" });
    expect(a1.latency).toBe(first.schedule.chain?.a);
    expect(a2.latency).toBe(a1.latency);
    expect(c2.latency).toBe(c1.latency);
    expect(first.schedule).toEqual(second.schedule);
  });

  it("attributes a $from step only when the value came from the dependency's result", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const guess = episode.startJob("combine", { left: "v-a", right: "b" });
    expect(guess.step).toBeUndefined(); // a has no result yet, so this cannot be step b
    episode.beginCall();
    const a = episode.startJob("fetch", { key: "a" });
    await episode.wait([a.id], { all: true });
    episode.beginCall();
    const b = episode.startJob("combine", { left: "v-a", right: "b" });
    expect(b.step).toEqual({ task: "chain", step: "b" });
  });

  it("refuses calls beyond a tool's concurrency limit as busy, and accepts them once a job ends", async () => {
    const episode = stepEpisode({ faults: { fetch: { concurrency: 1 } } });
    episode.beginCall();
    const first = episode.startJob("fetch", { key: "a" });
    episode.beginCall();
    expect(codeOf(() => episode.startJob("fetch", { key: "c" }))).toBe("TOOL_BUSY");
    await episode.wait([first.id], { all: true });
    episode.beginCall();
    expect(episode.startJob("fetch", { key: "c" }).status).toBe("working");
  });

  it("fails about the stated share of jobs, with a retryable error", async () => {
    const episode = new Episode({
      scenario: declaredScenario({
        faults: { quick: { failureRate: 0.3 } },
        limits: { maxJobs: 5000, maxCalls: 10000 },
      }),
      seed: 9,
      clock: "step",
      newJobId: ids(),
    });
    const jobs = [];
    for (let i = 0; i < 2000; i++) {
      episode.beginCall();
      jobs.push(episode.startJob("quick", { n: i + 100 }));
    }
    await episode.wait(
      jobs.map((j) => j.id),
      { all: true },
    );
    const failed = jobs.filter((j) => j.status === "failed");
    // Binomial(2000, 0.3): sd = 20.5; allow about four.
    expect(Math.abs(failed.length - 600)).toBeLessThan(80);
    expect(failed[0]?.error).toMatchObject({ code: "JOB_FAILED_TRANSIENT", retryable: true });
  });

  it("gives a retried call a fresh failure draw: the same seed, the same fate per attempt", async () => {
    const run = async () => {
      const episode = new Episode({
        scenario: declaredScenario({ faults: { fetch: { failureRate: 0.5 } } }),
        seed: 4,
        clock: "step",
        newJobId: ids(),
      });
      const outcomes: string[] = [];
      for (let i = 0; i < 8; i++) {
        episode.beginCall();
        const job = episode.startJob("fetch", { key: "a" });
        await episode.wait([job.id], { all: true });
        outcomes.push(job.status);
      }
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBe(2);
  });

  it("refuses to cancel a finished job with its own error, and cancels a working one", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const quick = episode.startJob("quick", { n: 1 });
    const slow = episode.startJob("fetch", { key: "a" });
    await episode.wait([quick.id], { all: true });
    expect(codeOf(() => episode.cancelJob(quick.id, "agent"))).toBe("JOB_ALREADY_FINISHED");
    const cancelled = episode.cancelJob(slow.id, "agent");
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancelledBy).toBe("agent");
    await episode.wait([slow.id], { all: true });
    expect(slow.status).toBe("cancelled");
  });

  it("frees a gold step whose job was cancelled, so a retry gets it", () => {
    const episode = stepEpisode();
    episode.beginCall();
    const first = episode.startJob("fetch", { key: "a" });
    episode.cancelJob(first.id, "client");
    episode.beginCall();
    const retry = episode.startJob("fetch", { key: "a" });
    expect(first.step).toEqual({ task: "chain", step: "a" });
    expect(retry.step).toEqual({ task: "chain", step: "a" });
  });

  it("ends a job failed when the tool answers with a declared error", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const job = episode.startJob("quick", { n: 13 });
    await episode.wait([job.id], { all: true });
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({
      code: "DECLARED_ERROR",
      message: "thirteen is unlucky",
      retryable: false,
    });
  });

  it("expires a job that outlives the tool's timeout", async () => {
    const episode = stepEpisode({ faults: { fetch: { timeout: 2 } } });
    episode.beginCall();
    const job = episode.startJob("fetch", { key: "a" });
    await episode.wait([job.id], { all: true });
    expect(job.status).toBe("expired");
    expect(job.endedAt).toBe(3);
    expect(job.error?.code).toBe("JOB_EXPIRED");
  });

  it("rejects bad arguments at once, naming what is wrong", () => {
    const episode = stepEpisode();
    episode.beginCall();
    expect(codeOf(() => episode.startJob("fetch", { key: 3 }))).toBe("BAD_ARGUMENTS");
    expect(codeOf(() => episode.startJob("fetch", {}))).toBe("BAD_ARGUMENTS");
    expect(() => episode.startJob("fetch", { key: "a", colour: "red" })).toThrow(
      /no argument "colour"; it takes key/,
    );
    expect(codeOf(() => episode.startJob("fetch", ["a"]))).toBe("BAD_ARGUMENTS");
    expect(codeOf(() => episode.startJob("teleport", {}))).toBe("TOOL_NOT_FOUND");
    expect(episode.jobs()).toHaveLength(0);
  });

  it("enforces the caps on jobs and calls", () => {
    const episode = stepEpisode({ limits: { maxJobs: 2, maxCalls: 3 } });
    episode.beginCall();
    episode.startJob("quick", { n: 1 });
    episode.startJob("quick", { n: 2 });
    expect(codeOf(() => episode.startJob("quick", { n: 3 }))).toBe("JOB_LIMIT");
    episode.beginCall();
    episode.beginCall();
    expect(codeOf(() => episode.beginCall())).toBe("CALL_LIMIT");
  });

  it("ends when every task is answered, and refuses work afterwards", () => {
    const episode = stepEpisode();
    const events: string[] = [];
    episode.on((event) =>
      events.push(event.type === "end" ? `end:${event.status}` : `job:${event.job.status}`),
    );
    episode.beginCall();
    episode.submitAnswer("chain", "x");
    expect(episode.endIfAllAnswered()).toBe(false);
    expect(codeOf(() => episode.submitAnswer("nope", "x"))).toBe("TASK_NOT_FOUND");
    episode.submitAnswer("solo", "v-c");
    expect(episode.endIfAllAnswered()).toBe(true);
    expect(episode.status).toBe("completed");
    expect(events).toEqual(["end:completed"]);
    expect(codeOf(() => episode.beginCall())).toBe("EPISODE_OVER");
  });

  it("ends as timeout when the step clock passes the time limit", () => {
    const episode = stepEpisode({ limits: { timeLimit: 2 } });
    episode.beginCall();
    episode.beginCall();
    expect(codeOf(() => episode.beginCall())).toBe("EPISODE_OVER");
    expect(episode.status).toBe("timeout");
  });

  it("runs every job at once in the instant mode", () => {
    const episode = new Episode({
      scenario: declaredScenario(),
      seed: 1,
      clock: "step",
      mode: "instant",
      newJobId: ids(),
    });
    episode.beginCall();
    const job = episode.startJob("fetch", { key: "a" });
    expect(job.status).toBe("completed");
    expect(episode.schedule).toEqual({ chain: { a: 0, b: 0 }, solo: { c: 0 } });
  });

  it("emits each job transition synchronously, in order", () => {
    const episode = stepEpisode();
    const seen: string[] = [];
    episode.on((event) => {
      if (event.type === "job") seen.push(`${event.job.id}:${event.job.status}@${event.t}`);
    });
    episode.beginCall();
    episode.startJob("quick", { n: 1 });
    episode.beginCall();
    expect(seen).toEqual(["job-1:working@1", "job-1:completed@2"]);
  });
});
