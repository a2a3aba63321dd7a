import type { JsonValue } from "../json.js";
import { isJsonObject } from "../json.js";

/**
 * A JSON Schema as zod writes it, rewritten into the subset that function-calling APIs accept
 * (several refuse a `type` given as a list), meaning the same:
 *
 * - `type: ["string", "number"]` becomes `anyOf: [{ type: "string" }, { type: "number" }]`;
 * - zod writes `.int()` as bounds of ±(2^53 − 1), the safe-integer range, which are no limit a tool
 *   enforces and read to a model as one ("nights: at most 9007199254740991"): they are dropped, so
 *   the bounds left are the ones the tool checks.
 */
export function portableJsonSchema<T extends JsonValue>(schema: T): T {
  return rewrite(schema) as T;
}

function rewrite(node: JsonValue): JsonValue {
  if (Array.isArray(node)) return node.map(rewrite);
  if (!isJsonObject(node)) return node;
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === "minimum" && value === Number.MIN_SAFE_INTEGER) continue;
    out[key] = rewrite(value);
  }
  const types = out.type;
  if (Array.isArray(types)) {
    delete out.type;
    const options = types.map((type) => ({ type }));
    // A schema that already has an anyOf keeps it: both must hold, so the list goes under allOf.
    if (out.anyOf === undefined) out.anyOf = options;
    else out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { anyOf: options }];
  }
  return out;
}
