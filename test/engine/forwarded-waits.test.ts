import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import type { JsonObject } from "../../src/json.js";
import type { ForwardOutcome, Scenario, ScenarioTool } from "../../src/scenarios/scenario.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * Forwarded jobs next to simulated ones: the declared scenario (fetch 3, combine 2, quick 1)
 * with `fetch` forwarded to an upstream whose answers the test releases by hand. An upstream
 * here never answers an aborted call by itself, as a slow server may not: what the engine waits
 * for must not hang on such a call.
 */

interface Pending {
  readonly args: JsonObject;
  readonly signal: AbortSignal;
  answer(outcome: ForwardOutcome): void;
}

function mixed(clock: "step" | "wall" = "step", overrides: Parameters<typeof declaredScenario>[0] = {}) {
  const pending: Pending[] = [];
  const base = declaredScenario({ unitMs: 100, ...overrides });
  const fetch = base.tools.get("fetch") as ScenarioTool;
  const forwarded: ScenarioTool = {
    ...fetch,
    forward: (args, signal) =>
      new Promise<ForwardOutcome>((resolve) => pending.push({ args, signal, answer: resolve })),
  };
  const scenario: Scenario = { ...base, tools: new Map([...base.tools, ["fetch", forwarded]]) };
  const real = new FakeRealTime();
  let n = 0;
  const episode = new Episode({ scenario, seed: 1, clock, realTime: real, newJobId: () => `job-${++n}` });
  return { episode, pending, real };
}

