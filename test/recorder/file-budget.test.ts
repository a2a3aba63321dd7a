import fs from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventInput } from "../../src/recorder/format.js";
import { createMemoryWriter } from "../../src/recorder/memory-writer.js";
import { openRecordingWriter } from "../../src/recorder/writer.js";
import { tempDir, testHeader } from "./helpers.js";

// A file settles the budget with the bytes it counted for its write; memory counts them itself.
// Both must refuse the same event, so the count a file hands back has to be the bytes written.

const text = fc.string({ unit: fc.constantFrom("a", "é", "☃", "😀", "\ud800"), maxLength: 40 });
const step = fc.oneof(
  { weight: 4, arbitrary: text.map((q) => ({ q })) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

function outcome(write: () => void): string {
  try {
    write();
    return "written";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe("a recording's budget, written to a file or kept in memory", () => {
  it("refuses the same event and keeps the same lines", () => {
    const dir = tempDir();
    let n = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 600, max: 2_500 }),
        fc.array(step, { maxLength: 30 }),
        (maxBytes, steps) => {
          const options = {
            header: testHeader(),
            episodeTime: () => 1,
            now: () => 1,
            wallOrigin: 0,
            maxBytes,
            groupCommit: true,
          };
          const path = join(dir, `budget-${++n}.jsonl`);
          const file = openRecordingWriter({ ...options, path });
          const memory = createMemoryWriter(options);
          for (const args of steps) {
            if (args === undefined) {
              // A flush: the file writes its queue and settles with the bytes it counted.
              expect(outcome(() => file.flush())).toBe(outcome(() => memory.flush()));
              continue;
            }
            const event = { type: "request", call: 1, tool: "lookup", args } as EventInput;
            const written = outcome(() => file.write(event));
            if (written !== "written") refused += 1;
            expect(written).toBe(outcome(() => memory.write(event)));
          }
          file.close("completed");
          memory.close("completed");
          expect(fs.readFileSync(path, "utf8")).toBe(memory.text());
        },
      ),
      { seed: 20_261_207, numRuns: 300 },
    );
    expect(refused).toBeGreaterThan(30);
  });
});
