import { describe, expect, it } from "vitest";
import type { Job } from "../../src/engine/job.js";
import { EpisodeSession } from "../../src/mcp/episode-session.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * EpisodeSession.listen, the seam of a listen stream on tasks, without a transport: what it
 * records when the client gives the stream up, and that the episode's end line waits for it.
 */
function wallSession() {
  const real = new FakeRealTime();
  const session = new EpisodeSession({
    scenario: declaredScenario(),
    seed: 1,
    mode: "tasks",
    clock: "wall",
    recordingsDir: null,
    server: { name: "asynctool-mcp", version: "test" },
    sessionId: "listen",
    realTime: real,
  });
  const recording = () => (session.sink as MemoryRecordingWriter).recording();
  return { session, real, recording };
}

const never = new AbortController().signal;

describe("EpisodeSession.listen", () => {
  it("records a stream the client closed as a cancelled wait that delivered nothing", async () => {
    const { session, recording } = wallSession();
    const started = await session.callTool("fetch", { key: "a" }, { signal: never, via: "tasks" });
    const id = (started.structuredContent as { job_id: string }).job_id;
    const client = new AbortController();
    const told: Job[] = [];
    const listening = session.listen([id], { signal: client.signal, via: "tasks" }, (job) => told.push(job));
    client.abort("gone");
    expect(await listening).toBeNull();
    expect(told).toEqual([]);
    const events = recording().events.filter((e) => e.type !== "job");
    expect(events.map((e) => e.type)).toEqual([
      "request",
      "response",
      "request",
      "client_cancel",
      "response",
    ]);
    expect(events[2]).toMatchObject({
      tool: "wait_for_jobs",
      args: { job_ids: [id], mode: "all" },
      via: "tasks",
    });
    expect(events[3]).toMatchObject({ call: 2, reason: "gone" });
    expect(events[4]).toMatchObject({ call: 2, isError: false, clientCancelled: true });
    expect(events[4]).not.toHaveProperty("delivered");
  });

  it("keeps the recording open until the stream has its response, after the episode ended", async () => {
    const { session, real, recording } = wallSession();
    const started = await session.callTool("fetch", { key: "a" }, { signal: never, via: "tasks" });
    const id = (started.structuredContent as { job_id: string }).job_id;
    const told: Job[] = [];
    const listening = session.listen([id], { signal: never, via: "tasks" }, (job) => told.push(job));
    // fetch takes 3 units (1000 ms each): its end is told, with a notice at that time.
    real.advance(3000);
    expect(told.map((job) => job.id)).toEqual([id]);
    expect(await listening).toBeNull();
    const second = await session.callTool("fetch", { key: "c" }, { signal: never, via: "tasks" });
    const other = (second.structuredContent as { job_id: string }).job_id;
    const waiting = session.listen([other], { signal: never, via: "tasks" }, (job) => told.push(job));
    session.close("finished", "stopped");
    expect(await waiting).toBeNull();
    await session.closed();
    const events = recording().events;
    expect(events.filter((e) => e.type === "notice")).toMatchObject([
      { kind: "tasks", jobs: [id], call: 2, t: 3000 },
    ]);
    // The second listen's response is written before the end line.
    expect(events.slice(-2).map((e) => e.type)).toEqual(["response", "end"]);
    expect(events.at(-2)).toMatchObject({ call: 4, isError: false });
  });
});