/** Lets the promise callbacks of an answered call run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await settled();
  return done;
}

describe("the answers a step-clock call awaits (dueForwards)", () => {
  it("awaits only forwarded jobs, passing over simulated jobs still working", async () => {
    const { episode, pending } = mixed();
    episode.beginCall(); // t = 1
    const forwarded = episode.startJob("fetch", { key: "x" }); // due at 4
    episode.beginCall();
    episode.beginCall(); // t = 3
    const simulated = episode.startJob("combine", { left: "p", right: "q" }); // due at 5
    episode.beginCall(); // t = 4: the forwarded job is due, its answer is not in
    const due = episode.dueForwards();
    expect(due).toBeInstanceOf(Promise);
    pending[0]?.answer({ result: "X" });
    await due;
    expect(forwarded).toMatchObject({ status: "completed", result: "X", endedAt: 4 });
    expect(simulated.status).toBe("working");
  });

  it("awaits nothing in the wall clock, even for a due forwarded job without its answer", () => {
    const { episode, real } = mixed("wall");
    const job = episode.startJob("fetch", { key: "x" }); // 3 units of 100 ms
    real.advance(300);
    expect(job.status).toBe("working"); // due, held for its answer
    expect(episode.dueForwards()).toBeUndefined();
  });

  it("awaits nothing once the answer is in, though the episode ended before it could settle the job", async () => {
    const { episode, pending } = mixed();
    episode.beginCall();
    const job = episode.startJob("fetch", { key: "x" }); // due at 4
    episode.beginCall();
    episode.beginCall();
    episode.beginCall(); // t = 4
    expect(episode.dueForwards()).toBeInstanceOf(Promise);
    episode.end("finished");
    pending[0]?.answer({ result: "X" });
    await settled();
    expect(job.status).toBe("working"); // an ended episode settles nothing more
    expect(episode.dueForwards()).toBeUndefined();
  });
});

describe("forwarded calls at the end of the episode", () => {
  it("aborts only the calls still out, not those already answered", async () => {
    const { episode, pending } = mixed();
    episode.beginCall();
    const answered = episode.startJob("fetch", { key: "x" }); // due at 4
    const out = episode.startJob("fetch", { key: "y" });
    pending[0]?.answer({ result: "X" });
    await settled();
    await episode.wait([answered.id], { all: true });
    expect(answered.status).toBe("completed");
    expect(out.status).toBe("working");
    episode.end("finished");
    expect(pending.map((p) => p.signal.aborted)).toEqual([false, true]);
  });

  it("names who cancelled a forwarded job", () => {
    const { episode } = mixed();
    episode.beginCall();
    const job = episode.startJob("fetch", { key: "x" });
    expect(episode.cancelJob(job.id, "server")).toMatchObject({ status: "cancelled", cancelledBy: "server" });
  });

  it("fails the job of a call rejected without an error object, naming what it was rejected with", async () => {
    const base = declaredScenario({ unitMs: 100, latency: { fetch: 1, combine: 2, quick: 1 } });
    const fetch = base.tools.get("fetch") as ScenarioTool;
    const rejecting: ScenarioTool = { ...fetch, forward: () => Promise.reject(null) };
    const scenario: Scenario = { ...base, tools: new Map([...base.tools, ["fetch", rejecting]]) };
    const broken = new Episode({ scenario, seed: 1, clock: "step", newJobId: () => "job-1" });
    broken.beginCall();
    const job = broken.startJob("fetch", { key: "x" }); // due at 2
    await settled();
    await broken.wait([job.id], { all: true });
    expect(job).toMatchObject({ status: "failed", endedAt: 2 });
    expect(job.error).toEqual({
      code: "TOOL_INTERNAL",
      message: "fetch could not be forwarded (null). This is a fault of the proxy, not of your call.",
      retryable: false,
    });
  });
});

describe("a step-clock wait on forwarded jobs", () => {
  it("is not aborted when the answer comes first, and lets go of the signal", async () => {
    const { episode, pending } = mixed();
    episode.beginCall();
    const job = episode.startJob("fetch", { key: "x" }); // due at 4
    const signal = new AbortController().signal;
    const waiting = episode.wait([job.id], { all: true, signal });
    expect(await isSettled(waiting)).toBe(false); // at step 4, awaiting the answer
    expect(getEventListeners(signal, "abort")).toHaveLength(1);
    pending[0]?.answer({ result: "X" });
    expect(await waiting).toEqual({ timedOut: false, aborted: false });
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    expect(job).toMatchObject({ status: "completed", endedAt: 4 });
  });

  it("reports a timeout when the deadline came first, also after awaiting a job due at the deadline", async () => {
    const { episode, pending } = mixed();
    episode.beginCall(); // t = 1
    const first = episode.startJob("fetch", { key: "x" }); // due at 4
    episode.beginCall(); // t = 2
    const second = episode.startJob("fetch", { key: "y" }); // due at 5
    // Deadline 2 + 2 = 4, before the last end (5): the wait stops at 4, where `first` is due and
    // awaited; once it is in, `second` still works, so the wait timed out.
    const waiting = episode.wait([first.id, second.id], { all: true, timeout: 2 });
    expect(await isSettled(waiting)).toBe(false);
    pending[0]?.answer({ result: "X" });
    expect(await waiting).toEqual({ timedOut: true, aborted: false });
    expect(episode.now()).toBe(4);
    expect([first.status, second.status]).toEqual(["completed", "working"]);
  });

  it("awaits no answer of a job not yet due where it stopped", async () => {
    const { episode, pending } = mixed();
    episode.beginCall(); // t = 1
    const first = episode.startJob("fetch", { key: "x" }); // due at 4
    episode.beginCall(); // t = 2
    const second = episode.startJob("fetch", { key: "y" }); // due at 5
    pending[0]?.answer({ result: "X" });
    await settled();
    // Stops at the deadline 4: `first` completes there; `second`, due at 5, is not awaited.
    const waiting = episode.wait([first.id, second.id], { all: true, timeout: 2 });
    expect(await isSettled(waiting)).toBe(true);
    expect(await waiting).toEqual({ timedOut: true, aborted: false });
    expect([first.status, second.status]).toEqual(["completed", "working"]);
  });

  it("awaits no answer of a cancelled job, though its call never answers", async () => {
    const { episode, pending } = mixed();
    episode.beginCall(); // t = 1
    const cancelled = episode.startJob("fetch", { key: "x" }); // due at 4
    const other = episode.startJob("fetch", { key: "y" }); // due at 4
    episode.cancelJob(cancelled.id, "agent");
    pending[1]?.answer({ result: "Y" });
    await settled();
    const waiting = episode.wait([cancelled.id, other.id], { all: true });
    expect(await isSettled(waiting)).toBe(true);
    expect(await waiting).toEqual({ timedOut: false, aborted: false });
    expect(other).toMatchObject({ status: "completed", endedAt: 4 });
  });
});
