import { z } from "zod";
import { defineJobTool } from "../tool-definition.js";

export const submitAnswerInput = z.strictObject({
  task_id: z.string().min(1).describe("The task's id, as list_tasks gives it."),
  answer: z
    .union([z.string(), z.number(), z.boolean()])
    .describe("The task's final answer, as asked by its instruction."),
});

export const submitAnswer = defineJobTool({
  name: "submit_answer",
  title: "Answer a task",
  description:
    "Gives the final answer of one task. A later answer to the same task replaces the earlier one. When every " +
    "task has an answer, the episode ends.",
  input: submitAnswerInput,
  output: z.object({
    task_id: z.string(),
    accepted: z.boolean(),
    unanswered: z.array(z.string()).describe("Tasks that still need an answer."),
    episode_over: z.boolean(),
  }),
  annotations: {
    title: "Answer a task",
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  run(args, { episode }) {
    episode.submitAnswer(args.task_id, String(args.answer));
    const unanswered = episode.unansweredTasks();
    const over = unanswered.length === 0;
    return {
      structured: { task_id: args.task_id, accepted: true, unanswered, episode_over: over },
      text: over
        ? `Answer to ${args.task_id} recorded. Every task has an answer: the episode is over.`
        : `Answer to ${args.task_id} recorded. Still to answer: ${unanswered.join(", ")}.`,
      after: () => episode.endIfAllAnswered(),
    };
  },
});
