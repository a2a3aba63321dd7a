import { recordedIds } from "../engine/ids.js";
import type { Canceller, ClockKind, EndStatus, JobStatus } from "../engine/types.js";
import type { JsonValue } from "../json.js";
import type { Recording, ResponseEvent } from "../recorder/format.js";
import { RESERVED_TOOL_NAMES } from "../scenarios/reserved-names.js";
import type { EpisodeIds, Scenario } from "../scenarios/scenario.js";

/**
 * What the metrics read from a recording (metrics.md, "Inputs taken from the recording"),
 * extracted in one pass over the events.
 */

/** A scenario tool, one of the server's own job tools, or a name the episode does not have. */
export type CallKind = "scenario" | "job-tool" | "unknown";

/** The response event itself: `delivered` lists the jobs whose final output it carried (absent: none). */
export type CallResponse = ResponseEvent;

export interface Call {
  /** 0-based position in request order. */
  readonly index: number;
  /** The session's call number (shared by the request and its response). */
  readonly call: number;
  readonly tool: string;
  readonly kind: CallKind;
  readonly args: JsonValue;
  /** Request time. */
  readonly request: number;
  /** null when the log ends before the response. */
  readonly response: CallResponse | null;
  /** The job this call started, if any. */
  readonly job: Job | null;
}

export interface Job {
  /** 1-based start order: stable across runs, unlike the id. */
  readonly n: number;
  readonly id: string;
  readonly tool: string;
  readonly call: Call | null;
  /** The arguments as the job ran them (its `working` event). */
  readonly args: JsonValue;
  readonly start: number;
  /** Final status, or `working` when the log ends first. */
  readonly status: JobStatus;
  /** Time of the final transition; null while working. */
  readonly finish: number | null;
  readonly result: JsonValue | undefined;
  readonly cancelledBy: Canceller | undefined;
  readonly errorCode: string | undefined;
  /** Response time of the first answer that carried the job's output; null if never seen. */
  readonly seen: number | null;
  /** The call whose response first carried it. */
  readonly seenBy: Call | null;
  /** Position of the final event among all final events: the order in which jobs took effect. */
  readonly finalOrder: number | null;
}

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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const JOB_TOOLS = new Set(RESERVED_TOOL_NAMES);

export function callKind(scenario: Scenario, tool: string): CallKind {
  if (scenario.tools.has(tool)) return "scenario";
  return JOB_TOOLS.has(tool) ? "job-tool" : "unknown";
}

// Extraction is the one pass over every event; the metrics and the report's timeline share it.
const extracted = new WeakMap<Recording, WeakMap<Scenario, Inputs>>();

/** The inputs of a recording; computed once per (recording, scenario) pair, which are immutable. */
export function extractInputs(scenario: Scenario, recording: Recording): Inputs {
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

function extract(scenario: Scenario, recording: Recording): Inputs {
  const calls: Mutable<Call>[] = [];
  // Call numbers count up from 1: an array indexed by number is cheaper than a Map on large logs.
  const callsByNumber: (Mutable<Call> | undefined)[] = [];
  const jobs: Mutable<Job>[] = [];
  const jobsById = new Map<string, Mutable<Job>>();
  let finals = 0;
  let latest = 0;

  for (const event of recording.events) {
    if (event.t > latest) latest = event.t;
    switch (event.type) {
      case "request": {
        const call: Mutable<Call> = {
          index: calls.length,
          call: event.call,
          tool: event.tool,
          kind: callKind(scenario, event.tool),
          args: event.args as JsonValue,
          request: event.t,
          response: null,
          job: null,
        };
        calls.push(call);
        callsByNumber[event.call] = call;
        break;
      }
      case "response": {
        const call = callsByNumber[event.call];
        if (!call || call.response) break;
        // The event itself, not a copy: a large log has hundreds of thousands of responses.
        call.response = event;
        if (event.job !== undefined && !call.job) {
          const job = jobsById.get(event.job);
          if (job) {
            call.job = job;
            job.call ??= call;
          }
        }
        // A response the client gave up on never reached the agent: what it carried is unseen
        // (the server no longer lists it; older recordings may).
        if (event.clientCancelled) break;
        for (const id of event.delivered ?? []) {
          const job = jobsById.get(id);
          if (job && job.seen === null) {
            job.seen = event.t;
            job.seenBy = call;
          }
        }
        break;
      }
      case "job": {
        if (event.status === "working") {
          if (jobsById.has(event.job)) break;
          const call = event.call !== undefined ? (callsByNumber[event.call] ?? null) : null;
          const job: Mutable<Job> = {
            n: jobs.length + 1,
            id: event.job,
            tool: event.tool,
            call,
            args: (event.args ?? {}) as JsonValue,
            start: event.t,
            status: "working",
            finish: null,
            result: undefined,
            cancelledBy: undefined,
            errorCode: undefined,
            seen: null,
            seenBy: null,
            finalOrder: null,
          };
          if (call && !call.job) call.job = job;
          jobs.push(job);
          jobsById.set(job.id, job);
          break;
        }
        const job = jobsById.get(event.job);
        if (job?.status !== "working") break;
        job.status = event.status;
        job.finish = event.t;
        job.finalOrder = finals++;
        if (event.status === "completed") job.result = (event.result ?? null) as JsonValue;
        if (event.status === "cancelled") job.cancelledBy = event.by ?? "agent";
        job.errorCode = event.error?.code;
        break;
      }
      default:
        break;
    }
  }

  const answers: AnswerRecord[] = [];
  for (const call of calls) {
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
    jobs,
    answers,
    end: recording.end ? recording.end.t : latest,
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
