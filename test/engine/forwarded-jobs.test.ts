import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import type { JsonObject } from "../../src/json.js";
import { parseProxyConfig, proxyScenario } from "../../src/scenarios/proxy-scenario.js";
import type { ForwardOutcome } from "../../src/scenarios/scenario.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";

/**
 * Jobs of forwarded tools (the proxy): the call goes out when the job starts, and the job ends
 * at the later of its drawn latency and the upstream's answer. The upstream here is a function
 * whose answers the test releases by hand, so nothing depends on timing.
 */

interface Pending {
  readonly args: JsonObject;
  readonly signal: AbortSignal;
  answer(outcome: ForwardOutcome): void;
}

function proxied(options: { clock: "step" | "wall"; latency?: number; mode?: "async" | "instant" }) {
  const pending: Pending[] = [];
  const scenario = proxyScenario(
    {
      upstream: { name: "upstream-test", version: "1" },
      config: parseProxyConfig({ latency: { "*": options.latency ?? 3 }, unitMs: 100 }),
      tools: [
        {
          name: "lookup",
          upstreamName: "lookup",
          description: "Looks a key up.",
          inputSchema: { type: "object", properties: { key: { type: "string" } }, required: ["key"] },
          annotations: { readOnlyHint: true },
        },
      ],
    },
    () => (args, signal) =>
      new Promise<ForwardOutcome>((resolve) => pending.push({ args, signal, answer: resolve })),
  );
  const real = new FakeRealTime();
  let n = 0;
  const episode = new Episode({
    scenario,
    seed: 1,
    clock: options.clock,
    mode: options.mode ?? "async",
    realTime: real,
    newJobId: () => `job-${++n}`,
  });
  return { episode, pending, real };
}

