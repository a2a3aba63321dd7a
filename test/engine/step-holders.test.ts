import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * Which job holds a gold step decides where a `$from` argument reads its value: step b of task
 * chain is combine(left = a.value, right = "b"), so a combine call is step b only when the job
 * holding step a completed with value "v-a". Declared scenario: fetch 3, combine 2, quick 1.
 */
function stepEpisode(overrides: Parameters<typeof declaredScenario>[0] = {}) {
  let n = 0;
  return new Episode({
    scenario: declaredScenario(overrides),
    seed: 1,
    clock: "step",
    newJobId: () => `job-${++n}`,
  });
}

describe("the job that holds a gold step", () => {
  it("passes to a retry when the holder is cancelled, so the retry's result feeds the next step", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const first = episode.startJob("fetch", { key: "a" });
    episode.cancelJob(first.id, "agent");
    episode.beginCall();
    const retry = episode.startJob("fetch", { key: "a" });
    await episode.wait([retry.id], { all: true });
    episode.beginCall();
    // The retry holds step a now and completed with v-a: this call is step b.
    expect(episode.startJob("combine", { left: "v-a", right: "b" }).step).toEqual({
      task: "chain",
      step: "b",
    });
  });

  it("stays with the holder when a duplicate started meanwhile is cancelled", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const holder = episode.startJob("fetch", { key: "a" });
    const duplicate = episode.startJob("fetch", { key: "a" }); // fits step a, held: a duplicate of it
    expect(duplicate.step).toEqual({ task: "chain", step: "a" });
    episode.cancelJob(duplicate.id, "agent");
    await episode.wait([holder.id], { all: true });
    episode.beginCall();
    // Step a is still the first job's, which completed with v-a: this call is step b.
    expect(episode.startJob("combine", { left: "v-a", right: "b" }).step).toEqual({
      task: "chain",
      step: "b",
    });
  });

  it("stays with a completed holder, whose result feeds the next step", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const holder = episode.startJob("fetch", { key: "a" });
    await episode.wait([holder.id], { all: true });
    episode.beginCall();
    const again = episode.startJob("fetch", { key: "a" }); // step a is taken: a repeat of it
    expect(again.step).toEqual({ task: "chain", step: "a" });
    expect(episode.startJob("combine", { left: "v-a", right: "b" }).step).toEqual({
      task: "chain",
      step: "b",
    });
  });
});

describe("a `$from` argument with no value to read", () => {
  // The text passed is Stryker's placeholder, so that a resolver offering it where there is
  // nothing to read would show here: no call may fit such a step, whatever it passes.
  const placeholder = "Stryker was here";

  it("fits no call while the step it reads has not completed", () => {
    const episode = stepEpisode();
    episode.beginCall();
    episode.startJob("fetch", { key: "a" }); // holds step a, still working
    expect(episode.startJob("combine", { left: placeholder, right: "b" }).step).toBeUndefined();
  });

  it("fits no call when the completed step's result has nothing at the path", async () => {
    // b reads a.missing; a's result is { value: "v-a" }, so there is nothing to read.
    const episode = stepEpisode({
      tasks: [
        {
          id: "chain",
          instruction: "Fetch a, then combine it with b.",
          steps: [
            { id: "a", tool: "fetch", args: { key: "a" } },
            { id: "b", tool: "combine", args: { left: { $from: "a.missing" }, right: "b" }, after: ["a"] },
          ],
          answer: { exact: "done" },
        },
      ],
    });
    episode.beginCall();
    const holder = episode.startJob("fetch", { key: "a" });
    await episode.wait([holder.id], { all: true });
    expect(episode.job(holder.id).status).toBe("completed");
    episode.beginCall();
    expect(episode.startJob("combine", { left: placeholder, right: "b" }).step).toBeUndefined();
  });
});

describe("a wait that the episode's time limit cuts short", () => {
  it("has not timed out, though its own deadline was the same step as its target", async () => {
    // timeLimit 5; combine (latency 6) started at 1 ends at 7; the wait's deadline is 1 + 6 = 7,
    // not before the end it waits for: the clock stops at the limit, 5, and the episode ends
    // there. The wait did not time out; the episode did.
    const episode = stepEpisode({ limits: { timeLimit: 5 }, latency: { fetch: 3, combine: 6, quick: 1 } });
    episode.beginCall();
    const job = episode.startJob("combine", { left: "p", right: "q" });
    expect(await episode.wait([job.id], { all: true, timeout: 6 })).toEqual({
      timedOut: false,
      aborted: false,
    });
    expect(episode.now()).toBe(5);
    expect(episode.status).toBe("timeout");
  });
});

describe("the wall clock's time limit", () => {
  it("is a timer freed when the episode ends before it", () => {
    const real = new FakeRealTime();
    const episode = new Episode({
      scenario: declaredScenario({ unitMs: 1000, limits: { timeLimit: 5 } }),
      seed: 1,
      clock: "wall",
      realTime: real,
    });
    expect(real.timerCount).toBe(1);
    episode.end("finished");
    expect(real.timerCount).toBe(0);
    real.advance(5000);
    expect(episode.status).toBe("finished");
  });
});
