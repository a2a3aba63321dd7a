import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import { plainEventLine } from "../../src/recorder/event-line.js";
import type { EventInput } from "../../src/recorder/format.js";
import { plainEventFits } from "../../src/recorder/lean-schemas.js";
import { createMemoryWriter } from "../../src/recorder/memory-writer.js";
import { fieldValues, mutatedEvents } from "../helpers/mutated-events.js";
import { testHeader } from "./helpers.js";

// The sink builds a tool call's lines in one pass (event-line.ts) instead of stamping an object,
// checking it and stringifying it. Whatever the one pass writes, the general path must have
// written byte for byte; whatever it is unsure of goes to the general path.

/** Events as the session and the episode recorder hand them to the sink: unstamped. */
const examples: Record<string, unknown>[] = [
  { type: "request", call: 1, tool: "lookup", args: { q: "gold" }, t: 359.24376699999993 },
  { type: "request", call: 2, tool: "lookup", args: {}, via: "tasks" },
  {
    type: "job",
    t: 361.0443180000002,
    job: "job_ogxZ1tBtJ1GL_KLI5Z3zX",
    tool: "lookup",
    status: "working",
    call: 1,
    args: { q: "gold" },
    latency: 0,
    finishAt: 361.0443180000002,
    step: { task: "t1", step: "s1" },
  },
  { type: "job", t: 4, job: "j1", tool: "lookup", status: "completed", result: { q: "gold", value: 42 } },
  {
    type: "job",
    job: "j1",
    tool: "lookup",
    status: "failed",
    error: { code: "TOOL_FAILED", message: 'no\n"quoted" é \ud800', retryable: true },
  },
  { type: "job", job: "j1", tool: "lookup", status: "cancelled", by: "agent" },
  {
    type: "response",
    t: 363.738206,
    call: 1,
    isError: false,
    job: "j1",
    inline: true,
    delivered: ["j1"],
    result: { job_id: "j1", started_at: 361.044, result: { q: "gold" } },
  },
  { type: "response", call: 3, isError: true, code: "UNKNOWN_TOOL", clientCancelled: true },
  { type: "end", status: "completed", reason: "the agent called finish", probe: true },
  { type: "note", level: "info", message: "m" },
];

const long = "x".repeat(300);
const value = fc.oneof(
  fieldValues(
    ["tasks", "working", "completed", "agent", "client", "completed"],
    [
      { task: "a", step: "b" },
      { task: "a" },
      { code: "X", message: "m", retryable: false },
      { code: "X", message: long.repeat(8), retryable: false },
    ],
  ),
  // Past a cap: a tool name, a text, a JSON value.
  fc.constantFrom<unknown>(long, { big: long.repeat(60) }),
  // Strings JSON.stringify escapes, or writes as they are.
  fc.constantFrom('a"b', "a\\b", "\n", "\u001f", "\u007f", "\ud800", "\udc00x", "😀", "é ✓", "\u2028"),
  fc.string({ unit: "binary", maxLength: 6 }),
);

const keys = [
  ...new Set([
    ...examples.flatMap((e) => Object.keys(e)),
    "seq",
    "wall",
    "t",
    "truncated",
    "__proto__",
    "extra",
    "0",
  ]),
];

/** Mutated events, some of them with no prototype or another one than Object.prototype. */
const events = fc
  .tuple(
    mutatedEvents(examples, keys, value),
    fc.oneof(
      { weight: 8, arbitrary: fc.constant("plain") },
      { weight: 1, arbitrary: fc.constantFrom("null", "class") },
    ),
  )
  .map(([event, prototype]) => {
    if (prototype === "plain") return event;
    const other = prototype === "null" ? Object.create(null) : new (class Event {})();
    return Object.defineProperties(other, Object.getOwnPropertyDescriptors(event)) as Record<string, unknown>;
  });

/** A stamp's wall or t: mostly what a clock gives, sometimes what the format refuses. */
const stampValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, -0, 1.5, 0.074, 361.0443180000002, 1e21, 5e-7) },
  { weight: 4, arbitrary: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, Number.NaN, Number.POSITIVE_INFINITY) },
);

/**
 * Builds the event's line in one pass and, if it was built (true), expects the general path's
 * line: the stamped object, the hand check, JSON.stringify. False: the one pass left it.
 */
function builtAsTheGeneralPath(
  event: Record<string, unknown>,
  seq: number,
  wall: number,
  t: number,
): boolean {
  const type = typeof event.type === "string" ? event.type : "";
  const line = plainEventLine(type, seq, wall, t, event);
  const stamped: Record<string, unknown> = { type, seq, wall, t, ...event };
  stamped.t = t;
  if (line === undefined) return false;
  expect(plainEventFits(type, stamped)).toBe(true);
  expect(line).toBe(`${JSON.stringify(stamped)}\n`);
  return true;
}

