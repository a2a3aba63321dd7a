import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { endEventSchema, headerSchema } from "../../src/recorder/format.js";
import { headerFits, plainEventFits } from "../../src/recorder/lean-schemas.js";
import { fieldValues, mutatedEvents } from "../helpers/mutated-events.js";

// A recording's header and end line are checked by hand before the schemas are asked (once per
// session each); the hand check must never pass what the schema refuses.

const header = {
  type: "header",
  format: "asynctool-recording",
  version: 1,
  server: { name: "asynctool-mcp", version: "0.1.0" },
  session: "s-1",
  startedAt: "2026-12-07T10:00:00.000Z",
  scenario: { id: "bench", title: "Benchmark scenario", hash: "ab12", file: "bench.json" },
  seed: 1,
  mode: "async",
  clock: "wall",
  timeScale: 1,
  unitMs: 1,
  client: { name: "lean", version: "1" },
  schedule: { t1: { s1: 7 }, t2: { a: 0, b: 2.5 } },
  options: { inlineMs: 0, waitCapMs: 25_000, ids: "seeded", runner: { model: "m", tags: ["x", 1, null] } },
};
const end = { type: "end", seq: 41, wall: 1234.5, t: 99, status: "finished", reason: "all answered" };
const probeEnd = { type: "end", seq: 0, wall: 0.2, t: 0, status: "disconnected", probe: true };

/** Values that each field's schema accepts or refuses in some way. */
const value = fieldValues(
  ["header", "end", "asynctool-recording", "async", "tasks", "wall", "step", "finished", "disconnected"],
  [
    { name: "a", version: "b" },
    { name: "a" },
    { name: "a", version: "b", extra: 1 },
    { id: "x", title: "t", hash: "h" },
    { id: "x", title: "t", hash: "h", file: 3 },
    { t: { s: 1 } },
    { t: { s: -1 } },
    { t: { s: Number.NaN } },
    { t: [1] },
    { t: 1 },
    { a: undefined },
    JSON.parse('{"__proto__":{"s":1}}'),
  ],
);

const keys = [
  ...new Set([...Object.keys(header), ...Object.keys(end), "probe", "truncated", "__proto__", "extra"]),
];

/** An example with some fields replaced, removed or added. */
const mutated = mutatedEvents([header, end, probeEnd], keys, value);

describe("the writer's hand check of the header and the end line", () => {
  it("passes an ordinary header and end lines", () => {
    expect(headerFits(header)).toBe(true);
    expect(headerSchema.safeParse(header).success).toBe(true);
    for (const line of [end, probeEnd]) {
      expect(plainEventFits("end", line)).toBe(true);
      expect(endEventSchema.safeParse(line).success).toBe(true);
    }
  });

  it("never passes a header or an end line the schema refuses", () => {
    const verdicts = { passed: 0, refused: 0 };
    fc.assert(
      fc.property(mutated, (line) => {
        const isHeader = Object.hasOwn(line, "format") || Object.hasOwn(line, "schedule");
        const fit = isHeader ? headerFits(line) : plainEventFits("end", line);
        if (fit) {
          verdicts.passed += 1;
          const schema = isHeader ? headerSchema : endEventSchema;
          expect(schema.safeParse(line).success).toBe(true);
        } else {
          verdicts.refused += 1;
        }
      }),
      { seed: 20_261_207, numRuns: 5000 },
    );
    // Not vacuous: the mutations reach both verdicts.
    expect(verdicts.passed).toBeGreaterThan(500);
    expect(verdicts.refused).toBeGreaterThan(500);
  });

  it("leaves a cut reason and an unknown key to the schema", () => {
    expect(plainEventFits("end", { ...end, truncated: { reason: 9000 } })).toBe(false);
    expect(headerFits({ ...header, extra: 1 })).toBe(false);
    expect(headerFits({ ...header, options: { n: Number.NaN } })).toBe(false);
  });
});
