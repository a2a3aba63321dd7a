import type { AgentTools } from "./agent-tools.js";
import type { GoldPlan } from "./gold-plan.js";
import { type AgentRunSummary, ScriptedAgent } from "./scripted-agent.js";

/**
 * Knows the gold DAG and schedules it as early as dependencies allow: it starts every ready
 * step (longest remaining path first), answers finished tasks while jobs run, and otherwise
 * blocks on wait_for_jobs until the first job ends. It never polls.
 */
export async function runOracle(tools: AgentTools, plan: GoldPlan): Promise<AgentRunSummary> {
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
