import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { EpisodeSession } from "../../src/mcp/episode-session.js";
import type { RecordingEvent } from "../../src/recorder/format.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { connectInMemory, textOf } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { expectThreeAnswersScored, runThreeAnswers, threeAnswersFile } from "../helpers/three-answers.js";

/** Lets messages cross the in-memory transport (no timers, just the event loop's queues). */
async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

const memory = (session: EpisodeSession) => (session.sink as MemoryRecordingWriter).recording();
const structured = (result: CallToolResult) => result.structuredContent as Record<string, unknown>;

/** Every request has its response, and the end line comes after both (it is always last). */
function expectEveryRequestAnswered(events: readonly RecordingEvent[]): void {
  const requests = events.flatMap((e) => (e.type === "request" ? [e.call] : []));
  const responses = events.flatMap((e) => (e.type === "response" ? [e.call] : []));
  expect([...responses].sort((a, b) => a - b)).toEqual([...requests].sort((a, b) => a - b));
}

describe("calls in flight when the episode ends (in process)", () => {
  it("counts three answers submitted as parallel calls in one turn", async () => {
    const scenario = await loadScenarioFile(threeAnswersFile);
    const { client, server } = await connectInMemory({ scenario });
    const replies = await runThreeAnswers(client);
    expect(replies.map((r) => r.isError ?? false)).toEqual([false, false, false]);
    // The last of the three to run says the episode is over; each was accepted.
    expect(replies.map((r) => structured(r).accepted)).toEqual([true, true, true]);
    expectThreeAnswersScored(scenario, memory(server.session));
  });

  it("records a wait in flight when another call ends the episode, and answers it with what it has", async () => {
    const real = new FakeRealTime();
    const { call, server } = await connectInMemory({
      scenario: declaredScenario(),
      clock: "wall",
      realTime: real,
    });
    const job = structured(await call("fetch", { key: "a" })) as { job_id: string };
    const waiting = call("wait_for_jobs", { job_ids: [job.job_id] });
    await settle();
    const finished = await call("finish", { reason: "giving up" });
    expect(finished.isError).toBeFalsy();
    const waited = await waiting;
    // Woken by the end: the job is still working (abandoned), and the wait did not time out.
    expect(structured(waited)).toMatchObject({ timed_out: false, still_working: [job.job_id] });
    const recording = memory(server.session);
    expect(recording.end?.status).toBe("finished");
    const responses = recording.events.filter((e) => e.type === "response");
    // Calls 1 (fetch), 2 (wait), 3 (finish): the wait's response is there, with no job delivered.
    expect(responses.map((e) => e.call).sort()).toEqual([1, 2, 3]);
    expect(responses.find((e) => e.call === 2)).not.toHaveProperty("delivered");
    expectEveryRequestAnswered(recording.events);
  });

  it("records a blocking sync call in flight when the last answer ends the episode", async () => {
    const real = new FakeRealTime();
    const scenario = declaredScenario({
      tasks: [
        {
          id: "solo",
          instruction: "Fetch c.",
          steps: [{ id: "c", tool: "fetch", args: { key: "c" } }],
          answer: { exact: "v-c" },
        },
      ],
    });
    const { call, server } = await connectInMemory({ scenario, clock: "wall", mode: "sync", realTime: real });
    const blocking = call("fetch", { key: "c" });
    await settle();
    await call("submit_answer", { task_id: "solo", answer: "v-c" });
    const reply = await blocking;
    expect(structured(reply)).toMatchObject({ status: "working" });
    const recording = memory(server.session);
    expect(recording.end?.status).toBe("completed");
    expectEveryRequestAnswered(recording.events);
    expect(recording.events.find((e) => e.type === "response" && e.call === 1)).toMatchObject({
      isError: false,
      job: expect.any(String),
    });
  });

  it("answers and records a wait in flight when the time limit ends the episode", async () => {
    const real = new FakeRealTime();
    const scenario = declaredScenario({ limits: { timeLimit: 2 } }); // 2 units of 1000 ms
    const { call, server } = await connectInMemory({ scenario, clock: "wall", realTime: real });
    const job = structured(await call("fetch", { key: "a" })) as { job_id: string };
    const waiting = call("wait_for_jobs", { job_ids: [job.job_id] });
    await settle();
    real.advance(2000);
    const waited = await waiting;
    expect(waited.isError).toBeFalsy();
    expect(structured(waited)).toMatchObject({ still_working: [job.job_id] });
    const recording = memory(server.session);
    expect(recording.end?.status).toBe("timeout");
    expectEveryRequestAnswered(recording.events);
  });

  it("records a call that arrives after the end but before the end line, with its EPISODE_OVER error", async () => {
    const { server } = await connectInMemory({ scenario: declaredScenario() });
    const session = server.session;
    const extras = { signal: new AbortController().signal };
    let late: Promise<CallToolResult> | undefined;
    // Arrives the moment the episode ends, while the call that ended it is still in flight.
    session.episode.on((event) => {
      if (event.type === "end") late = session.callTool("list_tasks", {}, extras);
    });
    await session.callTool("finish", {}, extras);
    const answer = await (late as Promise<CallToolResult>);
    expect(textOf(answer)).toMatch(/^\[EPISODE_OVER\]/);
    const events = memory(session).events;
    expect(events.filter((e) => e.type === "request").map((e) => e.type === "request" && e.tool)).toEqual([
      "finish",
      "list_tasks",
    ]);
    expect(events.find((e) => e.type === "response" && e.call === 2)).toMatchObject({
      isError: true,
      code: "EPISODE_OVER",
    });
    expectEveryRequestAnswered(events);
    // After the end line, a call is answered but cannot be recorded: it is not part of the episode.
    const after = await session.callTool("list_tasks", {}, extras);
    expect(textOf(after)).toMatch(/^\[EPISODE_OVER\]/);
    expect(memory(session).events).toHaveLength(events.length);
  });

  it("is loud about an event written after the recording closed: logged, answered as an error", async () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const { call, server } = await connectInMemory({ scenario: declaredScenario(), logger });
    await call("list_tasks");
    // A bug would have to close the recording under a running episode; do it by hand.
    server.session.sink?.close("error", "closed under a running episode");
    const reply = await call("list_tasks");
    expect(reply.isError).toBe(true);
    expect(textOf(reply)).toMatch(/^\[RECORDING_WRITE\] The recording .* is closed/);
    expect(lines.some((l) => l.level >= 50 && /recording/.test(l.msg))).toBe(true);
  });

  it("records a sync call the client cancels as delivering nothing, its job cancelled by the client", async () => {
    const real = new FakeRealTime();
    const { client, server } = await connectInMemory({
      scenario: declaredScenario(),
      clock: "wall",
      mode: "sync",
      realTime: real,
    });
    const controller = new AbortController();
    const pending = client.callTool({ name: "fetch", arguments: { key: "a" } }, undefined, {
      signal: controller.signal,
    });
    await settle();
    controller.abort("user pressed stop");
    await expect(pending).rejects.toThrow();
    await settle();
    const events = memory(server.session).events;
    expect(events.find((e) => e.type === "job" && e.status === "cancelled")).toMatchObject({ by: "client" });
    const response = events.find((e) => e.type === "response" && e.call === 1);
    // The job is final (cancelled), but the answer that carried it never reached the agent.
    expect(response).toMatchObject({ clientCancelled: true, job: expect.any(String) });
    expect(response).not.toHaveProperty("delivered");
  });
});
