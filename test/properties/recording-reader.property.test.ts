import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runAgent } from "../../src/agents/index.js";
import { connectInMemory } from "../../src/client/connect.js";
import { AsyncToolError } from "../../src/errors.js";
import { exampleScenariosDir, packageRoot } from "../../src/paths.js";
import type { Recording } from "../../src/recorder/format.js";
import { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { parseRecording, readRecording } from "../../src/recorder/reader.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { report } from "./support.js";

const SEED = 20_260_604;
const MUTATION_RUNS = 400;

const fixtureDir = join(packageRoot, "test", "fixtures", "recordings", "v1");
const fixtures = ["valid.jsonl", "truncated.jsonl", "torn.jsonl"].map((name) => ({
  name,
  bytes: readFileSync(join(fixtureDir, name)),
}));

/** A real recording: the oracle through a whole episode, in memory. */
async function oracleRecording(): Promise<Buffer> {
  const scenario = await loadScenarioFile(join(exampleScenariosDir, "travel-and-files.yaml"));
  const connection = await connectInMemory(
    {
      scenario,
      seed: 7,
      clock: "step",
      mode: "async",
      recordingsDir: null,
      server: { name: "asynctool-mcp", version: "property-test" },
      sessionId: "reader-property",
    },
    { name: "oracle", version: "1" },
  );
  await runAgent("oracle", connection.tools, { scenario, seed: 7, mode: "async", clock: "step" });
  await connection.close();
  const sink = connection.server?.session.sink;
  if (!(sink instanceof MemoryRecordingWriter)) throw new Error("expected an in-memory recording");
  return Buffer.from(sink.text(), "utf8");
}

const logs = [...fixtures, { name: "oracle.jsonl", bytes: await oracleRecording() }];

const dir = mkdtempSync(join(tmpdir(), "asynctool-reader-prop-"));
const tally = { tried: 0, read: 0, readTruncated: 0, invalid: 0, version: 0, truncations: 0 };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  report("recording reader", tally);
});

type Outcome = { ok: true; recording: Recording } | { ok: false; code: string; line: number };

/** Parses the text; a Recording, or a RECORDING_INVALID/RECORDING_VERSION naming its line. Anything else fails. */
function outcomeOf(read: () => Recording, lineCount: number): Outcome {
  try {
    return { ok: true, recording: read() };
  } catch (error) {
    if (!(error instanceof AsyncToolError))
      throw new Error(`not an AsyncToolError: ${String(error)}`, { cause: error });
    if (error.code === "RECORDING_VERSION") {
      // Always the header's fault: the message names the version, `where` the line.
      expect(error.details.where).toMatch(/:1$/);
      return { ok: false, code: error.code, line: 1 };
    }
    expect(error.code).toBe("RECORDING_INVALID");
    const match = /, line (\d+): \S/.exec(error.message);
    if (!match) throw new Error(`RECORDING_INVALID without a line number: ${error.message}`);
    const line = Number(match[1]);
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(Math.max(1, lineCount));
    expect(error.details.line).toBe(line);
    return { ok: false, code: error.code, line };
  }
}

/** The text reader and the byte reader (a file) must agree on every input. */
async function readBoth(bytes: Buffer, name: string): Promise<Outcome> {
  const lineCount = bytes.toString("utf8").split("\n").length;
  const fromText = outcomeOf(() => parseRecording(bytes.toString("utf8"), name), lineCount);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  let fromFile: Outcome;
  try {
    fromFile = { ok: true, recording: await readRecording(path) };
  } catch (error) {
    fromFile = outcomeOf(() => {
      throw error;
    }, lineCount);
  }
  if (fromText.ok && fromFile.ok) {
    expect(fromFile.recording.events.length).toBe(fromText.recording.events.length);
    expect(fromFile.recording.truncated).toBe(fromText.recording.truncated);
  } else {
    expect(fromFile).toEqual(fromText);
  }
  tally.tried += 1;
  if (fromText.ok) {
    tally.read += 1;
    if (fromText.recording.truncated) tally.readTruncated += 1;
    // What reads is coherent: seq counts from 0, the end (if any) is the last event.
    fromText.recording.events.forEach((event, i) => {
      expect(event.seq === i).toBe(true); // -0 reads as 0, as JSON means it
    });
    if (fromText.recording.end) expect(fromText.recording.events.at(-1)).toBe(fromText.recording.end);
  } else if (fromText.code === "RECORDING_VERSION") tally.version += 1;
  else tally.invalid += 1;
  return fromText;
}

