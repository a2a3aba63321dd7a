import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { declaredScenario } from "../helpers/scenarios.js";

function wallEpisode(timeScale = 1, overrides: Parameters<typeof declaredScenario>[0] = {}) {
  const real = new FakeRealTime();
  let n = 0;
  const episode = new Episode({
    scenario: declaredScenario({ unitMs: 1000, ...overrides }),
    seed: 1,
    clock: "wall",
    timeScale,
    realTime: real,
    newJobId: () => `job-${++n}`,
  });
  return { real, episode };
}

describe("episode in the wall clock", () => {
  it("finishes a job when its latency in ms has passed", () => {
    const { real, episode } = wallEpisode();
    episode.beginCall();
    const job = episode.startJob("fetch", { key: "zz" }); // 3 units = 3000 ms
    expect(job.latency).toBe(3000);
    real.advance(2999);
    expect(job.status).toBe("working");
    real.advance(1);
    expect(job.status).toBe("completed");
    expect(job.endedAt).toBe(3000);
  });

  it("runs latencies faster under a time scale but stamps them in scenario ms", () => {
    const { real, episode } = wallEpisode(0.01);
    const job = episode.startJob("fetch", { key: "zz" });
    real.advance(30); // 3000 scenario ms at 0.01
    expect(job.status).toBe("completed");
    expect(episode.now()).toBe(3000);
  });

  it("resolves a wait when the first job finishes, and another when all have", async () => {
    const { real, episode } = wallEpisode();
    const slow = episode.startJob("fetch", { key: "x" }); // 3000
    const fast = episode.startJob("quick", { n: 1 }); // 1000
    let anyDone = false;
    const any = episode.wait([slow.id, fast.id], { all: false }).then((o) => {
      anyDone = true;
      return o;
    });
    const all = episode.wait([slow.id, fast.id], { all: true });
    real.advance(999);
    await Promise.resolve();
    expect(anyDone).toBe(false);
    real.advance(1);
    expect(await any).toEqual({ timedOut: false, aborted: false });
    real.advance(2000);
    expect(await all).toEqual({ timedOut: false, aborted: false });
    expect(episode.now()).toBe(3000);
  });

  it("times a wait out, and lets a signal abort it", async () => {
    const { real, episode } = wallEpisode();
    const job = episode.startJob("fetch", { key: "x" });
    const timed = episode.wait([job.id], { all: true, timeout: 500 });
    real.advance(500);
    expect(await timed).toEqual({ timedOut: true, aborted: false });
    const controller = new AbortController();
    const aborted = episode.wait([job.id], { all: true, signal: controller.signal });
    controller.abort();
    expect(await aborted).toEqual({ timedOut: false, aborted: true });
  });

  it("frees every timer when it ends, and wakes waiters", async () => {
    const { real, episode } = wallEpisode();
    const job = episode.startJob("fetch", { key: "x" });
    episode.startJob("fetch", { key: "y" });
    const waiting = episode.wait([job.id], { all: true, timeout: 10_000 });
    expect(real.timerCount).toBe(3);
    episode.end("disconnected", "client went away");
    expect(real.timerCount).toBe(0);
    expect(await waiting).toEqual({ timedOut: false, aborted: false });
    expect(job.status).toBe("working");
  });

  it("completes a zero-latency job inside the call that started it", () => {
    const { episode } = wallEpisode(1, { latency: { fetch: 0, combine: 0, quick: 0 } });
    const job = episode.startJob("fetch", { key: "x" });
    expect(job.status).toBe("completed");
  });

  it("ends as timeout when the wall clock passes the time limit", () => {
    const { real, episode } = wallEpisode(1, { limits: { timeLimit: 5 } });
    real.advance(5000);
    expect(episode.status).toBe("timeout");
  });
});
