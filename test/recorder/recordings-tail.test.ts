import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LiveRecordings } from "../../src/recorder/live-recordings.js";
import { RecordingsTail } from "../../src/recorder/recordings-tail.js";
import { tempDir, testHeader } from "./helpers.js";

/** The tail reads another process's recording as it grows: whole lines only, however long. */

const noScenario = async () => ({ scenario: null, problem: "not needed here" });

function request(seq: number, args: unknown): string {
  return `${JSON.stringify({ type: "request", seq, wall: seq, t: seq, call: seq, tool: "search", args })}\n`;
}

describe("RecordingsTail", () => {
  it("takes a line once it is complete, and a line longer than its read buffer", async () => {
    const dir = tempDir();
    const file = join(dir, "2026-06-02T09-14-03.512Z_x_s1.jsonl");
    writeFileSync(file, `${JSON.stringify(testHeader({ session: "s1" }))}\n`);
    const live = new LiveRecordings();
    const tail = new RecordingsTail(dir, live, noScenario);
    await tail.scan();
    expect(live.get("s1")?.events).toEqual([]);

    // Half a line: not taken until its newline is written.
    const first = request(0, { q: "a" });
    appendFileSync(file, first.slice(0, 10));
    await tail.scan();
    expect(live.get("s1")?.events.length).toBe(0);
    appendFileSync(file, first.slice(10));
    await tail.scan();
    expect(live.get("s1")?.events.length).toBe(1);

    // 200,000 characters of arguments: more than one read of 64 KiB.
    const long = "x".repeat(200_000);
    appendFileSync(file, request(1, { q: long }));
    await tail.scan();
    const events = live.get("s1")?.events ?? [];
    expect(events.length).toBe(2);
    expect(events[1]).toMatchObject({ type: "request", args: { q: long } });
  });
});