/** Lets the promise callbacks of an answered call run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("forwarded jobs in the step clock", () => {
  it("forwards the call when the job starts and delivers the answer at the drawn latency", async () => {
    const { episode, pending } = proxied({ clock: "step" });
    episode.beginCall();
    const job = episode.startJob("lookup", { key: "a" });
    expect(pending.map((p) => p.args)).toEqual([{ key: "a" }]);
    pending[0]?.answer({ result: "A" });
    await settled();
    expect(job.status).toBe("working"); // answered at once, but its latency is 3 steps
    episode.beginCall();
    episode.beginCall();
    expect(job.status).toBe("working");
    episode.beginCall();
    expect(job).toMatchObject({ status: "completed", result: "A", endedAt: 4 });
  });

  it("holds a due job until the upstream answers; a wait returns only then, at the step it reached", async () => {
    const { episode, pending } = proxied({ clock: "step" });
    episode.beginCall();
    const job = episode.startJob("lookup", { key: "slow" });
    episode.beginCall();
    let waited = false;
    const wait = episode.wait([job.id], { all: true }).then((outcome) => {
      waited = true;
      return outcome;
    });
    await settled();
    expect(episode.now()).toBe(4);
    expect(waited).toBe(false);
    expect(job.status).toBe("working");
    pending[0]?.answer({ result: "late" });
    expect(await wait).toEqual({ timedOut: false, aborted: false });
    expect(job).toMatchObject({ status: "completed", result: "late", endedAt: 4 });
  });

  it("names the answers still awaited of due jobs only, and only in the step clock", async () => {
    const { episode, pending } = proxied({ clock: "step" });
    expect(episode.dueForwards()).toBeUndefined(); // nothing forwarded yet
    episode.beginCall();
    const job = episode.startJob("lookup", { key: "a" }); // due at step 4
    episode.beginCall();
    episode.beginCall();
    expect(episode.dueForwards()).toBeUndefined(); // not due yet
    episode.beginCall();
    const due = episode.dueForwards();
    expect(due).toBeInstanceOf(Promise);
    expect(job.status).toBe("working");
    pending[0]?.answer({ result: "A" });
    await due;
    expect(job).toMatchObject({ status: "completed", result: "A", endedAt: 4 });
    expect(episode.dueForwards()).toBeUndefined(); // answered: nothing left to await
    expect(proxied({ clock: "wall" }).episode.dueForwards()).toBeUndefined();
  });

  it("ends a job answered late at its drawn end, though a wait for another job jumped the clock past it", async () => {
    const { episode, pending } = proxied({ clock: "step", latency: 3 });
    episode.beginCall();
    const early = episode.startJob("lookup", { key: "early" }); // due at step 4
    episode.beginCall();
    const late = episode.startJob("lookup", { key: "late" }); // due at step 5
    pending[1]?.answer({ result: "L" });
    await settled();
    episode.beginCall();
    await episode.wait([late.id], { all: true }); // jumps to step 5; "early" has no answer yet
    expect(episode.now()).toBe(5);
    expect(late).toMatchObject({ status: "completed", endedAt: 5 });
    expect(early.status).toBe("working");
    pending[0]?.answer({ result: "E" });
    await settled();
    // Real time does not count as steps: the answer's delay does not move the job's end.
    expect(early).toMatchObject({ status: "completed", result: "E", endedAt: 4 });
  });

  it("turns an upstream error into the job's failure, with its code and text", async () => {
    const { episode, pending } = proxied({ clock: "step", latency: 1 });
    episode.beginCall();
    const job = episode.startJob("lookup", { key: "x" });
    pending[0]?.answer({
      error: { code: "UPSTREAM_TOOL_ERROR", message: "no such key: x", retryable: false },
    });
    await episode.wait([job.id], { all: true });
    expect(job.status).toBe("failed");
    expect(job.error).toEqual({ code: "UPSTREAM_TOOL_ERROR", message: "no such key: x", retryable: false });
  });

  it("aborts the forwarded call when the agent cancels the job, and when the episode ends", () => {
    const { episode, pending } = proxied({ clock: "step" });
    episode.beginCall();
    const first = episode.startJob("lookup", { key: "a" });
    episode.startJob("lookup", { key: "b" });
    episode.cancelJob(first.id, "agent");
    expect(pending.map((p) => p.signal.aborted)).toEqual([true, false]);
    episode.end("finished");
    expect(pending.map((p) => p.signal.aborted)).toEqual([true, true]);
  });

  it("waits for the upstream in the instant mode too (no latency, but its answer)", async () => {
    const { episode, pending } = proxied({ clock: "step", mode: "instant" });
    episode.beginCall();
    const job = episode.startJob("lookup", { key: "a" });
    expect(job.latency).toBe(0);
    expect(job.status).toBe("working");
    const wait = episode.wait([job.id], { all: true });
    pending[0]?.answer({ result: "now" });
    await wait;
    expect(job).toMatchObject({ status: "completed", result: "now", endedAt: 1 });
  });
});

describe("forwarded jobs in the wall clock", () => {
  it("ends a job at its latency when the upstream answered sooner", async () => {
    const { episode, pending, real } = proxied({ clock: "wall" }); // 3 units of 100 ms
    const job = episode.startJob("lookup", { key: "a" });
    real.advance(50);
    pending[0]?.answer({ result: "A" });
    await settled();
    expect(job.status).toBe("working");
    real.advance(250);
    expect(job).toMatchObject({ status: "completed", endedAt: 300 });
  });

  it("counts the upstream's own time: a job whose upstream is slower ends when it answers", async () => {
    const { episode, pending, real } = proxied({ clock: "wall" });
    const job = episode.startJob("lookup", { key: "a" });
    real.advance(300);
    expect(job.status).toBe("working");
    real.advance(200);
    pending[0]?.answer({ result: "late" });
    await settled();
    expect(job).toMatchObject({ status: "completed", result: "late", endedAt: 500 });
  });
});

describe("forwarded jobs: failures and ends of the forwarded call", () => {
  it("a call that cannot be forwarded fails its job at the drawn end, as the proxy's fault", async () => {
    const scenario = proxyScenario(
      {
        upstream: { name: "upstream-test", version: "1" },
        config: parseProxyConfig({ latency: { "*": 2 }, unitMs: 100 }),
        tools: [
          {
            name: "lookup",
            upstreamName: "lookup",
            description: "Looks a key up.",
            inputSchema: { type: "object", properties: { key: { type: "string" } } },
            annotations: { readOnlyHint: true },
          },
        ],
      },
      () => () => Promise.reject(new Error("socket closed")),
    );
    const episode = new Episode({ scenario, seed: 1, clock: "step", mode: "async", newJobId: () => "job-1" });
    episode.beginCall();
    const job = episode.startJob("lookup", { key: "a" });
    await settled();
    expect(job.status).toBe("working"); // the failure waits for the drawn end, like an answer
    episode.beginCall();
    episode.beginCall();
    expect(job).toMatchObject({ status: "failed", endedAt: 3 });
    expect(job.error).toEqual({
      code: "TOOL_INTERNAL",
      message:
        "lookup could not be forwarded (socket closed). This is a fault of the proxy, not of your call.",
      retryable: false,
    });
  });

  it("cancelling a forwarded job aborts its call; ending the episode aborts those still out", () => {
    const { episode, pending } = proxied({ clock: "step" });
    episode.beginCall();
    const cancelled = episode.startJob("lookup", { key: "a" });
    episode.beginCall();
    episode.startJob("lookup", { key: "b" });
    episode.cancelJob(cancelled.id, "agent");
    expect(pending.map((p) => p.signal.aborted)).toEqual([true, false]);
    episode.end("finished");
    expect(pending.map((p) => p.signal.aborted)).toEqual([true, true]);
  });

  it("a step-clock wait on a due job whose answer is out ends aborted when its call is given up", async () => {
    const { episode, pending } = proxied({ clock: "step" });
    episode.beginCall();
    const job = episode.startJob("lookup", { key: "a" });
    episode.beginCall();
    const giveUp = new AbortController();
    const waited = episode.wait([job.id], { all: true, signal: giveUp.signal });
    await settled();
    giveUp.abort();
    expect(await waited).toEqual({ timedOut: false, aborted: true });
    expect(job.status).toBe("working"); // no answer yet: the job goes on
    expect(pending).toHaveLength(1);
  });

  it("a wait given up before it starts ends aborted at once", async () => {
    const { episode } = proxied({ clock: "step" });
    episode.beginCall();
    const job = episode.startJob("lookup", { key: "a" });
    const giveUp = new AbortController();
    giveUp.abort();
    expect(await episode.wait([job.id], { all: true, signal: giveUp.signal })).toEqual({
      timedOut: false,
      aborted: true,
    });
  });
});
