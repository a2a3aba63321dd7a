import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import { recordEpisode, recordingHeader } from "../../src/recorder/episode-recorder.js";
import { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { declaredScenario } from "../helpers/scenarios.js";

function setup(failAtSeq?: number) {
  let n = 0;
  const episode = new Episode({
    scenario: declaredScenario(),
    seed: 3,
    clock: "step",
    newJobId: () => `job-${++n}`,
  });
  const header = recordingHeader({
    episode,
    server: { name: "asynctool-mcp", version: "0.0.0-test" },
    session: "s-1",
    client: { name: "test-client", version: "1.0" },
    startedAt: new Date("2026-11-26T12:00:00Z"),
  });
  const sink = new MemoryRecordingWriter({
    header,
    episodeTime: () => episode.now(),
    now: () => 0,
    ...(failAtSeq !== undefined ? { failAtSeq } : {}),
  });
  recordEpisode(episode, sink);
  return { episode, sink };
}

describe("recording an episode", () => {
  it("writes each job transition as it happens and closes with the episode's status", async () => {
    const { episode, sink } = setup();
    episode.beginCall();
    const job = episode.startJob("fetch", { key: "a" }, 1);
    expect(sink.lines).toHaveLength(2); // header + working, before startJob returned
    await episode.wait([job.id], { all: true });
    episode.beginCall();
    const other = episode.startJob("fetch", { key: "c" }, 2);
    episode.cancelJob(other.id, "agent");
    episode.submitAnswer("chain", "v-a+b");
    episode.submitAnswer("solo", "v-c");
    episode.endIfAllAnswered();

    const recording = sink.recording();
    expect(recording.truncated).toBe(false);
    expect(recording.header.schedule).toEqual(episode.schedule);
    expect(recording.header.client).toEqual({ name: "test-client", version: "1.0" });
    const events = recording.events.map((e) =>
      e.type === "job" ? `${e.job}:${e.status}@${e.t}` : `${e.type}@${e.t}`,
    );
    expect(events).toEqual([
      "job-1:working@1",
      "job-1:completed@4",
      "job-2:working@5",
      "job-2:cancelled@5",
      "end@5",
    ]);
    const working = recording.events[0];
    expect(working).toMatchObject({
      call: 1,
      args: { key: "a" },
      latency: 3,
      finishAt: 4,
      step: { task: "chain", step: "a" },
    });
    expect(recording.events[1]).toMatchObject({ result: { value: "v-a" } });
    expect(recording.events[3]).toMatchObject({ by: "agent" });
    expect(recording.end).toMatchObject({ status: "completed" });
  });

  it("ends the episode as error when the recording cannot be written", () => {
    const { episode, sink } = setup(1);
    episode.beginCall();
    episode.startJob("fetch", { key: "a" }, 1); // seq 0 written
    episode.startJob("fetch", { key: "c" }, 1); // seq 1 fails
    expect(sink.failed?.code).toBe("RECORDING_WRITE");
    expect(episode.status).toBe("error");
  });
});
