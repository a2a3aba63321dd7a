import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventSchema } from "../../src/recorder/format.js";
import { LEAN_EVENT_SCHEMAS, parsedEventFits, plainEventFits } from "../../src/recorder/lean-schemas.js";
import { fieldValues, mutatedEvents } from "../helpers/mutated-events.js";

// The writer checks a tool call's events (request, job, response) by hand before it asks the
// schemas; the hand check must never pass an event the full schema refuses.

const request = { type: "request", seq: 0, wall: 1.5, t: 0, call: 1, tool: "lookup", args: { q: "gold" } };
const working = {
  type: "job",
  seq: 1,
  wall: 1.6,
  t: 0,
  job: "job-1",
  tool: "lookup",
  status: "working",
  call: 1,
  args: { q: "gold" },
  latency: 2,
  finishAt: 2,
  step: { task: "a", step: "s1" },
};
const completed = {
  type: "job",
  seq: 2,
  wall: 9,
  t: 2,
  job: "job-1",
  tool: "lookup",
  status: "completed",
  result: { hits: [1, "x", null] },
};
const failed = {
  type: "job",
  seq: 2,
  wall: 9,
  t: 2,
  job: "job-1",
  tool: "lookup",
  status: "failed",
  error: { code: "TOOL_FAILED", message: "no", retryable: true },
};
const response = {
  type: "response",
  seq: 3,
  wall: 9.1,
  t: 2,
  call: 1,
  isError: false,
  job: "job-1",
  inline: true,
  delivered: ["job-1"],
  result: { job_id: "job-1" },
};

const examples = [request, working, completed, failed, response];

/** Values that each field's schema accepts or refuses in some way. */
const value = fieldValues(
  ["tasks", "working", "expired", "agent"],
  [
    { task: "a", step: "b" },
    { task: "a" },
    { task: "a", step: "b", extra: 1 },
    { code: "X", message: "m", retryable: false },
    { code: "X", message: "m" },
  ],
);

const keys = [
  ...new Set([
    ...examples.flatMap((e) => Object.keys(e)),
    "via",
    "code",
    "clientCancelled",
    "by",
    "truncated",
    "reason",
    "__proto__",
    "extra",
  ]),
];

/** An example with some fields replaced, removed or added. */
const mutated = mutatedEvents(examples, keys, value);

describe("the writer's hand check of a tool call's events", () => {
  it("passes the events of an ordinary tool call", () => {
    for (const event of examples) {
      expect(plainEventFits(event.type, event)).toBe(true);
      expect(eventSchema.safeParse(event).success).toBe(true);
    }
  });

  it("never passes an event the full schema refuses", () => {
    let passed = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutated, (event) => {
        const type = typeof event.type === "string" ? event.type : "";
        if (plainEventFits(type, event)) {
          passed += 1;
          expect(eventSchema.safeParse(event).success).toBe(true);
        } else {
          refused += 1;
        }
      }),
      { seed: 20_261_206, numRuns: 5000 },
    );
    // Not vacuous: the mutations reach both verdicts.
    expect(passed).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });

  it("leaves other events and rarer fields to the schemas", () => {
    expect(plainEventFits("note", { type: "note", seq: 0, wall: 0, t: 0, level: "info", message: "m" })).toBe(
      false,
    );
    expect(plainEventFits("request", { ...request, truncated: { args: 10 } })).toBe(false);
    expect(plainEventFits("job", { ...completed, result: { n: Number.NaN } })).toBe(false);
    expect(plainEventFits("response", { ...response, type: "job" })).toBe(false);
  });
});

// The reader checks the events JSON.parse gave it by hand before it asks the lean schemas (which
// take any value in a JSON-valued field); the hand check must never pass what they refuse.
describe("the reader's hand check of a tool call's events", () => {
  const leanAccepts = (type: string, event: unknown) =>
    LEAN_EVENT_SCHEMAS.get(type)?.safeParse(event).success === true;

  it("passes the events of an ordinary tool call, and any JSON value in their JSON-valued fields", () => {
    for (const event of examples) expect(parsedEventFits(event.type, event)).toBe(true);
    // 1e400 parses to Infinity: the full schema refuses it in a result, the lean one does not.
    const huge = JSON.parse('{"n":1e400}');
    expect(parsedEventFits("job", { ...completed, result: huge })).toBe(true);
    expect(leanAccepts("job", { ...completed, result: huge })).toBe(true);
    expect(plainEventFits("job", { ...completed, result: huge })).toBe(false);
  });

  it("never passes an event the lean schema refuses", () => {
    let passed = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutated, (event) => {
        const type = typeof event.type === "string" ? event.type : "";
        if (parsedEventFits(type, event)) {
          passed += 1;
          expect(leanAccepts(type, event)).toBe(true);
        } else {
          refused += 1;
        }
      }),
      { seed: 20_261_206, numRuns: 5000 },
    );
    expect(passed).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });

  it("defers what JSON.parse can give but the schema refuses: an infinite stamp, a __proto__ key, an inherited field", () => {
    const line = JSON.stringify(request);
    const infinite = JSON.parse(line.replace('"t":0', '"t":1e400'));
    expect(infinite.t).toBe(Number.POSITIVE_INFINITY);
    expect(parsedEventFits("request", infinite)).toBe(false);
    expect(leanAccepts("request", infinite)).toBe(false);
    const proto = JSON.parse(line.replace("{", '{"__proto__":{"via":"tasks"},'));
    expect(Object.hasOwn(proto, "__proto__")).toBe(true);
    expect(parsedEventFits("request", proto)).toBe(false);
    // A field that is only inherited is left to the schema (which happens to read it).
    const { tool: _tool, ...rest } = request;
    const inherited = Object.assign(Object.create({ tool: "lookup" }), rest);
    expect(parsedEventFits("request", inherited)).toBe(false);
  });
});
