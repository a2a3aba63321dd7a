import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../../src/errors.js";
import type { RecordingEvent } from "../../src/recorder/format.js";
import { readRecording } from "../../src/recorder/reader.js";
import { rejected } from "./helpers.js";

const dir = fileURLToPath(new URL("../fixtures/recordings/v1/", import.meta.url));

const accepted: Record<string, { events: number; end: string | null }> = {
  "valid.jsonl": { events: 35, end: "completed" },
  "valid-tasks.jsonl": { events: 35, end: "completed" },
  "truncated.jsonl": { events: 34, end: null },
  "torn.jsonl": { events: 33, end: null },
};

const refused: Record<string, { code: ErrorCode; line?: number; says: RegExp }> = {
  "bad-json.jsonl": { code: "RECORDING_INVALID", line: 9, says: /not valid JSON/ },
  "bad-version.jsonl": { code: "RECORDING_VERSION", says: /version 2; this build reads version 1/ },
  "seq-gap.jsonl": { code: "RECORDING_INVALID", line: 12, says: /seq is 11 where 10 was expected/ },
  "event-after-end.jsonl": { code: "RECORDING_INVALID", line: 37, says: /follows the end line \(line 36\)/ },
  "unknown-event.jsonl": { code: "RECORDING_INVALID", line: 15, says: /unknown event type "progress"/ },
  "missing-header.jsonl": { code: "RECORDING_INVALID", line: 1, says: /must be the recording header/ },
  "bad-field.jsonl": { code: "RECORDING_INVALID", line: 28, says: /bad job event: at status:/ },
  "bad-via.jsonl": { code: "RECORDING_INVALID", line: 11, says: /bad request event: at via:/ },
};

describe("v1 fixture logs", () => {
  it("are all listed here", () => {
    const files = readdirSync(dir).filter((name) => name.endsWith(".jsonl"));
    expect(files.sort()).toEqual([...Object.keys(accepted), ...Object.keys(refused)].sort());
  });

  for (const [name, want] of Object.entries(accepted)) {
    it(`accepts ${name}`, async () => {
      const recording = await readRecording(dir + name);
      expect(recording.events).toHaveLength(want.events);
      expect(recording.events.every((event: RecordingEvent, i: number) => event.seq === i)).toBe(true);
      expect(recording.end?.status ?? null).toBe(want.end);
      expect(recording.truncated).toBe(want.end === null);
      expect(recording.header.scenario.id).toBe("travel-files-001");
    });
  }

  for (const [name, want] of Object.entries(refused)) {
    it(`rejects ${name} with ${want.code}${want.line ? ` at line ${want.line}` : ""}`, async () => {
      const error = await rejected(readRecording(dir + name), want.code);
      expect(error.message).toMatch(want.says);
      if (want.line !== undefined) expect(error.message).toContain(`${name}, line ${want.line}:`);
    });
  }

  it("valid.jsonl shows a whole async session", async () => {
    const { events } = await readRecording(`${dir}valid.jsonl`);
    const calls = events.flatMap((e: RecordingEvent) => (e.type === "request" ? [e.tool] : []));
    expect(calls).toEqual([
      "list_tasks",
      "search_flights",
      "compress",
      "check_job",
      "check_job",
      "wait_for_jobs",
      "book_flight",
      "search_flights",
      "cancel_job",
      "submit_answer",
      "check_job",
      "submit_answer",
    ]);
    const jobs = events.flatMap((e: RecordingEvent) => (e.type === "job" ? [`${e.job}:${e.status}`] : []));
    expect(jobs).toEqual([
      "j1:working",
      "j2:working",
      "j2:completed",
      "j1:completed",
      "j3:working",
      "j4:working",
      "j3:completed",
      "j4:cancelled",
    ]);
    expect(new Set(events.map((e: RecordingEvent) => e.type))).toEqual(
      new Set(["note", "request", "response", "job", "notice", "end"]),
    );
  });
});
