import type { Canceller, JobStatus } from "../engine/types.js";
import type { JsonValue } from "../json.js";
import type { RecordingEvent, ResponseEvent } from "../recorder/format.js";

/** A scenario tool, one of the server's own job tools, or a name the episode does not have. */
export type CallKind = "scenario" | "job-tool" | "unknown";

/**
 * What the metrics and the report read of a response: `delivered` lists the jobs whose final
 * output it carried (absent: none). A fold of a whole recording keeps the response event itself
 * (the exports read its `result` and `code`); a lean fold keeps only this record, without
 * `result`.
 */
export interface CallResponse {
  readonly t: number;
  readonly isError: boolean;
  readonly code?: string | undefined;
  readonly delivered?: readonly string[] | undefined;
  readonly result?: ResponseEvent["result"];
}

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
  /**
   * Time of the first answer that carried the job's output (a response's stamp, or a Tasks
   * notification's on a listen stream); null if never seen.
   */
  readonly seen: number | null;
  /** The call whose response (or listen stream) first carried it. */
  readonly seenBy: Call | null;
  /** Position of the final event among all final events: the order in which jobs took effect. */
  readonly finalOrder: number | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * What the fold keeps of a call: everything but its kind, which needs the scenario; its response
 * is set by the fold alone.
 */
export type FoldedCall = Mutable<Omit<Call, "response">> & { readonly response: CallResponse | null };
export type FoldedJob = Mutable<Job>;

/**
 * A call as a lean fold keeps it: its own response record once answered (`response` is the call
 * itself), so a call costs one object rather than two. On a large log the objects the fold keeps,
 * hundreds of thousands of them, are what the collector copies and marks and what faults pages
 * in: each one less is time saved.
 */
class LeanCall implements FoldedCall, CallResponse {
  kind: CallKind = "unknown";
  job: Job | null = null;
  /** The response's time, error, code and deliveries, once answered. */
  t = 0;
  isError = false;
  code: string | undefined = undefined;
  delivered: readonly string[] | undefined = undefined;
  #answered = false;

  constructor(
    public index: number,
    public call: number,
    public tool: string,
    public args: JsonValue,
    public request: number,
  ) {}

  get response(): CallResponse | null {
    return this.#answered ? this : null;
  }

  answer(event: ResponseEvent, delivered: readonly string[] | undefined): void {
    this.t = event.t;
    this.isError = event.isError;
    this.code = event.code;
    this.delivered = delivered;
    this.#answered = true;
  }
}

export interface FoldOptions {
  /**
   * Drop what no metric and no part of the report reads (each response's `result`, the events
   * themselves) as events arrive, so a recording read in a stream costs its calls and jobs, not
   * its events. Only for events the fold owns: it edits the response events it keeps.
   */
  readonly lean?: boolean;
}

/**
 * The one pass over a recording's events that the metrics' inputs come from (metrics.md, "Inputs
 * taken from the recording"): calls with their responses, jobs with their final transitions,
 * what each response delivered. Events arrive one at a time, so a reader can fold a recording as
 * it streams and keep no event list.
 */
export class EventFold {
  readonly calls: FoldedCall[] = [];
  readonly jobs: FoldedJob[] = [];
  /** The latest stamp seen: a log cut short is scored as ended there. */
  latest = 0;
  /** Events that carry a `truncated` field (fields cut to the recording's caps), for the notes. */
  readonly cut: RecordingEvent[] = [];
  readonly #lean: boolean;
  // Call numbers count up from 1: an array indexed by number is cheaper than a Map on large logs.
  readonly #callsByNumber: (FoldedCall | undefined)[] = [];
  readonly #jobsById = new Map<string, FoldedJob>();
  /**
   * Lean: the latest distinct flat arguments of each tool's calls (at most RECENT_ARGS, newest
   * last), which a repeat shares: the same poll, or a tool called in turn with a few values.
   */
  readonly #recentArgs = new Map<string, FlatArgs[]>();
  #finals = 0;

  constructor(options: FoldOptions = {}) {
    this.#lean = options.lean === true;
  }