const byteEdit = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc
        .constantFrom(
          "\n",
          "\r\n",
          "{",
          "}",
          '"',
          ",",
          "\\",
          "\ufeff",
          "\u2028",
          "null",
          "[]",
          '{"type":"end"}',
          "\n\n",
        )
        .map((s) => new Uint8Array(Buffer.from(s, "utf8"))),
    ),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swapLines" as const), at: fc.nat(), with: fc.nat() }),
  // Edits a byte flip seldom makes: a field that still parses as JSON but breaks the format.
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    token: fc.constantFrom(
      ['"version":1', '"version":2'],
      ['"version":1', '"version":"1"'],
      ['"format":"asynctool-recording"', '"format":"other"'],
      ['"type":"response"', '"type":"progress"'],
      ['"type":"request"', '"type":"header"'],
      ['"status":"completed"', '"status":"aborted"'],
      ['"seq":', '"seq":-'],
      ['"isError":false', '"isError":"no"'],
      ['"t":', '"t":-1,"x":'],
      ['"type":"end"', '"type":"note"'],
    ),
  }),
);

function applyEdit(bytes: Buffer, edit: typeof byteEdit extends fc.Arbitrary<infer E> ? E : never): Buffer {
  const at = edit.at % (bytes.length + 1);
  switch (edit.kind) {
    case "flip": {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      const i = at % bytes.length;
      copy[i] = (copy[i] as number) ^ (1 << edit.bit);
      return copy;
    }
    case "set": {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      copy[at % bytes.length] = edit.byte;
      return copy;
    }
    case "insert":
      return Buffer.concat([bytes.subarray(0, at), edit.bytes, bytes.subarray(at)]);
    case "delete":
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + edit.length)]);
    case "truncate":
      return bytes.subarray(0, at);
    case "replace": {
      const [from, to] = edit.token as [string, string];
      const text = bytes.toString("latin1");
      const hits: number[] = [];
      for (let i = text.indexOf(from); i !== -1; i = text.indexOf(from, i + 1)) hits.push(i);
      const hit = hits[at % Math.max(1, hits.length)];
      if (hit === undefined) return bytes;
      return Buffer.concat([
        bytes.subarray(0, hit),
        Buffer.from(to, "latin1"),
        bytes.subarray(hit + from.length),
      ]);
    }
    case "swapLines": {
      const lines = bytes.toString("utf8").split("\n");
      const a = at % lines.length;
      const b = edit.with % lines.length;
      [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
      return Buffer.from(lines.join("\n"), "utf8");
    }
  }
}

describe("the recording reader on damaged logs", () => {
  it("reads every unmutated log", async () => {
    for (const { name, bytes } of logs) {
      const outcome = await readBoth(bytes, name);
      expect(outcome.ok).toBe(true);
    }
  });

  it("random byte flips, insertions, deletions, truncations and swapped lines: read, or rejected with a line number", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: logs.length - 1 }),
        fc.array(byteEdit, { minLength: 1, maxLength: 4 }),
        async (which, edits) => {
          const log = logs[which] as (typeof logs)[number];
          let bytes = log.bytes;
          for (const edit of edits) bytes = applyEdit(bytes, edit);
          await readBoth(bytes, `mutated-${log.name}`);
        },
      ),
      { seed: SEED, numRuns: MUTATION_RUNS, endOnFailure: true },
    );
  });

  it("a valid log cut at any byte reads as far as its whole lines go, or is rejected at line 1", () => {
    for (const { name, bytes } of logs.filter((l) => l.name === "valid.jsonl" || l.name === "oracle.jsonl")) {
      const full = parseRecording(bytes.toString("utf8"), name);
      // Where each line's JSON ends (its newline), in bytes: a cut at or after it keeps the line whole.
      const lineEnds: number[] = [];
      for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) lineEnds.push(i);
      const [headerEnd, ...eventEnds] = lineEnds as [number, ...number[]];
      expect(eventEnds.length).toBe(full.events.length);
      // Every byte near a line boundary (where the outcome changes), and every 11th byte elsewhere.
      const cuts = new Set<number>();
      for (let cut = 0; cut <= bytes.length; cut += 11) cuts.add(cut);
      for (const end of [0, ...lineEnds, bytes.length])
        for (let d = -4; d <= 4; d++) if (end + d >= 0 && end + d <= bytes.length) cuts.add(end + d);
      for (const cut of cuts) {
        tally.truncations += 1;
        const text = bytes.subarray(0, cut).toString("utf8");
        const outcome = outcomeOf(() => parseRecording(text, name), lineEnds.length + 1);
        const whole = eventEnds.filter((end) => end <= cut).length;
        const expected =
          cut < headerEnd
            ? "rejected at line 1" // no whole header
            : `${whole} events, ${whole < full.events.length ? "truncated" : "ended"}`;
        const got = outcome.ok
          ? `${outcome.recording.events.length} events, ${outcome.recording.truncated ? "truncated" : "ended"}`
          : `rejected at line ${outcome.line}`;
        if (got !== expected) throw new Error(`${name} cut at byte ${cut}: expected ${expected}, got ${got}`);
        if (outcome.ok) expect(outcome.recording.end === null).toBe(outcome.recording.truncated);
      }
    }
  });
});
