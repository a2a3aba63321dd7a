import { nanoid } from "nanoid";
import { DomainError } from "../domains/shared/types.js";
import { AsyncToolError } from "../errors.js";
import { canonicalJson, cloneJson, getPath, isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import { argsMatch, type FromResolver } from "../scenarios/matchers.js";
import type { ForwardOutcome, GoldStep, Scenario, ScenarioTool } from "../scenarios/scenario.js";
import { type ArgumentCheck, simpleArgumentCheck } from "./argument-check.js";
import { type EpisodeClock, type RealTime, StepClock, systemRealTime, WallClock } from "./clock.js";
import { seededIds } from "./ids.js";
import { isFinal, type Job, type JobError, type PlannedOutcome, type StepRef, transition } from "./job.js";
import { sampleLatency, toClockUnits } from "./latency.js";
import { keyedRng } from "./rng.js";
import type { Canceller, ClockKind, DeliveryMode, EndStatus } from "./types.js";

/**
 * One session's work: the tasks, the domain state and the jobs, on an injected clock. Driven by
 * plain calls (beginCall, startJob, wait, cancelJob, submitAnswer, end) and observed through
 * synchronous events, so a recorder writes each event before the call that caused it returns.
 * Knows nothing of MCP.
 */

export interface EpisodeOptions {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly mode?: DeliveryMode;
  readonly clock?: ClockKind;
  /** Wall clock only: real ms per scenario ms (0.01 runs a 1 s latency in 10 ms). */
  readonly timeScale?: number;
  readonly realTime?: RealTime;
  /** Job ids are unguessable by default; tests inject readable ones. */
  readonly newJobId?: () => string;
  /** A server-wide cap on jobs, applied when lower than the scenario's own. */
  readonly maxJobs?: number;
}

export type EpisodeEvent =
  | { readonly type: "job"; readonly job: Job; readonly t: number }
  | {
      readonly type: "end";
      readonly status: EndStatus;
      readonly reason: string | undefined;
      readonly t: number;
    };

export interface WaitOptions {
  /** Wait for every job (true) or the first to finish (false). */
  readonly all: boolean;
  /** Longest wait in episode-clock units. */
  readonly timeout?: number;
  /** Aborts a wall-clock wait (the client cancelled the call). */
  readonly signal?: AbortSignal;
}

export interface WaitOutcome {
  readonly timedOut: boolean;
  readonly aborted: boolean;
}

export interface Answer {
  readonly task: string;
  readonly answer: string;
  readonly at: number;
}

const defaultJobId = () => `job_${nanoid(21)}`;

export class Episode {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly mode: DeliveryMode;
  readonly clockKind: ClockKind;
  readonly timeScale: number;
  /** d(g) of every gold step, in clock units: task id → step id → latency. */
  readonly schedule: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly states: Record<string, JsonObject>;

  private readonly clock: EpisodeClock;
  private readonly stepClock: StepClock | undefined;
  private readonly wallClock: WallClock | undefined;
  private readonly newJobId: () => string;
  private readonly jobList: Job[] = [];
  /** The jobs still working, so that a call never scans every job of a long session. */
  private readonly workingJobs = new Set<Job>();
  private readonly jobsById = new Map<string, Job>();
  private readonly timers = new Map<string, unknown>();
  private readonly listeners = new Set<(event: EpisodeEvent) => void>();
  private readonly waiters = new Set<() => void>();
  /** Which job currently holds each gold step ("task/step" → job), for latency attribution. */
  private readonly stepHolders = new Map<string, Job>();
  /** Attempts of each non-step call (tool and arguments), for their latency and failure draws. */
  private readonly attempts = new Map<string, number>();
  /** Failed attempts of each gold step: the index of its next attempt's failure draw. */
  private readonly stepFailures = new Map<string, number>();
  private readonly jobAttempts = new Map<Job, number>();
  /** Forwarded jobs' calls to the server that owns their tool (see `ScenarioTool.forward`). */
  private readonly forwards = new Map<Job, ForwardedCall>();
  private readonly answerList: Answer[] = [];
  /**
   * The gold steps of each tool, in task then step order: attributing a job looks at its tool's
   * steps alone, rather than scanning every step of every task (twice when none is free) per job.
   */
  private readonly stepsByTool = new Map<string, { readonly task: string; readonly step: GoldStep }[]>();
  private calls = 0;
  /** The task of the gold step `attributeStep` is matching, which `resolveFrom` reads. */
  private matchingTask = "";
  /**
   * A `from` matcher's values: the results of the step it names, in the task being matched, when
   * that step's job has completed. Made once per episode: a closure per call made V8 allocate it
   * and a context for the task on every call of a scenario tool.
   */
  private readonly resolveFrom: FromResolver = (stepId, path) => {
    const holder = this.stepHolders.get(`${this.matchingTask}/${stepId}`);
    if (holder?.status !== "completed") return [];
    const value = getPath(holder.result, path);
    return value === undefined ? [] : [value as JsonValue];
  };
  private readonly maxJobs: number;
  private endStatus: EndStatus | undefined;
  private limitTimer: unknown;

  constructor(options: EpisodeOptions) {
    this.scenario = options.scenario;
    this.seed = options.seed;
    this.mode = options.mode ?? options.scenario.mode;
    this.clockKind = options.clock ?? options.scenario.clock;
    this.timeScale = options.timeScale ?? 1;
    this.newJobId = options.newJobId ?? defaultJobId;
    this.maxJobs = Math.min(options.scenario.limits.maxJobs, options.maxJobs ?? Number.POSITIVE_INFINITY);
    if (this.clockKind === "step") {
      this.stepClock = new StepClock();
      this.clock = this.stepClock;
    } else {
      this.wallClock = new WallClock(options.realTime ?? systemRealTime, this.timeScale);
      this.clock = this.wallClock;
    }
    this.states = Object.fromEntries(this.scenario.domains.map((d) => [d.name, cloneJson(d.initialState)]));
    this.schedule = sharedSchedule(this.scenario, this.seed, this.mode, this.clockKind);
    for (const task of this.scenario.tasks) {
      for (const step of task.steps) {
        const steps = this.stepsByTool.get(step.tool);
        if (steps) steps.push({ task: task.id, step });
        else this.stepsByTool.set(step.tool, [{ task: task.id, step }]);
      }
    }
    const limit = this.scenario.limits.timeLimit;
    if (limit !== undefined && this.wallClock) {
      this.limitTimer = this.wallClock.at(this.units(limit), () =>
        this.end("timeout", "the episode's time limit passed"),
      );
    }
  }

  // ---- observation ---------------------------------------------------------------------------

  on(listener: (event: EpisodeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  now(): number {
    return this.clock.now();
  }

  get ended(): boolean {
    return this.endStatus !== undefined;
  }

  get status(): EndStatus | "running" {
    return this.endStatus ?? "running";
  }

  jobs(): readonly Job[] {
    return this.jobList;
  }

  answers(): readonly Answer[] {
    return this.answerList;
  }

  /** Tasks with no answer yet. */
  unansweredTasks(): string[] {
    const answered = new Set(this.answerList.map((a) => a.task));
    return this.scenario.tasks.map((t) => t.id).filter((id) => !answered.has(id));
  }

  job(id: string): Job {
    const job = this.jobsById.get(id);
    if (!job) {
      throw new AsyncToolError(
        "JOB_NOT_FOUND",
        `No job ${JSON.stringify(id)} in this session. Use the job_id exactly as a tool returned it; list_jobs shows every job of this session.`,
      );
    }
    return job;
  }

  // ---- driving -------------------------------------------------------------------------------

  /**
   * Marks the start of an agent call: the step clock advances by one (finishing the jobs due by
   * then) and the call is counted. Returns the call's request time.
   */
  beginCall(): number {
    this.assertRunning();
    this.calls += 1;
    if (this.stepClock) {
      this.advanceStepClock(this.stepClock.now() + 1);
      this.assertRunning();
    }
    if (this.calls > this.scenario.limits.maxCalls) {
      throw new AsyncToolError(
        "CALL_LIMIT",
        `This episode accepts at most ${this.scenario.limits.maxCalls} tool calls, and that many were made. Submit your answers with submit_answer, or call finish.`,
      );
    }
    return this.clock.now();
  }

  /** Starts a job of a scenario tool. Bad arguments, busy tools and caps are refused at once. */
  startJob(toolName: string, args: JsonValue | undefined, call?: number): Job {
    this.assertRunning();
    const tool = this.scenario.tools.get(toolName);
    if (!tool) {
      throw new AsyncToolError(
        "TOOL_NOT_FOUND",
        `This episode has no tool ${JSON.stringify(toolName)}. Its tools are ${[...this.scenario.tools.keys()].join(", ")}.`,
      );
    }
    const checkedArgs = checkArgs(tool, args ?? {});
    const limit = tool.faults.concurrency;
    if (limit !== undefined && this.workingCount(tool.name) >= limit) {
      throw new AsyncToolError(
        "TOOL_BUSY",
        `${tool.name} is busy: it runs at most ${limit} job${limit === 1 ? "" : "s"} at once and ${limit === 1 ? "one is" : `${limit} are`} still working. Wait for one of them (wait_for_jobs), then call it again.`,
        { retryable: true },
      );
    }
    if (this.jobList.length >= this.maxJobs) {
      throw new AsyncToolError(
        "JOB_LIMIT",
        `This episode allows at most ${this.maxJobs} jobs, and that many were started. Submit your answers with submit_answer, or call finish.`,
      );
    }

    const now = this.clock.now();
    const step = this.attributeStep(tool, checkedArgs);
    const failureRate = tool.faults.failureRate ?? 0;
    // A call that fits no gold step counts its attempts by its arguments, for its latency and
    // failure draws. In instant mode a tool that cannot fail draws neither, and nothing else reads
    // the count: its key (the arguments' canonical JSON) is not made, nor the count kept.
    const draws = step !== undefined || this.mode !== "instant" || failureRate > 0;
    const attemptKey = step
      ? stepAttemptKey(step.task, step.step)
      : draws
        ? `call\u0000${tool.name}\u0000${canonicalJson(checkedArgs)}`
        : "";
    // A step's attempt index counts only its attempts that failed by a fault: a duplicate started
    // while an attempt runs, or a retry after a cancel, shares that attempt's fate, so neither can
    // draw a luckier outcome than waiting for the failure and starting again (best-schedule.ts).
    let attempt = 0;
    if (step) attempt = this.stepFailures.get(attemptKey) ?? 0;
    else if (draws) {
      attempt = this.attempts.get(attemptKey) ?? 0;
      this.attempts.set(attemptKey, attempt + 1);
    }

    const latency = step
      ? (this.schedule[step.task]?.[step.step] ?? 0)
      : this.mode === "instant"
        ? 0
        : toClockUnits(
            sampleLatency(tool.latency, keyedRng(this.seed, "latency", attemptKey, attempt)),
            this.clockKind,
            this.scenario.unitMs,
          );
    let planned: PlannedOutcome = "run";
    let endsAt = now + latency;
    if (attemptFails(this.seed, attemptKey, attempt, failureRate)) planned = "fail";
    const ttl = minDefined(
      tool.faults.timeout === undefined ? undefined : this.units(tool.faults.timeout),
      this.scenario.limits.jobTtl === undefined ? undefined : this.units(this.scenario.limits.jobTtl),
    );
    if (ttl !== undefined && latency > ttl) {
      planned = "expire";
      endsAt = now + ttl;
    }

    const job: Job = {
      id: this.newJobId(),
      seq: this.jobList.length + 1,
      tool: tool.name,
      args: checkedArgs,
      call,
      startedAt: now,
      latency,
      endsAt,
      planned,
      step,
      status: "working",
      endedAt: undefined,
      result: undefined,
      error: undefined,
      cancelledBy: undefined,
    };
    this.jobList.push(job);
    this.workingJobs.add(job);
    this.jobsById.set(job.id, job);
    if (step) {
      this.jobAttempts.set(job, attempt);
      if (!this.stepHolders.has(stepKey(step))) this.stepHolders.set(stepKey(step), job);
    }
    this.emit({ type: "job", job, t: now });
    if (tool.forward) this.forward(job, tool.forward);

    if (endsAt <= now) this.finishJob(job);
    else if (this.wallClock)
      this.timers.set(
        job.id,
        this.wallClock.at(endsAt, () => this.finishJob(job)),
      );
    return job;
  }

  /**
   * Waits until all (or any) of the jobs have finished, or the timeout. In the step clock this
   * returns at once with the clock moved to the finish it waited for: those steps are idle.
   */
  wait(ids: readonly string[], options: WaitOptions): Promise<WaitOutcome> {
    const jobs = ids.map((id) => this.job(id));
    const done = () =>
      options.all ? jobs.every((j) => isFinal(j.status)) : jobs.some((j) => isFinal(j.status));
    if (done() || jobs.length === 0 || this.ended)
      return Promise.resolve({ timedOut: false, aborted: false });

    if (this.stepClock) {
      const ends = jobs.filter((j) => j.status === "working").map((j) => j.endsAt);
      let target = options.all ? Math.max(...ends) : Math.min(...ends);
      const deadline =
        options.timeout === undefined ? Number.POSITIVE_INFINITY : this.now() + options.timeout;
      const timedOut = deadline < target;
      if (timedOut) target = Math.floor(deadline);
      this.advanceStepClock(target);
      const overdue = jobs.filter((j) => j.status === "working" && j.endsAt <= this.now());
      if (overdue.length === 0 || this.ended)
        return Promise.resolve({ timedOut: timedOut && !done(), aborted: false });
      // A forwarded job is due but its server has not answered yet: the step clock stays where
      // the wait took it until the answer is in (real time does not count in steps).
      return this.forwardsIn(overdue, options).then((aborted) => ({
        timedOut: timedOut && !done(),
        aborted,
      }));
    }

    const clock = this.wallClock as WallClock;
    return new Promise((resolve) => {
      let timer: unknown;
      const finish = (outcome: WaitOutcome) => {
        this.waiters.delete(check);
        if (timer !== undefined) clock.cancel(timer);
        options.signal?.removeEventListener("abort", onAbort);
        resolve(outcome);
      };
      const check = () => {
        if (done() || this.ended) finish({ timedOut: false, aborted: false });
      };
      const onAbort = () => finish({ timedOut: false, aborted: true });
      if (options.signal?.aborted) return onAbort();
      this.waiters.add(check);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.timeout !== undefined) {
        timer = clock.at(this.now() + options.timeout, () => finish({ timedOut: true, aborted: false }));
      }
    });
  }

  /**
   * Step clock: the answers still awaited of forwarded jobs due by now, or undefined when there
   * are none. A call awaits them before it runs, so no call sees a due job still working because
   * its server is slow: real time never counts as steps, and a poll costs what it costs against a
   * simulated tool.
   */
  dueForwards(): Promise<unknown> | undefined {
    if (!this.stepClock || this.forwards.size === 0) return undefined;
    const now = this.now();
    const waiting: Promise<void>[] = [];
    for (const job of this.workingJobs) {
      const call = this.forwards.get(job);
      if (call?.answered && call.outcome === undefined && job.endsAt <= now) waiting.push(call.answered);
    }
    return waiting.length > 0 ? Promise.all(waiting) : undefined;
  }

  /** Cancels a working job. A finished job cannot be cancelled, and says so with its own error. */
  cancelJob(id: string, by: Canceller): Job {
    const job = this.job(id);
    if (job.status !== "working") {
      throw new AsyncToolError(
        "JOB_ALREADY_FINISHED",
        `Job ${id} has already ${job.status === "completed" ? "completed" : `ended (${job.status})`}, so there is nothing to cancel. Read its outcome with check_job.`,
      );
    }
    this.clearTimer(job.id);
    this.settle(job, "cancelled", { by });
    this.forwards.get(job)?.abort.abort();
    return job;
  }

  submitAnswer(taskId: string, answer: string): Answer {
    this.assertRunning();
    if (!this.scenario.tasks.some((t) => t.id === taskId)) {
      throw new AsyncToolError(
        "TASK_NOT_FOUND",
        `This episode has no task ${JSON.stringify(taskId)}. Its tasks are ${this.scenario.tasks.map((t) => t.id).join(", ")} (list_tasks shows them).`,
      );
    }
    const entry: Answer = { task: taskId, answer, at: this.now() };
    this.answerList.push(entry);
    return entry;
  }

  /** Ends the episode when every task has an answer. Returns whether it ended. */
  endIfAllAnswered(): boolean {
    if (!this.ended && this.unansweredTasks().length === 0) {
      this.end("completed", "every task was answered");
      return true;
    }
    return this.ended;
  }

  /** Ends the episode once; frees every timer. Later calls are refused with EPISODE_OVER. */
  end(status: EndStatus, reason?: string): void {
    if (this.endStatus) return;
    this.endStatus = status;
    for (const handle of this.timers.values()) this.wallClock?.cancel(handle);
    this.timers.clear();
    if (this.limitTimer !== undefined) this.wallClock?.cancel(this.limitTimer);
    for (const call of this.forwards.values()) if (call.outcome === undefined) call.abort.abort();
    this.emit({ type: "end", status, reason, t: this.now() });
    for (const wake of [...this.waiters]) wake();
  }

  // ---- internals -----------------------------------------------------------------------------

  private assertRunning(): void {
    if (this.endStatus) {
      throw new AsyncToolError(
        "EPISODE_OVER",
        `This episode has ended (${this.endStatus}); no further calls are accepted. Start a new session for a new episode.`,
      );
    }
  }

  private units(value: number): number {
    return toClockUnits(value, this.clockKind, this.scenario.unitMs);
  }

  /** Moves the step clock to `time`, finishing the jobs due on the way in (end time, start order). */
  private advanceStepClock(time: number): void {
    const clock = this.stepClock as StepClock;
    const limit =
      this.scenario.limits.timeLimit === undefined ? undefined : this.units(this.scenario.limits.timeLimit);
    const target = limit !== undefined ? Math.min(time, limit) : time;
    clock.advanceTo(target);
    // The working set iterates in start order and the sort is stable, so jobs due at the same
    // time finish in start order without a tie-break on seq.
    const due = [...this.workingJobs].filter((j) => j.endsAt <= target).sort((a, b) => a.endsAt - b.endsAt);
    for (const job of due) this.finishJob(job);
    if (limit !== undefined && time > limit) this.end("timeout", "the episode's time limit passed");
  }

  private finishJob(job: Job): void {
    if (job.status !== "working" || this.ended) return;
    this.timers.delete(job.id);
    if (job.planned === "fail") {
      if (job.step) {
        const key = stepAttemptKey(job.step.task, job.step.step);
        // Only the failure of the current attempt moves the step on to its next draw.
        if ((this.stepFailures.get(key) ?? 0) === this.jobAttempts.get(job))
          this.stepFailures.set(key, (this.jobAttempts.get(job) ?? 0) + 1);
      }
      this.settle(job, "failed", {
        error: {
          code: "JOB_FAILED_TRANSIENT",
          message: `${job.tool} failed with a transient error. Start the same call again; it may succeed.`,
          retryable: true,
        },
      });
      return;
    }
    if (job.planned === "expire") {
      this.settle(job, "expired", {
        error: {
          code: "JOB_EXPIRED",
          message: `${job.tool} did not finish within its time limit and was abandoned. Start it again if you still need it.`,
          retryable: true,
        },
      });
      return;
    }
    const tool = this.scenario.tools.get(job.tool) as ScenarioTool;
    const forwarded = this.forwards.get(job);
    if (forwarded) {
      // Due, but the owning server has not answered: the job ends when it does (see `forward`).
      if (forwarded.outcome === undefined) return;
      const outcome = forwarded.outcome;
      // Step clock: real time never counts as steps, so a late answer still ends the job at its
      // drawn end, even when a wait or another call moved the clock past it meanwhile (the calls
      // that show jobs waited for the answer, so none saw it working there). Wall clock: the later.
      const at = this.stepClock ? job.endsAt : Math.max(job.endsAt, this.now());
      if ("result" in outcome) this.settle(job, "completed", { result: cloneJson(outcome.result) }, at);
      else this.settle(job, "failed", { error: outcome.error }, at);
      return;
    }
    try {
      // Ids the tool mints are drawn from the seed (engine/ids.ts), the same the replay draws.
      const result = tool.run(this.states, job.args, seededIds(this.seed));
      this.settle(job, "completed", { result: cloneJson(result) });
    } catch (error) {
      const jobError: JobError =
        error instanceof DomainError
          ? { code: error.code, message: error.message, retryable: false }
          : {
              code: "TOOL_INTERNAL",
              message: `${job.tool} failed unexpectedly (${(error as Error).message}). This is a fault of the simulator, not of your call.`,
              retryable: false,
            };
      this.settle(job, "failed", { error: jobError });
    }
  }

  private settle(
    job: Job,
    status: "completed" | "failed" | "cancelled" | "expired",
    outcome: { result?: JsonValue; error?: JobError; by?: Canceller },
    endedAt?: number,
  ): void {
    const at = endedAt ?? (status === "cancelled" ? this.now() : job.endsAt);
    transition(job, status, at, outcome);
    this.workingJobs.delete(job);
    // A step whose job did not complete is free again: a retry can do it (and gets its latency).
    if (job.step && status !== "completed" && this.stepHolders.get(stepKey(job.step)) === job) {
      this.stepHolders.delete(stepKey(job.step));
    }
    this.emit({ type: "job", job, t: at });
    // A copy, since a waiter that wakes removes itself; most calls have none waiting.
    if (this.waiters.size > 0) for (const wake of [...this.waiters]) wake();
  }

  /**
   * Sends a forwarded job's call at once, so the owning server's own time counts toward the
   * latency; the job ends at the later of its drawn end and the answer.
   */
  private forward(job: Job, send: NonNullable<ScenarioTool["forward"]>): void {
    const call: ForwardedCall = { abort: new AbortController(), outcome: undefined, answered: undefined };
    this.forwards.set(job, call);
    const record = (outcome: ForwardOutcome) => {
      call.outcome = outcome;
      // Due already (or overdue in a wait): it ends now. Otherwise its timer or the step clock ends it.
      if (job.status === "working" && job.endsAt <= this.now()) this.finishJob(job);
    };
    call.answered = send(job.args, call.abort.signal).then(record, (error: unknown) =>
      record({
        error: {
          code: "TOOL_INTERNAL",
          message: `${job.tool} could not be forwarded (${(error as Error)?.message ?? String(error)}). This is a fault of the proxy, not of your call.`,
          retryable: false,
        },
      }),
    );
  }

  /** Resolves when the calls of these overdue forwarded jobs are answered (any or all), or aborted. */
  private async forwardsIn(jobs: readonly Job[], options: WaitOptions): Promise<boolean> {
    const answers = jobs.map((j) => this.forwards.get(j)?.answered ?? Promise.resolve());
    const answered = options.all ? Promise.all(answers) : Promise.race(answers);
    const signal = options.signal;
    if (!signal) {
      await answered;
      return false;
    }
    if (signal.aborted) return true;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<boolean>((resolve) => {
      onAbort = () => resolve(true);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    const outcome = await Promise.race([answered.then(() => false), aborted]);
    if (onAbort) signal.removeEventListener("abort", onAbort);
    return outcome;
  }

  private workingCount(tool: string): number {
    let n = 0;
    for (const job of this.workingJobs) if (job.tool === tool) n += 1;
    return n;
  }

  private clearTimer(id: string): void {
    const handle = this.timers.get(id);
    if (handle !== undefined) this.wallClock?.cancel(handle);
    this.timers.delete(id);
  }

  private emit(event: EpisodeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * The first free gold step (task order, then step order) that this call fits, so that a gold
   * step runs with the latency the schedule gave it whatever the order the agent works in; when
   * every step it fits is held by another job, the first of them. A call that fits a gold step
   * always runs with that step's latency: a repeat cannot draw a shorter one and beat the best
   * makespan (best-schedule.ts).
   */
  private attributeStep(tool: ScenarioTool, args: JsonObject): StepRef | undefined {
    const steps = this.stepsByTool.get(tool.name);
    if (steps === undefined) return undefined;
    // One pass, and the episode's one resolver, which reads the task of the step being matched.
    let firstHeld: StepRef | undefined;
    for (let i = 0; i < steps.length; i++) {
      const entry = steps[i] as (typeof steps)[number];
      const task = entry.task;
      this.matchingTask = task;
      if (!argsMatch(entry.step.args, args, this.resolveFrom)) continue;
      const ref: StepRef = { task, step: entry.step.id };
      if (!this.stepHolders.has(stepKey(ref))) return ref;
      firstHeld ??= ref;
    }
    return firstHeld;
  }
}

/** A forwarded job's call: its abort switch, and its outcome once the owning server answered. */
interface ForwardedCall {
  readonly abort: AbortController;
  outcome: ForwardOutcome | undefined;
  answered: Promise<void> | undefined;
}

/** The key of a gold step's latency and failure draws. */
export function stepAttemptKey(task: string, step: string): string {
  return `step\u0000${task}\u0000${step}`;
}

/** Whether the attempt-th attempt under `key` fails by the tool's failure rate (a fault). */
export function attemptFails(seed: number, key: string, attempt: number, failureRate: number): boolean {
  return failureRate > 0 && keyedRng(seed, "failure", key, attempt).next() < failureRate;
}

function stepKey(ref: StepRef): string {
  return `${ref.task}/${ref.step}`;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** Validates a call's arguments: an object, no unknown names, each fitting the input schema. */
export function checkArgs(tool: ScenarioTool, args: JsonValue): JsonObject {
  if (!isJsonObject(args)) {
    throw new AsyncToolError(
      "BAD_ARGUMENTS",
      `${tool.name} takes its arguments as an object of named values, not ${Array.isArray(args) ? "a list" : typeof args}. Call it again with an object.`,
    );
  }
  const known = knownArguments(tool);
  if (!namesAllKnown(args, known)) {
    const unknown = Object.keys(args).filter((k) => !known.has(k));
    throw new AsyncToolError(
      "BAD_ARGUMENTS",
      `${tool.name} has no argument${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}; it takes ${[...known].join(", ") || "none"}. Call it again without ${unknown.length > 1 ? "them" : "it"}.`,
    );
  }
  if (argumentCheck(tool)?.(args)) return args;
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map(
        (issue) =>
          `${issue.path.length ? `argument ${issue.path.join(".")}` : "arguments"}: ${issue.message}`,
      );
    throw new AsyncToolError(
      "BAD_ARGUMENTS",
      `${tool.name} was called with bad arguments (${problems.join("; ")}). Call it again with arguments that fit its input schema.`,
    );
  }
  return args;
}

/** Whether every own name of `args` is one of `known`: no array per call, unlike Object.keys. */
function namesAllKnown(args: JsonObject, known: ReadonlySet<string>): boolean {
  for (const key in args) if (Object.hasOwn(args, key) && !known.has(key)) return false;
  return true;
}

/** The argument names of each tool's input schema, read once per tool rather than once per call. */
const knownArgumentsOf = new WeakMap<ScenarioTool, ReadonlySet<string>>();

function knownArguments(tool: ScenarioTool): ReadonlySet<string> {
  let known = knownArgumentsOf.get(tool);
  if (known === undefined) {
    known = new Set(Object.keys(tool.input.shape));
    knownArgumentsOf.set(tool, known);
  }
  return known;
}

/** Each tool's hand check of its arguments (argument-check.ts), or null when its schema has none. */
const argumentChecks = new WeakMap<ScenarioTool, ArgumentCheck | null>();

function argumentCheck(tool: ScenarioTool): ArgumentCheck | null {
  let check = argumentChecks.get(tool);
  if (check === undefined) {
    check = simpleArgumentCheck(tool.input) ?? null;
    argumentChecks.set(tool, check);
  }
  return check;
}

type Schedule = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Schedules drawn, by scenario, then by seed, mode and clock; a few per scenario. */
const schedules = new WeakMap<Scenario, Map<string, Schedule>>();
const SCHEDULES_KEPT = 16;

/**
 * `sampleSchedule`, drawn once for a scenario, seed, mode and clock, and frozen: the sessions of a
 * server mostly share them (one seed unless a session asks for another), and drawing is a SHA-256
 * per gold step, tens of µs per session start on the suite's scenarios.
 */
export function sharedSchedule(
  scenario: Scenario,
  seed: number,
  mode: DeliveryMode,
  clock: ClockKind,
): Schedule {
  let kept = schedules.get(scenario);
  if (!kept) {
    kept = new Map();
    schedules.set(scenario, kept);
  }
  const key = `${seed} ${mode} ${clock}`;
  let schedule = kept.get(key);
  if (!schedule) {
    const drawn = sampleSchedule(scenario, seed, mode, clock);
    for (const row of Object.values(drawn)) Object.freeze(row);
    schedule = Object.freeze(drawn);
    // The oldest goes first: a run over many seeds keeps only the latest few.
    if (kept.size >= SCHEDULES_KEPT) kept.delete(kept.keys().next().value as string);
    kept.set(key, schedule);
  }
  return schedule;
}

/**
 * d(g) for every gold step, drawn from the seed alone (not from the order of calls), in clock
 * units. The `instant` mode has no latency at all.
 */
export function sampleSchedule(
  scenario: Scenario,
  seed: number,
  mode: DeliveryMode,
  clock: ClockKind,
): Record<string, Record<string, number>> {
  const schedule: Record<string, Record<string, number>> = {};
  for (const task of scenario.tasks) {
    const row: Record<string, number> = {};
    for (const step of task.steps) row[step.id] = stepLatency(scenario, step, seed, mode, clock);
    schedule[task.id] = row;
  }
  return schedule;
}

function stepLatency(
  scenario: Scenario,
  step: GoldStep,
  seed: number,
  mode: DeliveryMode,
  clock: ClockKind,
): number {
  if (mode === "instant") return 0;
  const tool = scenario.tools.get(step.tool) as ScenarioTool;
  const units = sampleLatency(tool.latency, keyedRng(seed, "latency", stepAttemptKey(step.task, step.id), 0));
  return toClockUnits(units, clock, scenario.unitMs);
}
