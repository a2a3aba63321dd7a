import { DomainError } from "../../src/domains/shared/types.js";
import { sampleSchedule } from "../../src/engine/episode.js";
import type { ClockKind, DeliveryMode, EndStatus } from "../../src/engine/types.js";
import { cloneJson, type JsonObject, type JsonValue } from "../../src/json.js";
import type { Recording, RecordingHeader } from "../../src/recorder/format.js";
import { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import type { Scenario } from "../../src/scenarios/scenario.js";

/**
 * A small DSL that writes recordings by hand, with explicit times, the way the server would:
 *
 *   const s = new Session(declaredScenario());
 *   const a = s.call(1, "fetch", { key: "a" });    // job j1 starts at 1, ends at 1 + d = 4
 *   s.check(2, a);                                 // check_job: still working (a wasted poll)
 *   s.wait(3, [a]);                                // wait_for_jobs from 3, answered at 4 with j1
 *   s.answer(5, "solo", "v-c");
 *   const recording = s.end();                     // or s.truncate()
 *
 * A job ends at its start + latency (default: d of the first gold step of its tool, from the
 * schedule); before any event at time t, the jobs due by t finish first (in end, then start
 * order), as in the engine. Results come from running the scenario's tool, as the engine does.
 * Everything goes through MemoryRecordingWriter and is read back with the real reader.
 */

interface JobState {
  readonly id: string;
  readonly tool: string;
  readonly args: JsonObject;
  readonly start: number;
  readonly finishAt: number;
  readonly n: number;
  readonly outcome: { fail?: string; result?: JsonValue };
  status: "working" | "completed" | "failed" | "cancelled";
  result?: JsonValue;
}

export interface SessionOptions {
  readonly clock?: ClockKind;
  readonly mode?: DeliveryMode;
  readonly seed?: number;
  readonly schedule?: Record<string, Record<string, number>>;
  /** The scenario file the header names. */
  readonly scenarioFile?: string;
  readonly client?: { readonly name: string; readonly version: string } | null;
}

export interface CallOptions {
  /** Job duration; default d of the first gold step with this tool. */
  readonly latency?: number;
  /** The job ends failed with this code. */
  readonly fail?: string;
  /** Answer with the job's output when it finishes (sync mode, or an inline result). */
  readonly blocking?: boolean;
  /** Response time of a non-blocking call (wall clock: processing time); default the request's. */
  readonly respondAt?: number;
}

export class Session {
  readonly scenario: Scenario;
  readonly header: RecordingHeader;
  readonly writer: MemoryRecordingWriter;
  #now = 0;
  #call = 0;
  readonly #jobs = new Map<string, JobState>();
  readonly #states: Record<string, JsonObject>;

  constructor(scenario: Scenario, options: SessionOptions = {}) {
    this.scenario = scenario;
    const clock = options.clock ?? "step";
    const mode = options.mode ?? "async";
    const seed = options.seed ?? 1;
    this.header = {
      type: "header",
      format: "asynctool-recording",
      version: 1,
      server: { name: "asynctool-mcp", version: "0.1.0" },
      session: "s_test",
      startedAt: "2026-06-02T09:14:03.512Z",
      scenario: {
        id: scenario.id,
        title: scenario.title,
        hash: scenario.hash,
        ...(options.scenarioFile ? { file: options.scenarioFile } : {}),
      },
      seed,
      mode,
      clock,
      timeScale: 1,
      unitMs: scenario.unitMs,
      client: options.client === undefined ? { name: "dsl", version: "1" } : options.client,
      schedule: options.schedule ?? sampleSchedule(scenario, seed, mode, clock),
    };
    this.writer = new MemoryRecordingWriter({
      header: this.header,
      episodeTime: () => this.#now,
      now: () => this.#now,
      wallOrigin: 0,
    });
    this.#states = Object.fromEntries(scenario.domains.map((d) => [d.name, cloneJson(d.initialState)]));
  }

  /** A scenario-tool call that starts a job; returns the job's id. */
  call(t: number, tool: string, args: JsonObject, options: CallOptions = {}): string {
    const call = this.#request(t, tool, args);
    const n = this.#jobs.size + 1;
    const id = `j${n}`;
    const latency = options.latency ?? this.#defaultLatency(tool);
    const job: JobState = {
      id,
      tool,
      args,
      start: t,
      finishAt: t + latency,
      n,
      outcome: options.fail ? { fail: options.fail } : {},
      status: "working",
    };
    this.#jobs.set(id, job);
    this.writer.write({
      type: "job",
      t,
      job: id,
      tool,
      status: "working",
      call,
      args,
      latency,
      finishAt: t + latency,
    });
    if (options.blocking) {
      this.#finishDue(job.finishAt);
      this.#respond(Math.max(t, job.finishAt), {
        call,
        isError: false,
        job: id,
        delivered: [id],
        result: this.#view(job),
      });
    } else {
      this.#respond(options.respondAt ?? t, {
        call,
        isError: false,
        job: id,
        result: { job_id: id, status: "working" },
      });
    }
    return id;
  }

  /** A scenario-tool call refused at once (bad arguments, busy): no job. */
  refused(t: number, tool: string, args: JsonObject, code = "BAD_ARGUMENTS"): void {
    const call = this.#request(t, tool, args);
    this.#respond(t, { call, isError: true, code, result: { error: code } });
  }

  /** check_job: carries the job's output when it is final by t, else answers `working`. */
  check(t: number, id: string, respondAt = t): void {
    const call = this.#request(t, "check_job", { job_id: id });
    this.#finishDue(respondAt);
    const job = this.#jobs.get(id);
    if (!job) {
      this.#respond(respondAt, {
        call,
        isError: true,
        code: "JOB_NOT_FOUND",
        result: { error: "no such job" },
      });
      return;
    }
    const final = job.status !== "working";
    this.#respond(respondAt, {
      call,
      isError: false,
      ...(final ? { delivered: [id] } : {}),
      result: this.#view(job),
    });
  }

  /** wait_for_jobs from t until `until` (default: the last listed job's end, or the first with all: false). */
  wait(t: number, ids: readonly string[], options: { until?: number; all?: boolean } = {}): void {
    const call = this.#request(t, "wait_for_jobs", {
      job_ids: [...ids],
      mode: options.all === false ? "any" : "all",
    });
    const ends = ids.flatMap((id) => {
      const job = this.#jobs.get(id);
      return job && job.status === "working" ? [job.finishAt] : [];
    });
    const target =
      options.until ??
      (ends.length === 0 ? t : options.all === false ? Math.min(...ends) : Math.max(...ends));
    const until = Math.max(t, target);
    this.#finishDue(until);
    const delivered = ids.filter((id) => this.#jobs.get(id)?.status !== "working");
    this.#respond(until, {
      call,
      isError: false,
      delivered,
      result: { jobs: ids.map((id) => this.#view(this.#jobs.get(id) as JobState)) },
    });
  }

  cancel(t: number, id: string): void {
    const call = this.#request(t, "cancel_job", { job_id: id });
    const job = this.#jobs.get(id);
    if (job?.status === "working") {
      job.status = "cancelled";
      this.writer.write({ type: "job", t, job: id, tool: job.tool, status: "cancelled", by: "agent" });
      this.#respond(t, { call, isError: false, result: { job_id: id, status: "cancelled" } });
    } else {
      this.#respond(t, { call, isError: true, code: "JOB_ALREADY_FINISHED", result: { error: "finished" } });
    }
  }

  answer(
    t: number,
    task: string,
    answer: string,
    options: { refuse?: string; respondAt?: number } = {},
  ): void {
    const call = this.#request(t, "submit_answer", { task_id: task, answer });
    this.#respond(
      options.respondAt ?? t,
      options.refuse
        ? { call, isError: true, code: options.refuse, result: { error: options.refuse } }
        : { call, isError: false, result: { task_id: task, accepted: true } },
    );
  }

  /** Any other job tool (list_jobs, list_tasks, finish), answered at once. */
  other(t: number, tool: string, args: JsonObject = {}, respondAt = t): void {
    const call = this.#request(t, tool, args);
    this.#respond(respondAt, { call, isError: false, result: {} });
  }

  /** A request that the log ends before answering. */
  unanswered(t: number, tool: string, args: JsonObject = {}): void {
    this.#request(t, tool, args);
  }

  /** Closes the log with its end line at the time of the last event (or `at`). */
  end(status: EndStatus = "completed", at = this.#now): Recording {
    this.#finishDue(at);
    this.#now = Math.max(this.#now, at);
    this.writer.close(status);
    return this.writer.recording();
  }

  /** The log as a crashed server leaves it: no end line. */
  truncate(): Recording {
    return this.writer.recording();
  }

  #defaultLatency(tool: string): number {
    for (const task of this.scenario.tasks) {
      for (const step of task.steps) {
        if (step.tool === tool) return this.header.schedule[task.id]?.[step.id] ?? 1;
      }
    }
    return 1;
  }

  #request(t: number, tool: string, args: JsonObject): number {
    this.#finishDue(t);
    this.#now = Math.max(this.#now, t);
    const call = ++this.#call;
    this.writer.write({ type: "request", t, call, tool, args });
    return call;
  }

  #respond(
    t: number,
    fields: {
      call: number;
      isError: boolean;
      code?: string;
      job?: string;
      delivered?: string[];
      result?: JsonValue;
    },
  ): void {
    this.#finishDue(t);
    this.#now = Math.max(this.#now, t);
    this.writer.write({ type: "response", t, ...fields });
  }

  #finishDue(t: number): void {
    const due = [...this.#jobs.values()]
      .filter((j) => j.status === "working" && j.finishAt <= t)
      .sort((a, b) => a.finishAt - b.finishAt || a.n - b.n);
    for (const job of due) {
      this.#now = Math.max(this.#now, job.finishAt);
      if (job.outcome.fail) {
        job.status = "failed";
        const error = { code: job.outcome.fail, message: `${job.tool} failed`, retryable: true };
        this.writer.write({
          type: "job",
          t: job.finishAt,
          job: job.id,
          tool: job.tool,
          status: "failed",
          error,
        });
        continue;
      }
      try {
        const tool = this.scenario.tools.get(job.tool);
        if (!tool) throw new DomainError("NOT_FOUND", `no tool ${job.tool}`);
        job.result = cloneJson(tool.run(this.#states, job.args));
        job.status = "completed";
        this.writer.write({
          type: "job",
          t: job.finishAt,
          job: job.id,
          tool: job.tool,
          status: "completed",
          result: job.result,
        });
      } catch (error) {
        job.status = "failed";
        const code = error instanceof DomainError ? error.code : "TOOL_INTERNAL";
        const failure = { code, message: (error as Error).message, retryable: false };
        this.writer.write({
          type: "job",
          t: job.finishAt,
          job: job.id,
          tool: job.tool,
          status: "failed",
          error: failure,
        });
      }
    }
  }

  #view(job: JobState): JsonValue {
    return {
      job_id: job.id,
      status: job.status,
      ...(job.result !== undefined ? { result: job.result } : {}),
    };
  }
}
