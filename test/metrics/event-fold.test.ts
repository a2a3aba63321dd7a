import { beforeEach, describe, expect, it } from "vitest";
import { EventFold, type FoldedCall, type FoldedJob } from "../../src/metrics/event-fold.js";
import type { EventInput, RecordingEvent } from "../../src/recorder/format.js";

/**
 * The fold's rules (metrics.md, "Inputs taken from the recording"), one event sequence at a
 * time: hand-built events, in the order a server writes them (docs/recording-format.md), and the
 * calls and jobs the fold keeps of them, field by field.
 */

/** Stamps events as the writer does: `seq` in order, `wall` unused by the fold. */
function events(...inputs: readonly (EventInput & { t: number })[]): RecordingEvent[] {
  return inputs.map((input, seq) => ({ ...input, seq, wall: seq }) as RecordingEvent);
}

function fold(list: readonly RecordingEvent[], lean = false): EventFold {
  const f = new EventFold({ lean });
  for (const event of list) f.add(event);
  return f;
}

const request = (t: number, call: number, tool: string, args: object = {}) =>
  ({ type: "request", t, call, tool, args }) as EventInput & { t: number };
const working = (t: number, job: string, tool: string, call?: number, args?: object) =>
  ({
    type: "job",
    t,
    job,
    tool,
    status: "working",
    ...(call !== undefined ? { call } : {}),
    ...(args !== undefined ? { args } : {}),
  }) as EventInput & { t: number };
const response = (t: number, call: number, fields: object = {}) =>
  ({ type: "response", t, call, isError: false, ...fields }) as EventInput & { t: number };

/**
 * Two jobs, the second ending first (step clock):
 *   t1 call 1 fetch a  → j1 (latency 3, ends at 4)
 *   t2 call 2 quick    → j2 (latency 1, fails at 3)
 *   t3 call 3 check_job j1: still working, delivers nothing
 *   t4 call 4 wait_for_jobs [j1, j2]: answered at 4 with both
 *   t5 call 5 check_job j1: delivers j1 again
 *   t6 call 6 submit_answer, never answered (the log ends)
 */
const session = events(
  request(1, 1, "fetch", { key: "a" }),
  working(1, "j1", "fetch", 1, { key: "a" }),
  response(1, 1, { job: "j1", result: { job_id: "j1", status: "working" } }),
  request(2, 2, "quick", { n: 2 }),
  working(2, "j2", "quick", 2, { n: 2 }),
  response(2, 2, { job: "j2", result: { job_id: "j2", status: "working" } }),
  {
    type: "job",
    t: 3,
    job: "j2",
    tool: "quick",
    status: "failed",
    error: { code: "TOOL_ERROR", message: "no", retryable: false },
  },
  request(3, 3, "check_job", { job_id: "j1" }),
  response(3, 3, { result: { job_id: "j1", status: "working" } }),
  request(4, 4, "wait_for_jobs", { job_ids: ["j1", "j2"], mode: "all" }),
  { type: "job", t: 4, job: "j1", tool: "fetch", status: "completed", result: { value: "v-a" } },
  response(4, 4, { delivered: ["j1", "j2"], result: { jobs: [] } }),
  request(5, 5, "check_job", { job_id: "j1" }),
  response(5, 5, { delivered: ["j1"], result: { job_id: "j1", status: "completed" } }),
  request(6, 6, "submit_answer", { task_id: "solo", answer: "v-c" }),
);

