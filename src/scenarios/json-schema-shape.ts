import type { JsonObject } from "../json.js";
import { isJsonObject } from "../json.js";

/**
 * Small, lenient readers of JSON Schema used to check scenarios against tool schemas. Lenient:
 * where a schema is too rich to read (refs, combinators we do not follow), they say "maybe".
 */

export type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

/** Whether a schema may accept some value of the given JSON type. */
export function mayAcceptType(schema: unknown, type: JsonType): boolean {
  if (!isJsonObject(schema)) return true;
  for (const key of ["anyOf", "oneOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return options.some((option) => mayAcceptType(option, type));
  }
  if (Array.isArray(schema.enum))
    return schema.enum.some((v) => typeOf(v) === type || (type === "number" && typeOf(v) === "integer"));
  if (schema.const !== undefined) return typeOf(schema.const) === type;
  const declared = schema.type;
  if (declared === undefined) return true;
  const types = Array.isArray(declared) ? declared : [declared];
  return types.some(
    (t) => t === type || (t === "number" && type === "integer") || (t === "integer" && type === "number"),
  );
}

function typeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

export function propertiesOf(schema: unknown): Record<string, unknown> | undefined {
  if (!isJsonObject(schema)) return undefined;
  return isJsonObject(schema.properties) ? (schema.properties as Record<string, unknown>) : undefined;
}

export function requiredOf(schema: unknown): string[] {
  if (!isJsonObject(schema) || !Array.isArray(schema.required)) return [];
  return schema.required.filter((k): k is string => typeof k === "string");
}

/**
 * The sub-schema at a path of a result (object keys, array indexes); `null` when the schema
 * says the path cannot exist, `undefined` when it cannot tell.
 */
export function schemaAtPath(schema: unknown, path: readonly string[]): unknown | null | undefined {
  let current: unknown = schema;
  for (const segment of path) {
    if (!isJsonObject(current)) return undefined;
    const options = (current.anyOf ?? current.oneOf) as unknown;
    if (Array.isArray(options)) {
      const found = options.map((o) => schemaAtPath(o, [segment])).find((s) => s !== null);
      if (found === undefined) return undefined;
      current = found;
      continue;
    }
    if (isJsonObject(current.items) && /^-?\d+$/.test(segment)) {
      current = current.items;
      continue;
    }
    const props = propertiesOf(current);
    if (props) {
      if (Object.hasOwn(props, segment)) {
        current = props[segment];
        continue;
      }
      if (current.additionalProperties === undefined || current.additionalProperties === false) return null;
      current = current.additionalProperties;
      continue;
    }
    if (isJsonObject(current.additionalProperties)) {
      current = current.additionalProperties;
      continue;
    }
    return current.type === undefined ? undefined : null;
  }
  return current;
}

export function fieldNames(schema: unknown): string[] {
  return Object.keys(propertiesOf(schema) ?? {});
}

export type { JsonObject };
