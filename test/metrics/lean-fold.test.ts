import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { EventFold } from "../../src/metrics/event-fold.js";
import type { FoldedRecording } from "../../src/metrics/inputs.js";
import type { EventInput, Recording, RecordingEvent, RecordingHeader } from "../../src/recorder/format.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { testHeader } from "../recorder/helpers.js";

/**
 * A lean fold (what `report` folds a recording with) shares objects a whole fold keeps apart: a
 * call's arguments with the same tool's previous call's, a job's with its call's, job ids with
 * the job's own id. Sharing must never change a value the metrics read: on recordings built by
 * hand (in each test, so that a mutation run reaches them), the lean fold's calls and jobs equal
 * the whole fold's, key for key and in key order. Each case is one an agent can send: a call that
 * adds a key, reorders keys, or passes arguments that are not an object.
 */

type Input = EventInput & { t: number };

function events(...inputs: readonly Input[]): RecordingEvent[] {
  return inputs.map((input, seq) => ({ ...input, seq, wall: seq }) as RecordingEvent);
}

/** Folded as `report` reads a recording: lean, each event its own parsed copy. */
function leanFold(list: readonly RecordingEvent[]): EventFold {
  const f = new EventFold({ lean: true });
  for (const event of list) f.add(structuredClone(event));
  return f;
}

function wholeFold(list: readonly RecordingEvent[]): EventFold {
  const f = new EventFold();
  for (const event of list) f.add(event);
  return f;
}

const request = (t: number, call: number, tool: string, args: unknown): Input =>
  ({ type: "request", t, call, tool, args }) as Input;
const response = (t: number, call: number, fields: object = {}): Input =>
  ({ type: "response", t, call, isError: false, ...fields }) as Input;
const working = (t: number, job: string, tool: string, call: number | undefined, args: object): Input =>
  ({ type: "job", t, job, tool, status: "working", args, ...(call !== undefined ? { call } : {}) }) as Input;

/** Each call's arguments with their keys in order (toStrictEqual alone ignores key order). */
const argsOf = (f: EventFold) => f.calls.map((c) => [c.args, keysOf(c.args)]);
const jobArgsOf = (f: EventFold) => f.jobs.map((j) => [j.args, keysOf(j.args)]);
const keysOf = (value: unknown) =>
  typeof value === "object" && value !== null ? Object.keys(value) : typeof value;

