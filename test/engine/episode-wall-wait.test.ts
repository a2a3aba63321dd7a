import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * A wait in the wall clock: what it arms (a timeout timer, an abort listener) and that it lets
 * go of both however it ends, since a long session runs many waits on one signal and one clock.
 * Real time is driven by hand (FakeRealTime): fetch takes 3 units of 1000 ms, quick 1.
 */
function wallEpisode() {
  const real = new FakeRealTime();
  let n = 0;
  const episode = new Episode({
    scenario: declaredScenario({ unitMs: 1000 }),
    seed: 1,
    clock: "wall",
    realTime: real,
    newJobId: () => `job-${++n}`,
  });
  return { real, episode };
}

/** Whether a promise has settled, after letting its callbacks run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

const abortListeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

describe("a wall-clock wait", () => {
  it("counts its timeout from when it starts, not from the start of the episode", async () => {
    const { real, episode } = wallEpisode();
    const job = episode.startJob("fetch", { key: "x" }); // ends at 3000
    real.advance(1000);
    // Started at 1000 with a timeout of 500: it times out at 1500, not at 500 nor at once.
    const waiting = episode.wait([job.id], { all: true, timeout: 500 });
    real.advance(0);
    expect(await isSettled(waiting)).toBe(false);
    real.advance(499);
    expect(await isSettled(waiting)).toBe(false);
    real.advance(1);
    expect(await waiting).toEqual({ timedOut: true, aborted: false });
    expect(job.status).toBe("working");
  });

  it("arms a timer only when it has a timeout", async () => {
    const { real, episode } = wallEpisode();
    const job = episode.startJob("fetch", { key: "x" }); // its own timer: 1
    const waiting = episode.wait([job.id], { all: true });
    expect(real.timerCount).toBe(1);
    real.advance(3000);
    expect(await waiting).toEqual({ timedOut: false, aborted: false });
  });

  it("drops its timeout timer and its abort listener when the jobs finish first", async () => {
    const { real, episode } = wallEpisode();
    const job = episode.startJob("quick", { n: 1 }); // ends at 1000
    const controller = new AbortController();
    const waiting = episode.wait([job.id], { all: true, timeout: 5000, signal: controller.signal });
    expect(real.timerCount).toBe(2); // the job's and the wait's
    expect(abortListeners(controller.signal)).toBe(1);
    real.advance(1000);
    expect(await waiting).toEqual({ timedOut: false, aborted: false });
    expect(real.timerCount).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("drops its abort listener when it times out, and its timer when aborted", async () => {
    const { real, episode } = wallEpisode();
    const job = episode.startJob("fetch", { key: "x" }); // ends at 3000
    const signal = new AbortController().signal;
    const timed = episode.wait([job.id], { all: true, timeout: 500, signal });
    real.advance(500);
    expect(await timed).toEqual({ timedOut: true, aborted: false });
    expect(abortListeners(signal)).toBe(0);

    const controller = new AbortController();
    const aborted = episode.wait([job.id], { all: true, timeout: 1000, signal: controller.signal });
    expect(real.timerCount).toBe(2);
    controller.abort();
    expect(await aborted).toEqual({ timedOut: false, aborted: true });
    expect(real.timerCount).toBe(1); // the job's own
  });

  it("ends aborted at once when its signal was aborted before it started, arming nothing", async () => {
    const { real, episode } = wallEpisode();
    const job = episode.startJob("fetch", { key: "x" });
    const controller = new AbortController();
    controller.abort();
    const waiting = episode.wait([job.id], { all: true, timeout: 1000, signal: controller.signal });
    expect(await isSettled(waiting)).toBe(true);
    expect(await waiting).toEqual({ timedOut: false, aborted: true });
    expect(real.timerCount).toBe(1); // the job's own: no timeout timer
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("ends, not timed out, when the episode ends while it waits", async () => {
    const { real, episode } = wallEpisode();
    const job = episode.startJob("fetch", { key: "x" });
    const waiting = episode.wait([job.id], { all: false, timeout: 1000 });
    episode.end("finished");
    expect(await waiting).toEqual({ timedOut: false, aborted: false });
    expect(real.timerCount).toBe(0);
  });

  it("waits for every job when told all, and for the first when told any", async () => {
    const { real, episode } = wallEpisode();
    const slow = episode.startJob("fetch", { key: "x" }); // 3000
    const fast = episode.startJob("quick", { n: 1 }); // 1000
    const all = episode.wait([fast.id, slow.id], { all: true });
    const any = episode.wait([slow.id, fast.id], { all: false });
    real.advance(1000);
    expect(await isSettled(any)).toBe(true);
    expect(await isSettled(all)).toBe(false);
    real.advance(2000);
    expect(await isSettled(all)).toBe(true);
  });
});
