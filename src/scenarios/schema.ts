import { z } from "zod";
import { clockKindSchema, modeSchema } from "../engine/types.js";
import { faultSpecSchema, latencySpecSchema } from "./latency-spec.js";

/**
 * The scenario file format: what a user writes (YAML or JSON). This schema checks shape only;
 * compile.ts checks meaning (tools exist, dependencies form a DAG, matchers fit input schemas)
 * and turns the file into a runnable Scenario. docs/scenario-format.md documents every field.
 */

const id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "use letters, digits, '.', '_' or '-', starting with a letter or digit",
  );

/** A matcher for one argument value; compiled and checked by matchers.ts (see the docs for `$` forms). */
const matcher = z
  .json()
  .describe("A literal (exact match) or a `$` matcher: $eq, $ci, $regex, $approx, $oneOf, $any, $from.");

/** A value an answer or state check expects: a literal, or `{ $from: "step.path" }` (a field of a step's result). */
const expected = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.strictObject({ $from: z.string().describe("`stepId.path.to.field` of a step of the same task.") }),
]);

export const answerCheckSchema = z.union([
  z
    .strictObject({ exact: expected })
    .describe("The answer equals the value exactly (as text, surrounding spaces trimmed)."),
  z
    .strictObject({ normalized: expected })
    .describe(
      "The value, alone or stated in a short sentence, after folding case and punctuation; naming an alternative the instruction offers fails.",
    ),
  z
    .strictObject({
      number: expected,
      tolerance: z.number().nonnegative().optional().describe("Absolute tolerance; default 1e-6."),
    })
    .describe(
      "A number of the answer is within tolerance of the value, and no other states a conflicting value of the same quantity.",
    ),
  z
    .strictObject({ contains: z.union([expected, z.array(expected).min(1)]) })
    .describe(
      "The answer names every value as whole words, is not far longer than they are, and names no alternative the instruction offers.",
    ),
  z
    .strictObject({
      choice: expected,
      options: z
        .array(z.union([z.string().min(1), z.number()]))
        .min(2)
        .describe("Every option the question offers; the expected value is one of them."),
    })
    .describe("The answer names exactly one of the options, the expected one."),
  z
    .strictObject({
      regex: z.string(),
      flags: z
        .string()
        .regex(/^[imsu]*$/)
        .optional(),
      example: z.string().describe("An answer that passes: what the oracle agent answers."),
    })
    .describe("The answer matches the regular expression."),
  z
    .strictObject({ any: z.literal(true) })
    .describe("Any answer passes (the task is judged by its state check)."),
]);

const statePath = z.union([z.string().min(1), z.array(z.union([z.string(), z.number().int()])).min(1)]);

export const stateCheckSchema = z.union([
  z.strictObject({ path: statePath, equals: z.union([expected, z.json()]) }),
  z.strictObject({ path: statePath, exists: z.boolean() }),
  z.strictObject({ path: statePath, count: z.number().int().nonnegative() }),
]);

export const stepSchema = z.strictObject({
  id,
  tool: z.string().min(1).describe("A tool of the scenario: `name` or `domain.name`."),
  args: z.record(z.string(), matcher).default({}).describe("Expected arguments, one matcher per argument."),
  after: z.array(id).default([]).describe("Steps of the same task whose results this step needs."),
});

export const taskSchema = z.strictObject({
  id,
  instruction: z.string().min(1),
  steps: z.array(stepSchema).min(1, "a task needs at least one gold step"),
  answer: answerCheckSchema,
  state: z.array(stateCheckSchema).optional().describe("Checks on the final domain state."),
});

const responseSchema = z.union([
  z.strictObject({
    when: z.record(z.string(), matcher).optional(),
    result: z.json().describe("Returned when `when` matches; strings may use {{args.name}}."),
  }),
  z.strictObject({
    when: z.record(z.string(), matcher).optional(),
    error: z.strictObject({ message: z.string().min(1), code: z.string().optional() }),
  }),
]);

export const declaredToolSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "tool names are snake_case"),
  description: z.string().min(1),
  input: z
    .looseObject({ type: z.literal("object") })
    .describe("JSON Schema of the arguments (an object schema)."),
  readOnly: z.boolean().default(true),
  responses: z
    .array(responseSchema)
    .default([])
    .describe("Tried in order; the first whose `when` matches answers."),
  default: z
    .union([
      z.strictObject({ result: z.json() }),
      z.strictObject({ error: z.strictObject({ message: z.string(), code: z.string().optional() }) }),
    ])
    .optional()
    .describe("The answer when no response matches; without it such a call fails with NOT_FOUND."),
});

export const limitsSchema = z.strictObject({
  maxJobs: z.number().int().positive().default(500).describe("Jobs an episode may start."),
  maxCalls: z.number().int().positive().default(2000).describe("Tool calls an episode accepts."),
  jobTtl: z
    .number()
    .positive()
    .optional()
    .describe("A job still working after this long (latency units) expires."),
  timeLimit: z
    .number()
    .positive()
    .optional()
    .describe("The episode ends as `timeout` after this long (latency units)."),
});

export const scenarioFileSchema = z.strictObject({
  $schema: z.string().optional(),
  id,
  title: z.string().min(1),
  description: z.string().optional(),
  clock: clockKindSchema.default("step"),
  mode: modeSchema.default("async"),
  unitMs: z
    .number()
    .positive()
    .default(1000)
    .describe("Milliseconds one latency unit lasts in the wall clock."),
  limits: limitsSchema.default(limitsSchema.parse({})),
  domains: z
    .record(z.string(), z.strictObject({ state: z.record(z.string(), z.json()).default({}) }))
    .default({}),
  tools: z.array(declaredToolSchema).default([]),
  latency: z
    .record(z.string(), latencySpecSchema)
    .default({})
    .describe("Tool pattern (`name`, `domain.name`, `domain.*`, `*`) → latency."),
  faults: z.record(z.string(), faultSpecSchema).default({}).describe("Tool pattern → faults."),
  tasks: z.array(taskSchema).min(1, "an episode needs at least one task"),
  meta: z
    .record(z.string(), z.json())
    .optional()
    .describe("Free-form facts about where the episode came from (generator, templates, latency profile)."),
});

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type ScenarioFileInput = z.input<typeof scenarioFileSchema>;
export type TaskSpec = z.infer<typeof taskSchema>;
export type StepSpec = z.infer<typeof stepSchema>;
export type AnswerCheckSpec = z.infer<typeof answerCheckSchema>;
export type StateCheckSpec = z.infer<typeof stateCheckSchema>;
export type ExpectedSpec = z.infer<typeof expected>;
export type DeclaredToolSpec = z.infer<typeof declaredToolSchema>;

/** The JSON Schema published in schema/scenario.schema.json for editor completion. */
export function scenarioJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(scenarioFileSchema, { io: "input", unrepresentable: "any" }),
    title: "asynctool-mcp scenario",
  };
}
