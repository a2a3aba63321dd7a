import type { JsonValue } from "../json.js";
import type { GoldStep, Task } from "../scenarios/scenario.js";
import type { AgentTools, Handle, ToolReply } from "./agent-tools.js";
import type { GoldPlan } from "./gold-plan.js";

/** Why a scripted agent stopped before every task had an answer. */
export class AgentStopped extends Error {}

/** Counts of what an agent did, for the caller (the metrics come from the recording). */
export interface AgentRunSummary {
  readonly agent: string;
  readonly calls: number;
  readonly toolErrors: number;
  readonly finished: boolean;
}

/** The moves every scripted agent makes, with the bookkeeping of the plan kept in one place. */
export class ScriptedAgent {
  calls = 0;
  toolErrors = 0;
  /**
   * The episode time as this agent can tell it from the stamps of the answers it got: a start's
   * `started_at`, a wait's latest `ended_at`. Exact in the step clock.
   */
  now = 0;
  /** Tools that answered TOOL_BUSY since the last job ended: starting them again is pointless until then. */
  private readonly busy = new Set<string>();

  constructor(
    readonly name: string,
    readonly tools: AgentTools,
    readonly plan: GoldPlan,
    /** Most calls before giving up (a safety net against a loop, far above any episode's need). */
    private readonly maxCalls = 5_000,
  ) {}

  async call(name: string, args: Record<string, JsonValue>): Promise<ToolReply> {
    if (++this.calls > this.maxCalls)
      throw new AgentStopped(`${this.name} made ${this.maxCalls} calls without finishing`);
    const reply = await this.tools.call(name, args);
    if (reply.isError) {
      this.toolErrors += 1;
      if (reply.code === "EPISODE_OVER" || reply.code === "CALL_LIMIT" || reply.code === "JOB_LIMIT") {
        throw new AgentStopped(`${name}: ${reply.text}`);
      }
    }
    return reply;
  }

  /** Starts a gold step. Returns false when the tool refused it as busy (try again after a wait). */
  async start(step: GoldStep): Promise<boolean> {
    if (this.busy.has(step.tool)) return false;
    const reply = await this.call(step.tool, this.plan.argsFor(step));
    if (reply.isError) {
      if (reply.code === "TOOL_BUSY") {
        this.busy.add(step.tool);
        return false;
      }
      throw new AgentStopped(`${step.tool} refused a gold step: ${reply.text}`);
    }
    const handle = reply.structured as unknown as Handle;
    this.now = handle.started_at ?? this.now + 1;
    this.plan.started(step, handle.job_id, this.now);
    this.plan.saw(handle);
    if (handle.ended_at !== undefined) this.now = Math.max(this.now, handle.ended_at);
    return true;
  }

  async answer(task: Task): Promise<void> {
    await this.call("submit_answer", { task_id: task.id, answer: this.plan.answerFor(task) });
    this.now += 1;
    this.plan.markAnswered(task.id);
  }

  async answerReady(): Promise<boolean> {
    const tasks = this.plan.answerableTasks();
    for (const task of tasks) await this.answer(task);
    return tasks.length > 0;
  }

  /** Blocks until one (or all) of the jobs ends; every handle in the answer is taken in. */
  async wait(jobs: readonly string[], mode: "any" | "all"): Promise<void> {
    const reply = await this.call("wait_for_jobs", { job_ids: [...jobs], mode });
    const handles = (reply.structured?.jobs as Handle[] | undefined) ?? [];
    // A wait returns at once if a job had already ended, else when the first one ends.
    this.now = Math.max(this.now + 1, ...handles.map((h) => h.ended_at ?? 0));
    this.takeHandles(handles);
  }

  /** One non-blocking look at a job. Returns whether it has ended. */
  async check(job: string): Promise<boolean> {
    const reply = await this.call("check_job", { job_id: job });
    this.now += 1;
    const handle = reply.structured?.job as Handle | undefined;
    if (handle) this.takeHandles([handle]);
    return handle !== undefined && handle.status !== "working";
  }

  summary(): AgentRunSummary {
    return { agent: this.name, calls: this.calls, toolErrors: this.toolErrors, finished: this.plan.finished };
  }

  private takeHandles(handles: readonly Handle[]): void {
    if (handles.some((h) => h.status !== "working")) this.busy.clear();
    for (const handle of handles) this.plan.saw(handle);
  }
}