describe("a lean fold keeps the same values as a whole fold", () => {
  it("a call that adds a key to the same tool's previous arguments keeps the key", () => {
    const list = events(
      request(1, 1, "fetch", { key: "a" }),
      request(2, 2, "fetch", { key: "a", more: 2 }),
      request(3, 3, "fetch", { key: "a", more: 2 }),
      request(4, 4, "fetch", { key: "a" }),
    );
    const lean = leanFold(list);
    expect(lean.calls.map((c) => c.args)).toStrictEqual([
      { key: "a" },
      { key: "a", more: 2 },
      { key: "a", more: 2 },
      { key: "a" },
    ]);
    expect(argsOf(lean)).toStrictEqual(argsOf(wholeFold(list)));
    // Only the true repeat is shared.
    expect(lean.calls[2]?.args).toBe(lean.calls[1]?.args);
    expect(lean.calls[1]?.args).not.toBe(lean.calls[0]?.args);
  });

  it("a tool called in turn with a few values shares each value's object, and stays exact past the few it remembers", () => {
    const keys = ["a", "c", "a", "c", "x", "y", "z", "c", "a"];
    const list = events(...keys.map((key, i) => request(i + 1, i + 1, "fetch", { key })));
    const lean = leanFold(list);
    expect(lean.calls.map((c) => c.args)).toStrictEqual(keys.map((key) => ({ key })));
    expect(argsOf(lean)).toStrictEqual(argsOf(wholeFold(list)));
    // Calls 3 and 4 repeat calls 1 and 2, remembered: the same objects.
    expect(lean.calls[2]?.args).toBe(lean.calls[0]?.args);
    expect(lean.calls[3]?.args).toBe(lean.calls[1]?.args);
    // Four distinct values are remembered, the newest kept: after x, y and z, "c" is still one
    // of them and "a" (the oldest) is not, so call 9 keeps its own object.
    expect(lean.calls[7]?.args).toBe(lean.calls[1]?.args);
    expect(lean.calls[8]?.args).not.toBe(lean.calls[0]?.args);
    // A null value is a primitive like the others: the repeat shares the object.
    const nulls = leanFold(
      events(request(1, 1, "fetch", { key: null }), request(2, 2, "fetch", { key: null })),
    );
    expect(nulls.calls[1]?.args).toBe(nulls.calls[0]?.args);
    // Another tool with the same values never shares them.
    const other = leanFold(
      events(request(1, 1, "fetch", { key: "a" }), request(2, 2, "quick", { key: "a" })),
    );
    expect(other.calls[1]?.args).not.toBe(other.calls[0]?.args);
  });

  it("a call with the same keys and values in another order keeps its own order", () => {
    const list = events(
      request(1, 1, "combine", { left: "x", right: "y" }),
      request(2, 2, "combine", { right: "y", left: "x" }),
    );
    const lean = leanFold(list);
    expect(Object.keys(lean.calls[1]?.args ?? {})).toEqual(["right", "left"]);
    expect(argsOf(lean)).toStrictEqual(argsOf(wholeFold(list)));
  });

  it("arguments that are not an object (null, a string, an array) are kept as sent, never shared with an object", () => {
    const list = events(
      // A string whose characters are an object's values by index, then that object, and back.
      request(1, 1, "fetch", "ab"),
      request(2, 2, "fetch", { 0: "a", 1: "b" }),
      request(3, 3, "fetch", "ab"),
      request(4, 4, "quick", ["a"]),
      request(5, 5, "quick", { 0: "a" }),
      request(6, 6, "quick", ["a"]),
      request(7, 7, "combine", null),
      request(8, 8, "combine", { left: "x" }),
      request(9, 9, "combine", null),
      request(10, 10, "check_job", { job_id: 5 }),
      request(11, 11, "check_job", "j1"),
    );
    const lean = leanFold(list);
    expect(lean.calls.map((c) => c.args)).toStrictEqual([
      "ab",
      { 0: "a", 1: "b" },
      "ab",
      ["a"],
      { 0: "a" },
      ["a"],
      null,
      { left: "x" },
      null,
      { job_id: 5 },
      "j1",
    ]);
    expect(argsOf(lean)).toStrictEqual(argsOf(wholeFold(list)));
  });

  it("job ids in arguments are kept as sent: no key added, no id added, a malformed list left alone", () => {
    const list = events(
      request(1, 1, "fetch", { key: "a" }),
      working(1, "j1", "fetch", 1, { key: "a" }),
      response(1, 1, { job: "j1" }),
      request(2, 2, "wait_for_jobs", { job_ids: ["j1", "j9"], mode: "all" }),
      request(3, 3, "wait_for_jobs", { job_ids: "j1" }),
      request(4, 4, "check_job", { job_id: "j1" }),
      request(5, 5, "list_jobs", {}),
      request(6, 6, "cancel_job", { job_id: "j9" }),
      // An empty list: the walk over its ids ends at once.
      request(7, 7, "wait_for_jobs", { job_ids: [] }),
    );
    const lean = leanFold(list);
    expect(lean.calls.map((c) => c.args)).toStrictEqual([
      { key: "a" },
      { job_ids: ["j1", "j9"], mode: "all" },
      { job_ids: "j1" },
      { job_id: "j1" },
      {},
      { job_id: "j9" },
      { job_ids: [] },
    ]);
    expect(argsOf(lean)).toStrictEqual(argsOf(wholeFold(list)));
  });

  it("a response's deliveries are kept as sent, known jobs and unknown ids alike", () => {
    const list = events(
      request(1, 1, "fetch", { key: "a" }),
      working(1, "j1", "fetch", 1, { key: "a" }),
      response(1, 1, { job: "j1" }),
      request(2, 2, "wait_for_jobs", { job_ids: ["j1"] }),
      { type: "job", t: 4, job: "j1", tool: "fetch", status: "completed", result: { value: "v-a" } } as Input,
      response(4, 2, { delivered: ["j1", "j7"] }),
      request(5, 3, "list_jobs", {}),
      response(5, 3, { delivered: [] }),
    );
    const lean = leanFold(list);
    expect(lean.calls.map((c) => c.response?.delivered)).toStrictEqual([undefined, ["j1", "j7"], []]);
    expect(lean.calls[1]?.response?.delivered?.length).toBe(2);
    expect(lean.jobs[0]).toMatchObject({ seen: 4 });
  });

  it("a job that ran other arguments than its call sent keeps its own; one without a call too", () => {
    const list = events(
      request(1, 1, "fetch", { key: "a" }),
      working(1, "j1", "fetch", 1, { key: "a", retry: 1 }),
      request(2, 2, "fetch", { key: "b", retry: 1 }),
      working(2, "j2", "fetch", 2, { key: "b" }),
      // A job no call of the log started (the log was cut, or the server started it itself).
      working(3, "j3", "quick", undefined, { n: 1 }),
      working(4, "j4", "check_job", undefined, { job_id: "j1", job_ids: ["j2", 3] }),
    );
    const lean = leanFold(list);
    expect(lean.jobs.map((j) => j.args)).toStrictEqual([
      { key: "a", retry: 1 },
      { key: "b" },
      { n: 1 },
      { job_id: "j1", job_ids: ["j2", 3] },
    ]);
    expect(lean.jobs[2]?.call).toBeNull();
    expect(jobArgsOf(lean)).toStrictEqual(jobArgsOf(wholeFold(list)));
  });

  it("leaves each call's kind unknown, as a whole fold does: only the scenario gives it", () => {
    const lean = leanFold(events(request(1, 1, "fetch", { key: "a" }), response(1, 1)));
    expect(lean.calls.map((c) => c.kind)).toEqual(["unknown"]);
  });
});