  add(event: RecordingEvent): void {
    if (event.t > this.latest) this.latest = event.t;
    if ((event as { truncated?: unknown }).truncated !== undefined) this.cut.push(event);
    switch (event.type) {
      case "request": {
        const call: FoldedCall = this.#lean
          ? new LeanCall(
              this.calls.length,
              event.call,
              event.tool,
              this.#leanArgs(event.tool, event.args as JsonValue),
              event.t,
            )
          : {
              index: this.calls.length,
              call: event.call,
              tool: event.tool,
              // Set once the scenario is known (inputs.ts); nothing reads it before.
              kind: "unknown",
              args: event.args as JsonValue,
              request: event.t,
              response: null,
              job: null,
            };
        this.calls.push(call);
        this.#callsByNumber[event.call] = call;
        break;
      }
      case "response": {
        const call = this.#callsByNumber[event.call];
        if (!call || call.response) break;
        // The event itself, or lean what the metrics read of it, kept on the call: a large log has
        // hundreds of thousands of responses, and a parsed event kept is copied by every
        // scavenge until it is old, with its seq, wall and result (what the agent received).
        if (call instanceof LeanCall) call.answer(event, this.#internedIds(event.delivered));
        else (call as Mutable<Call>).response = event;
        if (event.job !== undefined && !call.job) {
          const job = this.#jobsById.get(event.job);
          if (job) {
            call.job = job;
            job.call ??= call;
          }
        }
        // A response the client gave up on never reached the agent: what it carried is unseen
        // (the server no longer lists it; older recordings may).
        if (event.clientCancelled) break;
        for (const id of event.delivered ?? []) {
          const job = this.#jobsById.get(id);
          if (job && job.seen === null) {
            job.seen = event.t;
            job.seenBy = call;
          }
        }
        break;
      }
      case "job": {
        if (event.status === "working") {
          if (this.#jobsById.has(event.job)) break;
          const call = event.call !== undefined ? (this.#callsByNumber[event.call] ?? null) : null;
          const job: FoldedJob = {
            n: this.jobs.length + 1,
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
          if (this.#lean) {
            // The arguments the call sent, when the job ran them as sent: one object kept, not two.
            if (call !== null && sameFlatJson(call.args, job.args)) job.args = call.args;
            else this.#internJobIds(job.args);
          }
          if (call && !call.job) call.job = job;
          this.jobs.push(job);
          this.#jobsById.set(job.id, job);
          break;
        }
        const job = this.#jobsById.get(event.job);
        if (job?.status !== "working") break;
        job.status = event.status;
        job.finish = event.t;
        job.finalOrder = this.#finals++;
        if (event.status === "completed") job.result = (event.result ?? null) as JsonValue;
        if (event.status === "cancelled") job.cancelledBy = event.by ?? "agent";
        job.errorCode = event.error?.code;
        break;
      }
      case "notice": {
        // A Tasks-extension notification on a listen stream carries the task's complete final
        // state, its result inline: the agent saw the job then (metrics.md, seen). A logging
        // notice only says that jobs ended; it is no sighting.
        if (event.kind !== "tasks") break;
        const call = event.call !== undefined ? (this.#callsByNumber[event.call] ?? null) : null;
        for (const id of event.jobs) {
          const job = this.#jobsById.get(id);
          if (job && job.status !== "working" && job.seen === null) {
            job.seen = event.t;
            job.seenBy = call;
          }
        }
        break;
      }
      default:
        break;
    }
  }

  /** A response's delivered ids, interned (edited in place: a lean fold owns its events). */
  #internedIds(delivered: string[] | undefined): string[] | undefined {
    if (delivered !== undefined)
      for (let i = 0; i < delivered.length; i++) delivered[i] = this.#interned(delivered[i] as string);
    return delivered;
  }

  /**
   * A call's arguments as a lean fold keeps them: the very object of one of the tool's latest
   * distinct arguments when they are the same flat values (an agent polling one job, repeating a
   * call, or calling a tool in turn with a few values), else its own, with the job ids it names
   * interned.
   */
  #leanArgs(tool: string, args: JsonValue): JsonValue {
    if (typeof args !== "object" || args === null || Array.isArray(args)) return args;
    const keys = Object.keys(args);
    let recent = this.#recentArgs.get(tool);
    if (recent === undefined) {
      recent = [];
      this.#recentArgs.set(tool, recent);
    }
    for (let i = recent.length - 1; i >= 0; i--) {
      const kept = recent[i] as FlatArgs;
      if (sameFlatValues(kept, args, keys)) return kept.args;
    }
    if (recent.length === RECENT_ARGS) recent.shift();
    recent.push({ args, keys });
    return this.#internJobIds(args);
  }

  /**
   * A job tool's arguments name jobs by id (`job_id`, `job_ids`); each such id is made the job's
   * own id string, so the fold keeps one copy of it rather than one per call that names it.
   * Edits the arguments in place (a lean fold owns its events) and returns them.
   */
  #internJobIds(args: JsonValue): JsonValue {
    if (typeof args !== "object" || args === null || Array.isArray(args)) return args;
    const one = args.job_id;
    if (typeof one === "string") args.job_id = this.#interned(one);
    const many = args.job_ids;
    if (Array.isArray(many))
      for (let i = 0; i < many.length; i++) {
        const id = many[i];
        if (typeof id === "string") many[i] = this.#interned(id);
      }
    return args;
  }

  /** A known job's id as the fold keeps it; an unknown id as it came. */
  #interned(id: string): string {
    return this.#jobsById.get(id)?.id ?? id;
  }
}

/** How many distinct arguments of each tool a lean fold remembers for the calls that repeat them. */
const RECENT_ARGS = 4;

/** A call's arguments that later calls of its tool may share, with their keys in order. */
interface FlatArgs {
  readonly args: { readonly [key: string]: JsonValue };
  readonly keys: readonly string[];
}

/**
 * Whether an object with the given keys (in order) has the same keys in the same order as kept
 * arguments, each value the same primitive (nested values count as different).
 */
function sameFlatValues(
  kept: FlatArgs,
  args: { readonly [key: string]: JsonValue },
  keys: readonly string[],
): boolean {
  if (keys.length !== kept.keys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = args[key];
    if (key !== kept.keys[i] || (typeof value === "object" && value !== null) || value !== kept.args[key])
      return false;
  }
  return true;
}

/**
 * Two JSON objects with the same keys in the same order, each value the same primitive: a tool
 * call's usual arguments. Anything else (nested values) counts as different, which only costs
 * the fold a second object.
 */
function sameFlatJson(a: JsonValue, b: JsonValue): boolean {
  if (typeof a !== "object" || a === null || Array.isArray(a)) return false;
  if (typeof b !== "object" || b === null || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = a[key];
    if (key !== other[i] || (typeof value === "object" && value !== null) || value !== b[key]) return false;
  }
  return true;
}
