import type { AgentTools } from "./agent-tools.js";
import type { GoldPlan } from "./gold-plan.js";
import { type AgentRunSummary, ScriptedAgent } from "./scripted-agent.js";

/**
 * Starts everything it can, then polls in a loop: check_job on its oldest running job, again and
 * again until that job has ended, before it looks for new work. It overlaps work like the
 * oracle, but it burns calls on polls that find nothing (wasted polls, busy-wait runs), and a
 * younger job that ends first waits unnoticed behind the oldest one (head-of-line blocking).
 */
export async function runPoller(tools: AgentTools, plan: GoldPlan): Promise<AgentRunSummary> {
  const agent = new ScriptedAgent("poller", tools, plan);
  while (!plan.finished) {
    let started = false;
    // It knows no latencies: it starts ready steps in the order the tasks list them.
    for (const step of plan.readyInOrder()) started = (await agent.start(step)) || started;
    if (started) continue;
    if (await agent.answerReady()) continue;
    const oldest = plan.runningJobs()[0];
    if (oldest === undefined) break;
    while (!(await agent.check(oldest))) {
      // Poll the same job until it ends.
    }
  }
  return agent.summary();
}
