import { z } from "zod";
import { answerCheckSchema } from "../scenarios/schema.js";
import type { AccItem } from "./acc.js";
import { CAUSE_CLASSES } from "./causes.js";
import type { MelPair } from "./mel.js";

/**
 * The line formats of the exports. schema/acc-item.schema.json and schema/mel-pair.schema.json
 * are written from these (`npm run schema`), and a test keeps them equal and checks exported
 * lines against them.
 */

const count = z.number().int().nonnegative();
const distance = z.strictObject({
  turns: count.describe("Turns between the evidence turn and the question, the evidence turn excluded."),
  chars: count.describe("Characters of context after the evidence turn's block."),
});

export const accItemSchema = z
  .strictObject({
    id: z.string().describe("`episode/task`, or `episode/task/step.argument` for a derived question."),
    kind: z.enum(["task", "derived"]),
    episode: z
      .string()
      .describe("`scenario@seed:agent`, `#k` added from the second recording of the same three."),
    scenario: z.string(),
    seed: z.number().int(),
    agent: z.string().nullable().describe("The client's name from the recording's header."),
    task: z.string(),
    context: z
      .string()
      .describe("The brief, then every turn the agent received, in the layout of docs/exports.md."),
    question: z.string(),
    answer: z.string().describe("The gold answer: a text that passes `check`."),
    check: answerCheckSchema.describe(
      "The answer check of the scenario format, with every `$from` replaced by the value it reads: grade with the project's checks.",
    ),
    evidence: z
      .array(
        z.strictObject({
          step: z.string().describe("The gold step."),
          role: z
            .enum(["result", "call"])
            .describe("The turn delivered the step's result, or made its call."),
          job: z.number().int().positive().describe("The job's start order in the episode."),
          turn: z.number().int().positive().describe("The turn's number in this context."),
          distance,
        }),
      )
      .min(1),
    distance: distance.describe("The farthest evidence."),
    turns: count,
    contextChars: count,
  })
  .describe("One line of `asynctool export acc`.");

const action = z.strictObject({
  call: z.number().int().nonnegative().describe("The session call the action comes from."),
  label: z.string().describe("The normalised action (docs/exports.md, Actions)."),
  task: z.string().nullable(),
});

const message = z.union([
  z.strictObject({ role: z.literal("user"), content: z.string() }),
  z.strictObject({
    role: z.literal("assistant"),
    tool_call: z.strictObject({ id: z.string(), name: z.string(), arguments: z.json() }),
  }),
  z.strictObject({
    role: z.literal("tool"),
    tool_call_id: z.string(),
    name: z.string(),
    content: z.string(),
  }),
]);

const run = z.strictObject({
  episode: z.string(),
  agent: z.string().nullable(),
  success: z.boolean(),
  actions: z.array(action),
  messages: z
    .array(message)
    .describe("The trajectory in a chat layout: the brief, then each call and its answer."),
});

const causeClass = z.enum(CAUSE_CLASSES);

export const melPairSchema = z
  .strictObject({
    id: z.string().describe("`failed episode~successful episode`."),
    scenario: z.string(),
    seed: z.number().int(),
    failed: run,
    successful: run,
    alignment: z.strictObject({
      aligned: count.describe("Length of a longest common subsequence of the two action sequences."),
      commonPrefix: count,
    }),
    bifurcation: z.strictObject({
      index: count.describe(
        "The failed run's action index where the runs part (its length when it stopped short).",
      ),
      kind: z.enum(["unaligned", "omission", "stopped", "none"]),
      taken: z.string().nullable(),
      call: z.number().int().nonnegative().nullable(),
      task: z.string().nullable(),
      successAction: z.string().nullable(),
      successIndex: count,
    }),
    cause: causeClass.describe(
      "The run's cause class: the first in the documented order among its failed tasks.",
    ),
    causes: z.array(z.strictObject({ task: z.string(), cause: causeClass })),
  })
  .describe("One line of `asynctool export mel`.");

// The schemas and the types the exporters build must describe the same lines.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type AccItemMatches = Assert<Same<keyof z.infer<typeof accItemSchema>, keyof AccItem>>;
export type MelPairMatches = Assert<Same<keyof z.infer<typeof melPairSchema>, keyof MelPair>>;

export function accItemJsonSchema(): unknown {
  return { ...z.toJSONSchema(accItemSchema, { unrepresentable: "any" }), title: "asynctool-mcp ACC item" };
}

export function melPairJsonSchema(): unknown {
  return { ...z.toJSONSchema(melPairSchema, { unrepresentable: "any" }), title: "asynctool-mcp MEL pair" };
}
