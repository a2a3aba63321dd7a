import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import type { RecordingEvent } from "../../src/recorder/format.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { connectInMemory, textOf } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";

/** Lets messages cross the in-memory transport (no timers, just the event loop's queues). */
async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Wall clock on hand-driven real time: fetch 3000 ms, combine 2000 ms, quick 1000 ms. */
async function wallSession(
  extra: Parameters<typeof connectInMemory>[0] extends infer O ? Partial<O> : never = {},
) {
  const real = new FakeRealTime();
  const connected = await connectInMemory({
    scenario: declaredScenario(),
    clock: "wall",
    realTime: real,
    ...extra,
  });
  const events = () =>
    (connected.server.session.sink as MemoryRecordingWriter).recording().events as RecordingEvent[];
  return { ...connected, real, events };
}

describe("live behaviour in the wall clock", () => {
  it("serves other calls while a wait blocks", async () => {
    const { call, real } = await wallSession();
    const job = (await call("fetch", { key: "a" })).structuredContent as { job_id: string };
    let waited = false;
    const waiting = call("wait_for_jobs", { job_ids: [job.job_id] }).then((r) => {
      waited = true;
      return r;
    });
    await settle();
    const listed = await call("list_jobs");
    expect(textOf(listed)).toMatch(/fetch {2}working/);
    expect(waited).toBe(false);
    real.advance(3000);
    const result = await waiting;
    expect((result.structuredContent as { jobs: { status: string }[] }).jobs[0]?.status).toBe("completed");
  });

  it("caps a wait below clients' timeouts and says the job goes on", async () => {
    const { call, real } = await wallSession({ settings: { waitCapMs: 1000 } });
    const job = (await call("fetch", { key: "a" })).structuredContent as { job_id: string };
    const waiting = call("wait_for_jobs", { job_ids: [job.job_id], timeout_seconds: 60 });
    await settle();
    real.advance(1000);
    const result = await waiting;
    expect(result.structuredContent).toMatchObject({ timed_out: true, still_working: [job.job_id] });
    expect(textOf(result)).toMatch(/The wait timed out; 1 job is still working \(call wait_for_jobs again/);
  });

  it("answers a client's cancellation of a sync call, cancelling its job as the client's", async () => {
    const { client, events } = await wallSession({ mode: "sync" });
    const controller = new AbortController();
    const pending = client.callTool({ name: "fetch", arguments: { key: "a" } }, undefined, {
      signal: controller.signal,
    });
    await settle();
    controller.abort("user pressed stop");
    await expect(pending).rejects.toThrow();
    await settle();
    const log = events();
    expect(log.find((e) => e.type === "client_cancel")).toMatchObject({ call: 1 });
    expect(log.find((e) => e.type === "job" && e.status === "cancelled")).toMatchObject({ by: "client" });
    expect(log.find((e) => e.type === "response")).toMatchObject({
      call: 1,
      isError: false,
      clientCancelled: true,
    });
  });

  it("answers a client's cancellation of a wait, leaving the jobs working", async () => {
    const { client, call, events } = await wallSession();
    const job = (await call("fetch", { key: "a" })).structuredContent as { job_id: string };
    const controller = new AbortController();
    const pending = client.callTool(
      { name: "wait_for_jobs", arguments: { job_ids: [job.job_id] } },
      undefined,
      {
        signal: controller.signal,
      },
    );
    await settle();
    controller.abort();
    await expect(pending).rejects.toThrow();
    await settle();
    const log = events();
    expect(log.find((e) => e.type === "client_cancel")).toMatchObject({ call: 2 });
    expect(log.filter((e) => e.type === "response").at(-1)).toMatchObject({ call: 2, clientCancelled: true });
    expect(log.some((e) => e.type === "job" && e.status === "cancelled")).toBe(false);
    const check = await call("check_job", { job_id: job.job_id });
    expect(check.structuredContent).toMatchObject({ job: { status: "working" } });
  });

  it("sends progress while a sync call blocks", async () => {
    const { client, real } = await wallSession({ mode: "sync", settings: { progressEveryMs: 1000 } });
    const seen: number[] = [];
    const pending = client.callTool({ name: "fetch", arguments: { key: "a" } }, undefined, {
      onprogress: (p) => seen.push(p.progress),
    });
    await settle();
    for (let i = 0; i < 3; i++) {
      real.advance(1000);
      await settle();
    }
    const result = await pending;
    expect(result.structuredContent).toMatchObject({ status: "completed", result: { value: "v-a" } });
    // Every second of the 3000 ms latency, out of a total of 3000.
    expect(seen).toEqual([1000, 2000, 3000]);
  });

  it("answers inline a job that finishes within the grace period, and records it so", async () => {
    const { call, real, events } = await wallSession({ settings: { inlineMs: 1500 } });
    const quick = call("quick", { n: 1 }); // 1000 ms: within the grace period
    await settle();
    real.advance(1000);
    expect((await quick).structuredContent).toMatchObject({ status: "completed", result: { n: 1 } });
    const slow = call("fetch", { key: "a" }); // 3000 ms: not within it
    await settle();
    real.advance(1500);
    expect((await slow).structuredContent).toMatchObject({ status: "working" });
    const responses = events().filter((e) => e.type === "response");
    expect(responses[0]).toMatchObject({ inline: true, delivered: [expect.any(String)] });
    expect(responses[1]).not.toHaveProperty("inline");
  });

  it("pushes a logging notice when a job ends, with --notify, and records it", async () => {
    const { client, call, real, events } = await wallSession({ notices: true });
    const notices: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      notices.push(n.params.data);
    });
    const job = (await call("quick", { n: 1 })).structuredContent as { job_id: string };
    real.advance(1000);
    await settle();
    expect(notices).toEqual([
      { job_id: job.job_id, message: `Job ${job.job_id} has completed; read it with check_job.` },
    ]);
    expect(events().find((e) => e.type === "notice")).toMatchObject({ kind: "logging", jobs: [job.job_id] });
  });
});

describe("the rate limit", () => {
  it("refuses calls beyond the rate with RATE_LIMITED, notes them, and lets them through a second later", async () => {
    const { call, real, events } = await wallSession({ limits: { maxCallsPerSecond: 2 } });
    expect((await call("list_jobs")).isError).toBeFalsy();
    expect((await call("list_jobs")).isError).toBeFalsy();
    const refused = await call("list_jobs");
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /^\[RATE_LIMITED\] This session may make at most 2 calls per second; list_jobs was not run/,
    );
    real.advance(1000);
    expect((await call("list_jobs")).isError).toBeFalsy();
    const log = events();
    expect(log.filter((e) => e.type === "request")).toHaveLength(3);
    expect(log.find((e) => e.type === "note")).toMatchObject({
      level: "warn",
      message: "call refused by the rate limit: list_jobs",
    });
  });
});