describe("the fold of a session, field by field", () => {
  // Folded in each test, not once when the file loads: a mutation run switches a mutant on per test.
  let f: EventFold;
  let [c1, c2, c3, c4, c5, c6]: (FoldedCall | undefined)[] = [];
  let [j1, j2]: (FoldedJob | undefined)[] = [];
  beforeEach(() => {
    f = fold(session);
    [c1, c2, c3, c4, c5, c6] = f.calls;
    [j1, j2] = f.jobs;
  });

  it("keeps one call per request, in request order, with its number, tool, arguments and time", () => {
    expect(f.calls.map((c) => [c.index, c.call, c.tool, c.request])).toEqual([
      [0, 1, "fetch", 1],
      [1, 2, "quick", 2],
      [2, 3, "check_job", 3],
      [3, 4, "wait_for_jobs", 4],
      [4, 5, "check_job", 5],
      [5, 6, "submit_answer", 6],
    ]);
    expect(c1?.args).toEqual({ key: "a" });
    expect(c6?.args).toEqual({ task_id: "solo", answer: "v-c" });
  });

  it("leaves each call's kind unknown: only the scenario tells a scenario tool from another name", () => {
    expect(f.calls.every((c) => c.kind === "unknown")).toBe(true);
  });

  it("pairs each call with its response event (null when the log ends first)", () => {
    expect(c1?.response).toBe(session[2]);
    expect(c4?.response?.t).toBe(4);
    expect(c6?.response).toBeNull();
  });

  it("a non-lean fold keeps what the agent received", () => {
    expect(c1?.response?.result).toEqual({ job_id: "j1", status: "working" });
  });

  it("numbers the jobs 1, 2… in start order and links each to the call that started it, both ways", () => {
    expect(f.jobs.map((j) => [j.n, j.id, j.tool, j.start])).toEqual([
      [1, "j1", "fetch", 1],
      [2, "j2", "quick", 2],
    ]);
    expect(j1?.call).toBe(c1);
    expect(c1?.job).toBe(j1);
    expect(c2?.job).toBe(j2);
    expect(c3?.job).toBeNull();
    expect(j1?.args).toEqual({ key: "a" });
  });

  it("gives each job its final status, time, result or error code", () => {
    expect(j1).toMatchObject({
      status: "completed",
      finish: 4,
      result: { value: "v-a" },
      errorCode: undefined,
    });
    expect(j2).toMatchObject({
      status: "failed",
      finish: 3,
      errorCode: "TOOL_ERROR",
      cancelledBy: undefined,
    });
    // A failed job has no result: it is not `null` (a completed job without one), it is absent.
    expect(j2?.result).toBeUndefined();
  });

  it("orders final events as they took effect: j2 failed (at 3) before j1 completed (at 4)", () => {
    expect(j2?.finalOrder).toBe(0);
    expect(j1?.finalOrder).toBe(1);
  });

  it("a job is seen at the first response that delivered it: the wait at 4, not the later check", () => {
    // The check at 3 delivered nothing (j1 was working); the wait delivered both at 4; the check
    // at 5 delivered j1 again, which changes nothing.
    expect(j1).toMatchObject({ seen: 4 });
    expect(j1?.seenBy).toBe(c4);
    expect(j2).toMatchObject({ seen: 4 });
    expect(j2?.seenBy).toBe(c4);
    expect(c5?.response?.delivered).toEqual(["j1"]);
  });

  it("ends at the latest stamp, with no event of the session cut to the caps", () => {
    expect(f.latest).toBe(6);
    expect(f.cut).toEqual([]);
  });
});

