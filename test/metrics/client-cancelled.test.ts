import { describe, expect, it } from "vitest";
import { extractInputs } from "../../src/metrics/inputs.js";
import { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * A version-1 recording as servers wrote it before they stopped listing `delivered` on a
 * response the client had cancelled: a sync fetch (call 1) the client gave up on, its job
 * cancelled by the client, and the response still naming the job as delivered.
 */
function recordingWithCancelledDelivery(clientCancelled: boolean) {
  const scenario = declaredScenario();
  const sink = new MemoryRecordingWriter({
    header: {
      type: "header",
      format: "asynctool-recording",
      version: 1,
      server: { name: "asynctool-mcp", version: "test" },
      session: "s",
      startedAt: "2026-12-04T00:00:00.000Z",
      scenario: { id: scenario.id, title: scenario.title, hash: scenario.hash },
      seed: 1,
      mode: "sync",
      clock: "step",
      timeScale: 1,
      unitMs: scenario.unitMs,
      client: null,
      schedule: {},
    },
    episodeTime: () => 1,
    now: () => 0,
  });
  sink.write({ type: "request", call: 1, tool: "fetch", args: { key: "a" }, t: 1 });
  sink.write({
    type: "job",
    job: "j1",
    tool: "fetch",
    status: "working",
    call: 1,
    args: { key: "a" },
    latency: 3,
    finishAt: 4,
    t: 1,
  });
  if (clientCancelled) sink.write({ type: "client_cancel", call: 1, reason: "stop", t: 2 });
  sink.write({
    type: "job",
    job: "j1",
    tool: "fetch",
    status: "cancelled",
    by: clientCancelled ? "client" : "agent",
    t: 2,
  });
  sink.write({
    type: "response",
    call: 1,
    isError: false,
    job: "j1",
    delivered: ["j1"],
    ...(clientCancelled ? { clientCancelled: true } : {}),
    result: null,
    t: 2,
  });
  sink.close("finished");
  return { scenario, recording: sink.recording() };
}

describe("a response the client cancelled", () => {
  it("does not count as seeing the jobs it lists as delivered", () => {
    const { scenario, recording } = recordingWithCancelledDelivery(true);
    expect(extractInputs(scenario, recording).jobs[0]).toMatchObject({ id: "j1", seen: null, seenBy: null });
  });

  it("while the same response, not cancelled, does (t = 2, its stamp)", () => {
    const { scenario, recording } = recordingWithCancelledDelivery(false);
    expect(extractInputs(scenario, recording).jobs[0]).toMatchObject({ id: "j1", seen: 2 });
  });
});