describe("a whole fold keeps the events as they came", () => {
  it("a job's arguments are its own event's object, even when they equal its call's", () => {
    const list = events(
      request(1, 1, "check_job", { job_id: "j1" }),
      working(1, "j1", "check_job", 1, { job_id: "j1" }),
    );
    const whole = wholeFold(list);
    expect(whole.calls[0]?.args).toBe((list[0] as { args: unknown }).args);
    expect(whole.jobs[0]?.args).toBe((list[1] as { args: unknown }).args);
  });
});

describe("the metrics of a lean fold equal a whole fold's", () => {
  const header = (): RecordingHeader => {
    const scenario = declaredScenario();
    return testHeader({
      session: "s",
      scenario: { id: scenario.id, title: scenario.title, hash: scenario.hash },
      seed: 7,
      unitMs: scenario.unitMs,
      client: null,
      schedule: {},
    });
  };

  it("on a session whose calls repeat, add keys and reorder them", () => {
    const scenario = declaredScenario();
    const list = events(
      request(1, 1, "fetch", { key: "a" }),
      working(1, "j1", "fetch", 1, { key: "a" }),
      response(1, 1, { job: "j1" }),
      request(2, 2, "fetch", { key: "a", extra: "x" }),
      response(2, 2, { isError: true, code: "INVALID_ARGUMENTS" }),
      request(3, 3, "check_job", { job_id: "j1" }),
      response(3, 3),
      { type: "job", t: 4, job: "j1", tool: "fetch", status: "completed", result: { value: "v-a" } } as Input,
      request(4, 4, "check_job", { job_id: "j1" }),
      response(4, 4, { delivered: ["j1"] }),
      request(5, 5, "submit_answer", { task_id: "a", answer: "v-a" }),
      response(5, 5),
    );
    const whole: Recording = { header: header(), events: list, end: null, truncated: true };
    const lean: FoldedRecording = {
      header: header(),
      end: null,
      truncated: true,
      scenario,
      fold: leanFold(list),
    };
    const fromWhole = computeMetrics(scenario, whole);
    const fromLean = computeMetrics(scenario, lean);
    expect(JSON.parse(JSON.stringify(fromLean))).toEqual(JSON.parse(JSON.stringify(fromWhole)));
  });
});
