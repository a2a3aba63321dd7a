import { describe, expect, it } from "vitest";
import { EventFold } from "../../src/metrics/event-fold.js";
import {
  callKind,
  eventsWithCutFields,
  extractInputs,
  type FoldedRecording,
  isFolded,
  targetedJobIds,
} from "../../src/metrics/inputs.js";
import type {
  EndEvent,
  EventInput,
  Recording,
  RecordingEvent,
  RecordingHeader,
} from "../../src/recorder/format.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * What the metrics read of a recording beyond the fold (metrics.md, "Inputs taken from the
 * recording"): each call's kind, the accepted answers, the end, the id rule, and which jobs a job
 * tool's arguments name; on recordings built by hand, whole and folded.
 */

const scenario = declaredScenario();

function header(options?: RecordingHeader["options"], clock: "step" | "wall" = "step"): RecordingHeader {
  return {
    type: "header",
    format: "asynctool-recording",
    version: 1,
    server: { name: "asynctool-mcp", version: "test" },
    session: "s",
    startedAt: "2026-12-06T00:00:00.000Z",
    scenario: { id: scenario.id, title: scenario.title, hash: scenario.hash },
    seed: 7,
    mode: "async",
    clock,
    timeScale: 1,
    unitMs: scenario.unitMs,
    client: null,
    schedule: {},
    ...(options ? { options } : {}),
  };
}

type Input = EventInput & { t: number };

/** A recording as the reader returns it: complete when `end` is given, else cut short. */
function recording(
  inputs: readonly Input[],
  end?: { t: number; status: EndEvent["status"] },
  h = header(),
): Recording {
  const events = inputs.map((input, seq) => ({ ...input, seq, wall: seq }) as RecordingEvent);
  const endEvent = end
    ? ({ type: "end", ...end, seq: events.length, wall: events.length } as EndEvent)
    : null;
  return {
    header: h,
    events: endEvent ? [...events, endEvent] : events,
    end: endEvent,
    truncated: endEvent === null,
  };
}

/** The same recording folded as `report` reads it (cli/read-folded.ts), for `of`. */
function folded(whole: Recording, of: Scenario = scenario): FoldedRecording {
  const fold = new EventFold({ lean: true });
  for (const event of whole.events) fold.add(structuredClone(event));
  return { header: whole.header, end: whole.end, truncated: whole.truncated, scenario: of, fold };
}

let callNumber = 0;
/** A request and its response at t (`isError` when a code is given); no response when `answered` is false. */
function call(
  t: number,
  tool: string,
  args: unknown,
  reply: { code?: string; answered?: boolean } = {},
): Input[] {
  const n = ++callNumber;
  const out: Input[] = [{ type: "request", t, call: n, tool, args } as Input];
  if (reply.answered !== false)
    out.push({
      type: "response",
      t,
      call: n,
      isError: reply.code !== undefined,
      ...(reply.code ? { code: reply.code } : {}),
    } as Input);
  return out;
}

describe("callKind", () => {
  it("a tool of the scenario, one of the server's job tools, or a name the episode does not have", () => {
    expect(callKind(scenario, "fetch")).toBe("scenario");
    for (const tool of [
      "check_job",
      "wait_for_jobs",
      "cancel_job",
      "list_jobs",
      "list_tasks",
      "submit_answer",
      "finish",
    ])
      expect(callKind(scenario, tool)).toBe("job-tool");
    expect(callKind(scenario, "fetch_all")).toBe("unknown");
  });

  it("is what extractInputs gives each call", () => {
    const inputs = extractInputs(
      scenario,
      recording([...call(1, "fetch", { key: "a" }), ...call(2, "list_jobs", {}), ...call(3, "teleport", {})]),
    );
    expect(inputs.calls.map((c) => c.kind)).toEqual(["scenario", "job-tool", "unknown"]);
  });
});

describe("accepted answers", () => {
  it("are the submit_answer calls answered without an error, with task, text, request time and call", () => {
    const whole = recording(
      [
        ...call(1, "submit_answer", { task_id: "solo", answer: "v-c" }),
        // Refused: not an answer.
        ...call(2, "submit_answer", { task_id: "chain", answer: "x" }, { code: "UNKNOWN_TASK" }),
        // Never answered (the log ends before its response): not accepted either.
        ...call(3, "submit_answer", { task_id: "chain", answer: "y" }, { answered: false }),
      ],
      undefined,
    );
    const inputs = extractInputs(scenario, whole);
    expect(inputs.answers.map(({ task, answer, t }) => ({ task, answer, t }))).toEqual([
      { task: "solo", answer: "v-c", t: 1 },
    ]);
    expect(inputs.answers[0]?.call).toBe(inputs.calls[0]);
  });

  it("are taken from submit_answer alone: another tool's task_id and answer are no answer", () => {
    const inputs = extractInputs(
      scenario,
      recording(
        [...call(1, "list_tasks", { task_id: "solo", answer: "v-c" }), ...call(2, "fetch", { key: "c" })],
        {
          t: 3,
          status: "finished",
        },
      ),
    );
    expect(inputs.answers).toEqual([]);
  });

  it("keep every accepted answer in order, a later one for a task after the earlier (it replaces it)", () => {
    const inputs = extractInputs(
      scenario,
      recording([
        ...call(1, "submit_answer", { task_id: "solo", answer: "first" }),
        ...call(2, "submit_answer", { task_id: "solo", answer: "second" }),
      ]),
    );
    expect(inputs.answers.map((a) => [a.task, a.answer, a.t])).toEqual([
      ["solo", "first", 1],
      ["solo", "second", 2],
    ]);
  });

  it("need arguments that are an object with a string task_id", () => {
    const inputs = extractInputs(
      scenario,
      recording([
        ...call(1, "submit_answer", null),
        ...call(2, "submit_answer", ["solo", "v-c"]),
        ...call(3, "submit_answer", "solo"),
        ...call(4, "submit_answer", { task_id: 2, answer: "v-c" }),
        ...call(5, "submit_answer", { answer: "v-c" }),
      ]),
    );
    expect(inputs.answers).toEqual([]);
  });

  it("an answer that is not a string is read as its JSON text; a missing one as null", () => {
    const inputs = extractInputs(
      scenario,
      recording([
        ...call(1, "submit_answer", { task_id: "solo", answer: 42 }),
        ...call(2, "submit_answer", { task_id: "solo", answer: { value: "v-c" } }),
        ...call(3, "submit_answer", { task_id: "solo" }),
        ...call(4, "submit_answer", { task_id: "solo", answer: "" }),
      ]),
    );
    expect(inputs.answers.map((a) => a.answer)).toEqual(["42", '{"value":"v-c"}', "null", ""]);
  });
});

