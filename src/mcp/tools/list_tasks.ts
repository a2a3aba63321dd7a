import { z } from "zod";
import { episodeBrief } from "../brief.js";
import { defineJobTool } from "../tool-definition.js";

export const listTasks = defineJobTool({
  name: "list_tasks",
  title: "List the episode's tasks",
  description:
    "Returns the episode brief: every task to do, with its id and instruction and whether it has an answer yet, " +
    "and how the slow tools of this episode deliver their results.",
  input: z.strictObject({}),
  output: z.object({
    episode: z.object({ id: z.string(), title: z.string(), mode: z.string(), clock: z.string() }),
    tasks: z.array(z.object({ task_id: z.string(), instruction: z.string(), answered: z.boolean() })),
    brief: z.string(),
  }),
  annotations: { title: "List tasks", readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  run(_args, { episode, era }) {
    const unanswered = new Set(episode.unansweredTasks());
    const brief = episodeBrief(episode, era);
    return {
      structured: {
        episode: {
          id: episode.scenario.id,
          title: episode.scenario.title,
          mode: episode.mode,
          clock: episode.clockKind,
        },
        tasks: episode.scenario.tasks.map((t) => ({
          task_id: t.id,
          instruction: t.instruction.trim(),
          answered: !unanswered.has(t.id),
        })),
        brief,
      },
      text: brief,
    };
  },
});