describe("a lean fold", () => {
  it("drops each response's result as it arrives, and keeps the rest of the response", () => {
    const f = fold(session, true);
    expect(f.calls.every((c) => c.response === null || c.response.result === undefined)).toBe(true);
    expect(f.calls[3]?.response).toMatchObject({ t: 4, delivered: ["j1", "j2"] });
    // Jobs keep their results: the final-state replay reads them.
    expect(f.jobs[0]?.result).toEqual({ value: "v-a" });
  });

  it("keeps of a response only what the metrics read, on the call itself: one object per call", () => {
    const refused = events(
      request(7, 7, "fetch", { key: 1 }),
      response(7, 7, { isError: true, code: "BAD_ARGS" }),
    );
    const f = fold([...session, ...refused.map((e, i) => ({ ...e, seq: session.length + i }))], true);
    const pick = (r: FoldedCall["response"]) =>
      r && { t: r.t, isError: r.isError, code: r.code, delivered: r.delivered, result: r.result };
    expect(pick(f.calls[3]?.response ?? null)).toEqual({ t: 4, isError: false, delivered: ["j1", "j2"] });
    expect(pick(f.calls[6]?.response ?? null)).toEqual({ t: 7, isError: true, code: "BAD_ARGS" });
    expect(f.calls[3]?.response).toBe(f.calls[3]);
    // Unanswered: no response, as in a whole fold.
    expect(f.calls[5]?.response).toBeNull();
    // The call's own fields are the request's, whatever its response says.
    expect(f.calls[6]).toMatchObject({ index: 6, call: 7, tool: "fetch", args: { key: 1 }, request: 7 });
  });

  it("keeps one object for a call's arguments and its job's when the job ran them as sent", () => {
    const f = fold(session, true);
    expect(f.jobs[0]?.args).toBe(f.calls[0]?.args);
    expect(f.jobs[1]?.args).toBe(f.calls[1]?.args);
    // The job ran other arguments, the same keys in another order, or nested ones: its own.
    const apart = fold(
      events(
        request(1, 1, "fetch", { key: "a" }),
        working(1, "j1", "fetch", 1, { key: "b" }),
        request(2, 2, "combine", { left: "x", right: "y" }),
        working(2, "j2", "combine", 2, { right: "y", left: "x" }),
        request(3, 3, "fetch", { key: { deep: 1 } }),
        working(3, "j3", "fetch", 3, { key: { deep: 1 } }),
        request(4, 4, "fetch", { key: "a", more: 1 }),
        working(4, "j4", "fetch", 4, { key: "a" }),
      ),
      true,
    );
    expect(apart.jobs.map((j) => j.args)).toEqual([
      { key: "b" },
      { right: "y", left: "x" },
      { key: { deep: 1 } },
      { key: "a" },
    ]);
    expect(Object.keys(apart.jobs[1]?.args ?? {})).toEqual(["right", "left"]);
    for (let i = 0; i < 4; i++) expect(apart.jobs[i]?.args).not.toBe(apart.calls[i]?.args);
  });

  it("keeps one object for a call's arguments and the same tool's previous call's when they are the same", () => {
    const f = fold(session, true);
    // check_job j1 at 3, and again at 5 after a wait_for_jobs in between.
    expect(f.calls[4]?.args).toBe(f.calls[2]?.args);
    const polls = fold(
      events(
        request(1, 1, "check_job", { job_id: "j1" }),
        request(2, 2, "check_job", { job_id: "j2" }),
        request(3, 3, "check_job", { job_id: "j2" }),
        request(4, 4, "wait_for_jobs", { job_ids: ["j2"] }),
        request(5, 5, "wait_for_jobs", { job_ids: ["j2"] }),
      ),
      true,
    );
    const [a, b, c, d, e] = polls.calls.map((call) => call.args);
    expect([a, b, c, d, e]).toEqual([
      { job_id: "j1" },
      { job_id: "j2" },
      { job_id: "j2" },
      { job_ids: ["j2"] },
      { job_ids: ["j2"] },
    ]);
    expect(b).not.toBe(a);
    expect(c).toBe(b);
    // Nested values are not compared: each call keeps its own.
    expect(e).not.toBe(d);
    // A whole fold keeps every event's own arguments.
    const whole = fold(session);
    expect(whole.calls[4]?.args).not.toBe(whole.calls[2]?.args);
  });

  it("names jobs in arguments and deliveries as before (the ids only shared, not changed)", () => {
    const lean = fold(session, true);
    const whole = fold(session);
    expect(lean.calls.map((c) => c.args)).toEqual(whole.calls.map((c) => c.args));
    expect(lean.calls.map((c) => c.response?.delivered)).toEqual(
      whole.calls.map((c) => c.response?.delivered),
    );
  });

  it("is off unless asked for: no options, or lean: false, keep the results", () => {
    for (const f of [new EventFold(), new EventFold({ lean: false })]) {
      for (const event of events(request(1, 1, "list_jobs"), response(1, 1, { result: { jobs: [] } })))
        f.add(event);
      expect(f.calls[0]?.response?.result).toEqual({ jobs: [] });
    }
  });
});

describe("what the fold keeps besides calls and jobs", () => {
  it("the latest stamp is the largest seen, not the last one", () => {
    // A blocking call's response is stamped when it unblocks: a log may go back in time after it.
    const f = fold(events(request(1, 1, "wait_for_jobs"), response(7, 1), request(2, 2, "list_jobs")));
    expect(f.latest).toBe(7);
    expect(new EventFold().latest).toBe(0);
  });

  it("collects the events that carry a `truncated` field, in order, of every type", () => {
    const cutRequest = { ...request(1, 1, "fetch", { key: "x" }), truncated: { args: 9000 } };
    const note = {
      type: "note",
      t: 2,
      level: "info",
      message: "m",
      truncated: { data: 20000 },
    } as EventInput & { t: number };
    const list = events(cutRequest, response(1, 1), note, request(3, 2, "list_jobs"));
    const f = fold(list);
    expect(f.cut).toEqual([list[0], list[2]]);
  });
});

