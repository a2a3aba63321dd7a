import { describe, expect, it } from "vitest";
import { Episode, type EpisodeEvent } from "../../src/engine/episode.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * How and when an episode ends, as its end event says it (the recorder writes that event, and a
 * report reads its reason), and what a cancelled job leaves behind. Declared scenario: fetch 3,
 * combine 2, quick 1; tasks chain and solo.
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

function wallEpisode(overrides: Parameters<typeof declaredScenario>[0] = {}) {
  const real = new FakeRealTime();
  let n = 0;
  const episode = new Episode({
    scenario: declaredScenario({ unitMs: 1000, ...overrides }),
    seed: 1,
    clock: "wall",
    realTime: real,
    newJobId: () => `job-${++n}`,
  });
  return { real, episode };
}

function endsOf(episode: Episode): Omit<Extract<EpisodeEvent, { type: "end" }>, "type">[] {
  const ends: Omit<Extract<EpisodeEvent, { type: "end" }>, "type">[] = [];
  episode.on((event) => {
    if (event.type === "end") ends.push({ status: event.status, reason: event.reason, t: event.t });
  });
  return ends;
}

describe("the end of an episode, as its end event says it", () => {
  it("step clock: runs through the step of its time limit and ends on the next, stopped at the limit", () => {
    const episode = stepEpisode({ limits: { timeLimit: 2 } });
    const ends = endsOf(episode);
    episode.beginCall();
    expect(episode.beginCall()).toBe(2); // the limit itself is still inside the episode
    expect(episode.ended).toBe(false);
    expect(() => episode.beginCall()).toThrow(/has ended \(timeout\)/);
    expect(ends).toEqual([{ status: "timeout", reason: "the episode's time limit passed", t: 2 }]);
  });

  it("wall clock: ends when its time limit passes, at the limit", () => {
    const { real, episode } = wallEpisode({ limits: { timeLimit: 5 } });
    const ends = endsOf(episode);
    real.advance(4999);
    expect(episode.ended).toBe(false);
    real.advance(1);
    expect(ends).toEqual([{ status: "timeout", reason: "the episode's time limit passed", t: 5000 }]);
  });

  it("ends completed, saying why, once every task has an answer", () => {
    const episode = stepEpisode();
    const ends = endsOf(episode);
    episode.beginCall();
    episode.submitAnswer("chain", "v-a+b");
    episode.submitAnswer("solo", "v-c");
    expect(episode.endIfAllAnswered()).toBe(true);
    expect(ends).toEqual([{ status: "completed", reason: "every task was answered", t: 1 }]);
  });
});

describe("a cancelled job", () => {
  it("wall clock: frees its timer, and stays cancelled past its planned end", () => {
    const { real, episode } = wallEpisode();
    const job = episode.startJob("fetch", { key: "x" }); // planned end 3000
    expect(real.timerCount).toBe(1);
    episode.cancelJob(job.id, "client");
    expect(real.timerCount).toBe(0);
    real.advance(3000);
    expect(job).toMatchObject({ status: "cancelled", endedAt: 0, cancelledBy: "client" });
  });

  it("step clock: a wait for all that includes it goes to the last end of the jobs still working", async () => {
    const episode = stepEpisode();
    episode.beginCall(); // t = 1
    const cancelled = episode.startJob("fetch", { key: "x" }); // planned end 4
    const quick = episode.startJob("quick", { n: 1 }); // ends at 2
    episode.cancelJob(cancelled.id, "agent");
    // Only quick is working: the wait stops at 2, not at the cancelled job's planned end 4.
    expect(await episode.wait([cancelled.id, quick.id], { all: true })).toEqual({
      timedOut: false,
      aborted: false,
    });
    expect(episode.now()).toBe(2);
    expect(quick.status).toBe("completed");
  });
});