describe("the end of the episode", () => {
  const events = [...call(1, "fetch", { key: "a" }), ...call(5, "list_jobs", {})];

  it("a complete recording ends at its end line, with its status", () => {
    const inputs = extractInputs(scenario, recording(events, { t: 9, status: "timeout" }));
    expect(inputs).toMatchObject({ end: 9, endStatus: "timeout", truncated: false, clock: "step" });
  });

  it("a recording cut short ends at its latest stamp, with no status, and says it was cut", () => {
    const inputs = extractInputs(scenario, recording(events, undefined, header(undefined, "wall")));
    expect(inputs).toMatchObject({ end: 5, endStatus: null, truncated: true, clock: "wall" });
  });

  it("ids are replayed by the rule the header names: seeded, or the counter rule of older recordings", () => {
    expect(extractInputs(scenario, recording(events, undefined, header({ ids: "seeded" }))).ids.rule).toBe(
      "seeded",
    );
    expect(extractInputs(scenario, recording(events, undefined, header())).ids.rule).toBe("counter");
  });
});

describe("extractInputs, once per recording and scenario", () => {
  it("gives the same inputs again for the same pair, and its own for another scenario", () => {
    const whole = recording(call(1, "fetch", { key: "a" }));
    const first = extractInputs(scenario, whole);
    expect(extractInputs(scenario, whole)).toBe(first);
    const other = declaredScenario({ id: "other" });
    const second = extractInputs(other, whole);
    expect(second).not.toBe(first);
    expect(extractInputs(other, whole)).toBe(second);
    // And the first pair is still cached after the second was added.
    expect(extractInputs(scenario, whole)).toBe(first);
  });

  it("another recording of the same scenario has its own inputs", () => {
    const a = recording(call(1, "fetch", { key: "a" }));
    const b = recording(call(1, "fetch", { key: "a" }));
    expect(extractInputs(scenario, a)).not.toBe(extractInputs(scenario, b));
  });
});

describe("a folded recording", () => {
  const whole = recording(
    [
      ...call(1, "fetch", { key: "a" }),
      { type: "note", t: 2, level: "info", message: "m", truncated: { message: 99999 } } as Input,
      ...call(3, "submit_answer", { task_id: "solo", answer: "v-c" }),
    ],
    { t: 4, status: "completed" },
  );

  it("is told from a whole one", () => {
    expect(isFolded(folded(whole))).toBe(true);
    expect(isFolded(whole)).toBe(false);
  });

  it("gives the inputs the whole recording gives, with the fold's own calls", () => {
    const f = folded(whole);
    const inputs = extractInputs(scenario, f);
    expect(inputs.calls).toBe(f.fold.calls);
    expect(inputs.jobs).toBe(f.fold.jobs);
    const fromWhole = extractInputs(scenario, whole);
    expect(inputs.calls.map((c) => [c.tool, c.kind, c.request])).toEqual(
      fromWhole.calls.map((c) => [c.tool, c.kind, c.request]),
    );
    expect(inputs.answers.map((a) => [a.task, a.answer, a.t])).toEqual([["solo", "v-c", 3]]);
    expect(inputs).toMatchObject({ end: 4, endStatus: "completed", truncated: false });
  });

  it("is scored against the scenario it was folded for, and no other", () => {
    expect(() => extractInputs(declaredScenario({ id: "other" }), folded(whole))).toThrow(
      "A folded recording is scored against the scenario it was folded for.",
    );
  });

  it("names its cut events from the fold; a whole recording gives all its events to look through", () => {
    const f = folded(whole);
    expect(eventsWithCutFields(f)).toEqual([whole.events[2]]);
    expect(eventsWithCutFields(whole)).toBe(whole.events);
  });
});

describe("targetedJobIds", () => {
  it("names `job_id`, then each string of `job_ids`", () => {
    expect(targetedJobIds({ job_id: "j1" })).toEqual(["j1"]);
    expect(targetedJobIds({ job_ids: ["j2", "j3"] })).toEqual(["j2", "j3"]);
    expect(targetedJobIds({ job_id: "j1", job_ids: ["j2"] })).toEqual(["j1", "j2"]);
  });

  it("skips what is not a job id: other types, a `job_ids` that is not a list, other fields", () => {
    expect(targetedJobIds({ job_id: 1, job_ids: ["j2", 3, null, "j4"] })).toEqual(["j2", "j4"]);
    expect(targetedJobIds({ job_ids: "j1" })).toEqual([]);
    expect(targetedJobIds({ key: "j1" })).toEqual([]);
    expect(targetedJobIds({})).toEqual([]);
  });

  it("names nothing for arguments that are not an object", () => {
    for (const args of [null, "j1", 3, ["j1"]]) expect(targetedJobIds(args)).toEqual([]);
  });
});