describe("responses that pair with no call", () => {
  it("a response to a call number no request had is ignored (call numbers start at 1)", () => {
    const f = fold(events(response(1, 0, { delivered: [] }), response(1, 9), request(2, 1, "list_jobs")));
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]?.response).toBeNull();
  });

  it("a second response to the same call changes nothing: the first is the answer", () => {
    const list = events(
      request(1, 1, "fetch", { key: "a" }),
      working(1, "j1", "fetch", 1),
      response(1, 1, { job: "j1" }),
      { type: "job", t: 4, job: "j1", tool: "fetch", status: "completed", result: 1 },
      response(5, 1, { delivered: ["j1"] }),
    );
    const f = fold(list);
    expect(f.calls[0]?.response).toBe(list[2]);
    expect(f.jobs[0]?.seen).toBeNull();
  });

  it("a delivered id that names no job is skipped; the jobs it does name are seen", () => {
    const f = fold(
      events(
        request(1, 1, "fetch"),
        working(1, "j1", "fetch", 1),
        { type: "job", t: 1, job: "j1", tool: "fetch", status: "completed", result: 1 },
        response(1, 1, { job: "j1", delivered: ["nope", "j1"] }),
      ),
    );
    expect(f.jobs[0]).toMatchObject({ seen: 1 });
    expect(f.jobs[0]?.seenBy).toBe(f.calls[0]);
  });
});

describe("linking jobs and calls", () => {
  it("a working event that names no call is linked by the response that names the job", () => {
    const f = fold(events(request(1, 1, "fetch"), working(1, "j1", "fetch"), response(1, 1, { job: "j1" })));
    expect(f.jobs[0]?.call).toBe(f.calls[0]);
    expect(f.calls[0]?.job).toBe(f.jobs[0]);
  });

  it("a response naming a job that no working event started links nothing", () => {
    const f = fold(events(request(1, 1, "fetch"), response(1, 1, { job: "j9" })));
    expect(f.calls[0]?.job).toBeNull();
    expect(f.jobs).toEqual([]);
  });

  it("a call keeps the first job it started, and a job the first call that started it", () => {
    // j1 is call 1's; call 2's response names j1 as well (a task-augmented call answered with a
    // job it did not start), and a second working event names call 1 again.
    const f = fold(
      events(
        request(1, 1, "fetch"),
        working(1, "j1", "fetch", 1),
        response(1, 1, { job: "j1" }),
        request(2, 2, "fetch"),
        response(2, 2, { job: "j1" }),
        working(3, "j2", "fetch", 1),
        request(3, 3, "fetch"),
        working(3, "j3", "fetch", 3),
        response(3, 3, { job: "j2" }),
      ),
    );
    const [c1, c2, c3] = f.calls;
    const [j1, j2, j3] = f.jobs;
    expect(c1?.job).toBe(j1);
    expect(j1?.call).toBe(c1);
    // Call 2 started no job of its own: it is linked to the one its response named.
    expect(c2?.job).toBe(j1);
    // j2 names call 1, which already had j1.
    expect(j2?.call).toBe(c1);
    // Call 3 started j3; its response naming j2 changes neither link.
    expect(c3?.job).toBe(j3);
    expect(j3?.call).toBe(c3);
  });

  it("a working event naming a call no request had, or none, starts a job of no call", () => {
    const f = fold(
      events(working(1, "j1", "fetch", 0), working(1, "j2", "fetch", 7), working(1, "j3", "fetch")),
    );
    expect(f.jobs.map((j) => j.call)).toEqual([null, null, null]);
  });

  it("a job's arguments are its working event's, `{}` when it has none", () => {
    const f = fold(events(working(1, "j1", "fetch", undefined, { key: "z" }), working(1, "j2", "fetch")));
    expect(f.jobs.map((j) => j.args)).toEqual([{ key: "z" }, {}]);
  });
});

