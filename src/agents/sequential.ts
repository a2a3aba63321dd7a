import type { AgentTools } from "./agent-tools.js";
import type { GoldPlan } from "./gold-plan.js";
import { type AgentRunSummary, ScriptedAgent } from "./scripted-agent.js";

/**
 * The blocking baseline: one task after another, one step at a time, each started and then
 * waited for before anything else happens. It needs exactly the sequential bound S.
 */
export async function runSequential(tools: AgentTools, plan: GoldPlan): Promise<AgentRunSummary> {
  const agent = new ScriptedAgent("sequential", tools, plan);
  for (const task of plan.scenario.tasks) {
    for (;;) {
      const step = plan.readyInOrder().find((s) => s.task === task.id);
      if (!step) break;
      await agent.start(step);
      // A refused or failed start leaves the step ready: the loop starts it again.
      for (let job = plan.runningJobs()[0]; job !== undefined; job = plan.runningJobs()[0])
        await agent.wait([job], "all");
    }
    if (plan.answerableTasks().some((t) => t.id === task.id)) await agent.answer(task);
  }
  return agent.summary();
}