describe("a line built in one pass", () => {
  it("is the general path's line, for an event the hand check passes; undefined otherwise", () => {
    let built = 0;
    let left = 0;
    fc.assert(
      fc.property(events, fc.nat(10_000), stampValue, stampValue, (event, seq, wall, t) => {
        if (builtAsTheGeneralPath(event, seq, wall, t)) built += 1;
        else left += 1;
      }),
      { seed: 20_261_207, numRuns: 20_000 },
    );
    // Not vacuous: both ways are taken.
    expect(built).toBeGreaterThan(3000);
    expect(left).toBeGreaterThan(3000);
  });

  it("is the general path's line whatever the order of the event's keys", () => {
    // The one pass looks for each key first where the shape's order puts it: a key elsewhere,
    // or one the shape does not have, must still be found (or refused) as the map would.
    const shuffled = events.chain((event) => {
      const keys = Object.keys(event);
      return fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }).map((order) => {
        const copy = Object.create(Object.getPrototypeOf(event)) as Record<string, unknown>;
        for (const key of order)
          Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(event, key) as PropertyDescriptor);
        return copy;
      });
    });
    let built = 0;
    fc.assert(
      fc.property(shuffled, fc.nat(10_000), stampValue, stampValue, (event, seq, wall, t) => {
        if (builtAsTheGeneralPath(event, seq, wall, t)) built += 1;
      }),
      { seed: 20_261_208, numRuns: 20_000 },
    );
    expect(built).toBeGreaterThan(3000);
  });

  it("prints a time repeated after an integer from the time, not from the integer", () => {
    // A job's working line: t, then a call number and a latency of 0, then finishAt = t.
    const job = {
      type: "job",
      t: 0.1 + 0.2,
      job: "j",
      tool: "x",
      status: "working",
      call: 7,
      latency: 0,
      finishAt: 0.1 + 0.2,
    };
    expect(plainEventLine("job", 0, 1, 0.1 + 0.2, job)).toBe(
      '{"type":"job","seq":0,"wall":1,"t":0.30000000000000004,"job":"j","tool":"x","status":"working","call":7,"latency":0,"finishAt":0.30000000000000004}\n',
    );
  });

  it("prints a number repeated across lines as JSON does, -0 included", () => {
    const job = { type: "job", job: "j", tool: "x", status: "working", latency: 0, finishAt: 0 };
    expect(plainEventLine("job", 0, 0, -0, job)).toBe(
      '{"type":"job","seq":0,"wall":0,"t":0,"job":"j","tool":"x","status":"working","latency":0,"finishAt":0}\n',
    );
    expect(plainEventLine("job", 1, -0, 0.1 + 0.2, { ...job, finishAt: 0.1 + 0.2 })).toContain(
      '"t":0.30000000000000004,"job"',
    );
  });
});

const added: string[] = [];
afterEach(() => {
  for (const key of added.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
});

describe("the sink, with and without the one-pass line", () => {
  /** A memory sink; one told of every event takes the general path (it needs the stamped object). */
  const sink = (general: boolean, clock: { wall: number; t: number }) =>
    createMemoryWriter({
      header: testHeader(),
      now: () => clock.wall,
      wallOrigin: 0,
      episodeTime: () => clock.t,
      maxBytes: 6000,
      ...(general ? { observe: () => {} } : {}),
    });

  /** What writing the event did: nothing thrown, or the error's code (or name) and message. */
  const outcome = (write: () => void): string => {
    try {
      write();
      return "written";
    } catch (error) {
      if (error instanceof AsyncToolError) return `${error.code}: ${error.message}`;
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };

  it("writes the same lines, refuses the same events with the same errors, and fails the same way", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(events, stampValue, stampValue), { maxLength: 12 }), (calls) => {
        const generalClock = { wall: 0, t: 0 };
        const onePassClock = { wall: 0, t: 0 };
        const clocks = [generalClock, onePassClock];
        const [general, onePass] = [sink(true, generalClock), sink(false, onePassClock)];
        for (const [event, wall, t] of calls) {
          for (const clock of clocks) Object.assign(clock, { wall, t });
          // An end event given to write() is refused by both, before either stamps it.
          expect(outcome(() => onePass.write(event as EventInput))).toBe(
            outcome(() => general.write(event as EventInput)),
          );
        }
        expect(onePass.lines).toEqual(general.lines);
        expect(onePass.nextSeq).toBe(general.nextSeq);
        expect(onePass.failed?.message).toBe(general.failed?.message);
        const ends: unknown[] = [];
        expect(outcome(() => ends.push(onePass.close("completed")))).toBe(
          outcome(() => ends.push(general.close("completed"))),
        );
        expect(ends[0]).toEqual(ends[1]);
        expect(onePass.lines).toEqual(general.lines);
      }),
      { seed: 20_261_207, numRuns: 1500 },
    );
  });

  it("leaves an event to the general path when Object.prototype has an enumerable key", () => {
    const request = { type: "request", call: 1, tool: "lookup", args: {} } as const;
    // Opened first: a polluted prototype would fail their headers' check.
    const clock = { wall: 1, t: 1 };
    const [general, onePass] = [sink(true, clock), sink(false, clock)];
    Object.defineProperty(Object.prototype, "via", {
      value: "tasks",
      enumerable: true,
      configurable: true,
      writable: true,
    });
    added.push("via");
    expect(plainEventLine("request", 0, 1, 1, request)).toBeUndefined();
    expect(outcome(() => onePass.write(request))).toBe(outcome(() => general.write(request)));
    expect(onePass.lines).toEqual(general.lines);
  });
});
