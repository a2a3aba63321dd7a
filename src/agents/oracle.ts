import type { BestSchedule } from "../engine/best-schedule.js";
import type { PlannedStep } from "../engine/best-schedule-input.js";
import type { AgentTools, Handle } from "./agent-tools.js";
import type { GoldPlan } from "./gold-plan.js";
import { type AgentRunSummary, AgentStopped, ScriptedAgent } from "./scripted-agent.js";

/** The search's schedule of the episode (step clock), with the steps it numbers. */
export interface OracleSchedule {
  readonly best: BestSchedule;
  readonly steps: readonly PlannedStep[];
}

/**
 * In the step clock the oracle plays the best schedule the search found (best-schedule.ts), call
 * for call: so "the oracle reaches M*" checks that the search's model of the server is the server.
 * Without one (the wall clock, or no schedule completes) it plays the greedy policy below.
 */
export async function runOracle(
  tools: AgentTools,
  plan: GoldPlan,
  schedule?: OracleSchedule,
): Promise<AgentRunSummary> {
  if (schedule && schedule.best.makespan !== null) return playSchedule(tools, plan, schedule);
  return runGreedyOracle(tools, plan);
}

async function playSchedule(
  tools: AgentTools,
  plan: GoldPlan,
  schedule: OracleSchedule,
): Promise<AgentRunSummary> {
  const agent = new ScriptedAgent("oracle", tools, plan);
  const jobOf = new Map<number, string>();
  for (const action of schedule.best.actions) {
    if (action.kind === "start") {
      const { step } = schedule.steps[action.step] as PlannedStep;
      const reply = await agent.call(step.tool, plan.argsFor(step));
      const handle = reply.structured as unknown as Handle | undefined;
      if (reply.isError || !handle)
        throw new AgentStopped(`${step.tool} refused a scheduled step: ${reply.text}`);
      jobOf.set(action.step, handle.job_id);
      plan.started(step, handle.job_id, handle.started_at ?? action.at);
      plan.saw(handle);
    } else if (action.kind === "collect") {
      await agent.wait(
        action.steps.map((i) => jobOf.get(i) as string),
        "all",
      );
    } else if (action.kind === "tick") {
      const running = plan.runningJobs()[0];
      if (running !== undefined) await agent.check(running);
    } else {
      const task = plan.scenario.tasks[action.task];
      if (task) await agent.answer(task);
    }
  }
  return agent.summary();
}

/**
 * Knows the gold DAG and schedules it as early as dependencies allow: it starts every ready
 * step (longest remaining path first), answers finished tasks while jobs run, and otherwise
 * blocks on wait_for_jobs until the first job ends. It never polls.
 */
async function runGreedyOracle(tools: AgentTools, plan: GoldPlan): Promise<AgentRunSummary> {
  const agent = new ScriptedAgent("oracle", tools, plan);
  while (!plan.finished) {
    let started = false;
    for (const step of plan.readySteps()) started = (await agent.start(step)) || started;
    if (started) continue;
    // A job that has ended (the oracle knows every latency) and unlocks work is collected before
    // answering: an answer can wait, a critical path cannot.
    const due = plan.dueAndUseful(agent.now + 1);
    if (due.length > 0) {
      await agent.wait(due, "any");
      continue;
    }
    if (await agent.answerReady()) continue;
    const running = plan.runningJobs();
    if (running.length === 0) break;
    await agent.wait(running, "any");
  }
  return agent.summary();
}
