import { recordedIds } from "../engine/ids.js";
import type { ClockKind, EndStatus } from "../engine/types.js";
import type { JsonValue } from "../json.js";
import type { Recording, RecordingFrame } from "../recorder/format.js";
import { RESERVED_TOOL_NAMES } from "../scenarios/reserved-names.js";
import type { EpisodeIds, Scenario } from "../scenarios/scenario.js";
import { type Call, type CallKind, EventFold, type Job } from "./event-fold.js";

export type { Call, CallKind, CallResponse, Job } from "./event-fold.js";

/**
 * What the metrics read from a recording (metrics.md, "Inputs taken from the recording"),
 * extracted in one pass over the events (event-fold.ts).
 */

export interface AnswerRecord {
  readonly task: string;
  readonly answer: string;
  /** The request's time. */
  readonly t: number;
  readonly call: Call;
}

export interface Inputs {
  readonly clock: ClockKind;
  readonly calls: readonly Call[];
  readonly jobs: readonly Job[];
  /** Accepted answers, in order: a later one for a task replaces an earlier one. */
  readonly answers: readonly AnswerRecord[];
  /** The end event's time, or the latest stamp when the log was cut short. */
  readonly end: number;
  readonly endStatus: EndStatus | null;
  readonly truncated: boolean;
  /** How the episode's tools minted ids (the header's seed and rule), for the final-state replay. */
  readonly ids: EpisodeIds;
}

const JOB_TOOLS = new Set(RESERVED_TOOL_NAMES);

export function callKind(scenario: Scenario, tool: string): CallKind {
  if (scenario.tools.has(tool)) return "scenario";
  return JOB_TOOLS.has(tool) ? "job-tool" : "unknown";
}

/**
 * A recording folded as it was read (a stream, no event list kept), for the scenario it was
 * scored against: what `report` reads a large recording into. Its responses may have lost their
 * `result` (a lean fold): the metrics and the report never read it, the exports do and read the
 * whole recording.
 */
export interface FoldedRecording extends RecordingFrame {
  readonly scenario: Scenario;
  readonly fold: EventFold;
}

/** What the metrics and the report score: a recording with its events, or one folded as it streamed. */
export type ScoredRecording = Recording | FoldedRecording;

export function isFolded(recording: ScoredRecording): recording is FoldedRecording {
  return !("events" in recording);
}

/** The recording's events whose fields were cut to the recording's caps (for the notes). */
export function eventsWithCutFields(recording: ScoredRecording): readonly object[] {
  return isFolded(recording) ? recording.fold.cut : recording.events;
}

// Extraction is the one pass over every event; the metrics and the report's timeline share it.
const extracted = new WeakMap<ScoredRecording, WeakMap<Scenario, Inputs>>();

/** The inputs of a recording; computed once per (recording, scenario) pair, which are immutable. */
export function extractInputs(scenario: Scenario, recording: ScoredRecording): Inputs {
  let byScenario = extracted.get(recording);
  if (!byScenario) {
    byScenario = new WeakMap();
    extracted.set(recording, byScenario);
  }
  let inputs = byScenario.get(scenario);
  if (!inputs) {
    inputs = extract(scenario, recording);
    byScenario.set(scenario, inputs);
  }
  return inputs;
}

function extract(scenario: Scenario, recording: ScoredRecording): Inputs {
  let fold: EventFold;
  if (isFolded(recording)) {
    // Its calls are the fold's own, given their kinds below: one scenario only.
    if (recording.scenario !== scenario)
      throw new Error("A folded recording is scored against the scenario it was folded for.");
    fold = recording.fold;
  } else {
    fold = new EventFold();
    for (const event of recording.events) fold.add(event);
  }
  const calls = fold.calls;
  // Indexed loops: a for-of run once over hundreds of thousands of calls makes an iterator result
  // per call before it is optimised, which the collector then sweeps up.
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i] as (typeof calls)[number];
    call.kind = callKind(scenario, call.tool);
  }

  const answers: AnswerRecord[] = [];
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i] as Call;
    if (call.tool !== "submit_answer" || !call.response || call.response.isError) continue;
    const args = call.args;
    if (typeof args !== "object" || args === null || Array.isArray(args)) continue;
    const task = args.task_id;
    if (typeof task !== "string") continue;
    const answer = args.answer;
    answers.push({
      task,
      answer: typeof answer === "string" ? answer : JSON.stringify(answer ?? null),
      t: call.request,
      call,
    });
  }

  return {
    clock: recording.header.clock,
    calls,
    jobs: fold.jobs,
    answers,
    end: recording.end ? recording.end.t : fold.latest,
    endStatus: recording.end ? recording.end.status : null,
    truncated: recording.truncated,
    ids: recordedIds(recording.header.seed, recording.header.options),
  };
}

/** Ids of the jobs a job tool's arguments name (`job_id`, or `job_ids`). */
export function targetedJobIds(args: JsonValue): string[] {
  if (typeof args !== "object" || args === null || Array.isArray(args)) return [];
  const out: string[] = [];
  if (typeof args.job_id === "string") out.push(args.job_id);
  if (Array.isArray(args.job_ids)) for (const id of args.job_ids) if (typeof id === "string") out.push(id);
  return out;
}
