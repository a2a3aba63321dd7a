import { z } from "zod";
import { defineJobTool } from "../tool-definition.js";

export const finish = defineJobTool({
  name: "finish",
  title: "Finish the episode",
  description:
    "Ends the episode now, whether or not every task has an answer (unanswered tasks count as failed). Jobs " +
    "still working are abandoned.",
  input: z.strictObject({
    reason: z.string().max(500).optional().describe("Why you are stopping (optional)."),
  }),
  output: z.object({ status: z.literal("finished"), unanswered: z.array(z.string()) }),
  annotations: {
    title: "Finish",
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
  run(args, { episode }) {
    const unanswered = episode.unansweredTasks();
    return {
      structured: { status: "finished", unanswered },
      text: `The episode is finished.${unanswered.length ? ` Unanswered: ${unanswered.join(", ")}.` : ""}`,
      after: () => episode.end("finished", args.reason ?? "the agent called finish"),
    };
  },
});