describe("job transitions", () => {
  const final = (t: number, job: string, status: string, fields: object = {}) =>
    ({ type: "job", t, job, tool: "fetch", status, ...fields }) as EventInput & { t: number };

  it("a second working event for the same job is ignored: one job, started at the first", () => {
    const f = fold(events(working(1, "j1", "fetch"), working(2, "j1", "fetch", undefined, { key: "b" })));
    expect(f.jobs).toHaveLength(1);
    expect(f.jobs[0]).toMatchObject({ n: 1, start: 1, args: {}, status: "working", finish: null });
  });

  it("a final event of a job never started is ignored", () => {
    const f = fold(events(final(2, "j9", "completed", { result: 1 })));
    expect(f.jobs).toEqual([]);
  });

  it("only the first final event counts: a job ends once", () => {
    const f = fold(
      events(
        working(1, "j1", "fetch"),
        final(2, "j1", "cancelled", { by: "client" }),
        final(3, "j1", "completed", { result: 5 }),
        working(3, "j2", "fetch"),
        final(4, "j2", "completed", { result: 6 }),
      ),
    );
    expect(f.jobs[0]).toMatchObject({ status: "cancelled", finish: 2, cancelledBy: "client", finalOrder: 0 });
    expect(f.jobs[0]?.result).toBeUndefined();
    // The ignored event took no place in the order of final events.
    expect(f.jobs[1]?.finalOrder).toBe(1);
  });

  it("a cancellation without `by` was the agent's (recordings before the field)", () => {
    const f = fold(events(working(1, "j1", "fetch"), final(2, "j1", "cancelled")));
    expect(f.jobs[0]).toMatchObject({ status: "cancelled", cancelledBy: "agent", errorCode: undefined });
  });

  it("a completed job without a result has `null`; failed and expired ones none, with their code", () => {
    const f = fold(
      events(
        working(1, "j1", "fetch"),
        working(1, "j2", "fetch"),
        working(1, "j3", "fetch"),
        final(2, "j1", "completed"),
        final(3, "j2", "expired", { error: { code: "JOB_EXPIRED", message: "late", retryable: true } }),
        final(4, "j3", "failed", { error: { code: "X", message: "x", retryable: false }, result: 1 }),
      ),
    );
    const [j1, j2, j3] = f.jobs;
    expect(j1?.result).toBeNull();
    expect(j2).toMatchObject({
      status: "expired",
      finish: 3,
      errorCode: "JOB_EXPIRED",
      cancelledBy: undefined,
    });
    expect(j2?.result).toBeUndefined();
    // Only a completed job has a result, whatever else a failed event carries.
    expect(j3).toMatchObject({ status: "failed", errorCode: "X" });
    expect(j3?.result).toBeUndefined();
  });

  it("events of other types change no call and no job", () => {
    const f = fold(
      events(
        request(1, 1, "wait_for_jobs"),
        working(1, "j1", "fetch", 1),
        { type: "client_cancel", t: 2, call: 1 },
        { type: "notice", t: 2, kind: "jobs_finished", jobs: ["j1"] },
        { type: "end", t: 3, status: "finished" },
      ),
    );
    expect(f.calls[0]?.response).toBeNull();
    expect(f.jobs[0]).toMatchObject({ status: "working", seen: null });
    expect(f.latest).toBe(3);
  });
});

describe("a Tasks notification on a listen stream (a `tasks` notice)", () => {
  const ended = (t: number, job: string, value: number) =>
    ({ type: "job", t, job, tool: "fetch", status: "completed", result: { value } }) as EventInput & {
      t: number;
    };
  const tasksNotice = (t: number, jobs: string[], call?: number) =>
    ({ type: "notice", t, kind: "tasks", jobs, ...(call !== undefined ? { call } : {}) }) as EventInput & {
      t: number;
    };

  /**
   *   t1–t3 calls 1–3 start j1, j2, j3
   *   t4    j1 ends; call 4 check_job j1 delivers it (seen at 4)
   *   t5    j2 ends
   *   t6    call 5, the listen on j1, j2, j3; a notice at 6 names them and an id never issued
   *   t7    j3 ends; a notice without its listen's call number names it
   */
  const listened = () =>
    events(
      request(1, 1, "fetch", { key: "a" }),
      working(1, "j1", "fetch", 1),
      response(1, 1, { job: "j1" }),
      request(2, 2, "fetch", { key: "b" }),
      working(2, "j2", "fetch", 2),
      response(2, 2, { job: "j2" }),
      request(3, 3, "fetch", { key: "c" }),
      working(3, "j3", "fetch", 3),
      response(3, 3, { job: "j3" }),
      ended(4, "j1", 1),
      request(4, 4, "check_job", { job_id: "j1" }),
      response(4, 4, { delivered: ["j1"] }),
      ended(5, "j2", 2),
      request(6, 5, "wait_for_jobs", { job_ids: ["j1", "j2", "j3"], mode: "all" }),
      tasksNotice(6, ["j1", "j2", "j3", "j9"], 5),
      ended(7, "j3", 3),
      tasksNotice(7, ["j3"]),
    );

  it("sees an ended job at the notice, by the listen; not one still working, not one seen before, not an unknown id", () => {
    const f = fold(listened());
    const [j1, j2, j3] = f.jobs;
    // Seen by the check_job at 4 already: a later notice changes nothing.
    expect([j1?.seen, j1?.seenBy]).toEqual([4, f.calls[3]]);
    // Ended at 5, carried by the notice of call 5's listen at 6.
    expect(j2?.seen).toBe(6);
    expect(j2?.seenBy).toBe(f.calls[4]);
    // Working at 6: the notice at 6 is no sighting; the one at 7, after its end, is (no call named).
    expect([j3?.seen, j3?.seenBy]).toEqual([7, null]);
    // The id no job has is passed over.
    expect(f.jobs).toHaveLength(3);
  });
});
