import { bestSchedule } from "../engine/best-schedule.js";
import { bestScheduleInput } from "../engine/best-schedule-input.js";
import { sampleSchedule } from "../engine/episode.js";
import type { ClockKind, DeliveryMode } from "../engine/types.js";
import type { Scenario } from "../scenarios/scenario.js";
import type { AgentTools } from "./agent-tools.js";
import { GoldPlan } from "./gold-plan.js";
import { type OracleSchedule, runOracle } from "./oracle.js";
import { runPoller } from "./poller.js";
import type { AgentRunSummary } from "./scripted-agent.js";
import { runSequential } from "./sequential.js";

export const AGENT_NAMES = ["oracle", "sequential", "poller"] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

export interface AgentEpisode {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly mode: DeliveryMode;
  readonly clock: ClockKind;
}

const RUNNERS: Record<
  AgentName,
  (tools: AgentTools, plan: GoldPlan, schedule: OracleSchedule | undefined) => Promise<AgentRunSummary>
> = {
  oracle: runOracle,
  sequential: runSequential,
  poller: runPoller,
};

/**
 * Runs a reference agent through one episode. The agents know the gold steps, and the latency
 * schedule of the episode's seed (in the step clock the oracle plays the best schedule; in the
 * wall clock it ranks steps by their remaining critical path).
 */
export function runAgent(
  name: AgentName,
  tools: AgentTools,
  episode: AgentEpisode,
): Promise<AgentRunSummary> {
  const schedule = sampleSchedule(episode.scenario, episode.seed, episode.mode, episode.clock);
  const plan = new GoldPlan(episode.scenario, (task, step) => schedule[task]?.[step] ?? 1);
  const best =
    name === "oracle" && episode.clock === "step"
      ? bestScheduleInput(episode.scenario, schedule, episode.seed, episode.mode)
      : undefined;
  return RUNNERS[name](tools, plan, best ? { best: bestSchedule(best.input), steps: best.steps } : undefined);
}

export type { AgentRunSummary } from "./scripted-agent.js";
export { AgentStopped } from "./scripted-agent.js";
