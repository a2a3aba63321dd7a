import { z } from "zod";
import { DomainError } from "../domains/shared/types.js";
import { getPath, isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import type { FaultSpec, LatencySpec } from "./latency-spec.js";
import { argsMatch, compileMatcher, type Matcher, type MatcherIssue } from "./matchers.js";
import { portableJsonSchema } from "./portable-json-schema.js";
import { DECLARED_DOMAIN, type ScenarioTool } from "./scenario.js";
import type { DeclaredToolSpec } from "./schema.js";

/**
 * Tools declared in a scenario file as response tables, so a user adds tools without code:
 * the first response whose `when` matchers accept the arguments answers, with `{{args.x}}`
 * placeholders filled from the arguments; else the default; else NOT_FOUND. Stateless.
 */

interface CompiledResponse {
  readonly when: Readonly<Record<string, Matcher>>;
  readonly answer:
    | { readonly result: JsonValue }
    | { readonly error: { message: string; code?: string | undefined } };
}

export interface DeclaredToolIssue extends MatcherIssue {}

export function compileDeclaredTool(
  spec: DeclaredToolSpec,
  latency: LatencySpec,
  faults: FaultSpec,
  issues: DeclaredToolIssue[],
): ScenarioTool {
  let input: z.ZodObject;
  try {
    const converted = z.fromJSONSchema(spec.input as z.core.JSONSchema.JSONSchema);
    if (!(converted instanceof z.ZodObject))
      throw new Error("it does not describe an object with properties");
    input = converted;
  } catch (error) {
    issues.push({ path: ["input"], message: `not a usable JSON Schema: ${(error as Error).message}` });
    input = z.object({});
  }
  const responses: CompiledResponse[] = spec.responses.map((response, i) => {
    const when: Record<string, Matcher> = {};
    for (const [key, value] of Object.entries(response.when ?? {})) {
      when[key] = compileMatcher(value, issues, ["responses", i, "when", key]);
    }
    return { when, answer: "result" in response ? { result: response.result } : { error: response.error } };
  });
  const fallback = spec.default;

  return {
    name: spec.name,
    domain: DECLARED_DOMAIN,
    description: spec.description,
    input,
    inputJsonSchema: portableJsonSchema(spec.input as JsonObject),
    output: undefined,
    readOnly: spec.readOnly,
    // A declared tool says only whether it reads: a writer may destroy, as MCP assumes by default.
    destructive: !spec.readOnly,
    idempotent: spec.readOnly,
    latency,
    faults,
    run(_states, args) {
      const answer = declaredAnswer(responses, args) ?? fallback;
      if (!answer) {
        throw new DomainError(
          "NOT_FOUND",
          `${spec.name} has no answer for these arguments; check them against the tool's description.`,
        );
      }
      if ("error" in answer) {
        throw new DomainError("DECLARED_ERROR", fillTemplate(answer.error.message, args) as string);
      }
      return fillTemplate(answer.result, args);
    },
  };
}

/** The answer of the first response whose `when` the arguments match (a loop: no closure per call). */
function declaredAnswer(
  responses: readonly CompiledResponse[],
  args: JsonObject,
): CompiledResponse["answer"] | undefined {
  for (const response of responses) if (argsMatch(response.when, args)) return response.answer;
  return undefined;
}

const WHOLE = /^\{\{\s*args\.([^}\s]+)\s*\}\}$/;
const EMBEDDED = /\{\{\s*args\.([^}\s]+)\s*\}\}/g;

/** Fills `{{args.path}}`: a string that is only a placeholder takes the argument's value and type. */
export function fillTemplate(value: JsonValue, args: JsonObject): JsonValue {
  if (typeof value === "string") {
    // Most strings of an answer hold no placeholder: returned as they are, without a regex match.
    if (!value.includes("{{")) return value;
    const whole = WHOLE.exec(value);
    if (whole) return (getPath(args, whole[1] as string) as JsonValue | undefined) ?? null;
    return value.replace(EMBEDDED, (_, path: string) => {
      const v = getPath(args, path);
      return v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((item) => fillTemplate(item, args));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    // `for…in` over own keys, in Object.entries' order: no array of pairs per answer.
    for (const key in value)
      if (Object.hasOwn(value, key)) out[key] = fillTemplate(value[key] as JsonValue, args);
    return out;
  }
  return value;
}
