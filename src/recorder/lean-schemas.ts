import { z } from "zod";
import {
  clientCancelEventSchema,
  endEventSchema,
  jobEventSchema,
  jsonValueSchema,
  noteEventSchema,
  noticeEventSchema,
  requestEventSchema,
  responseEventSchema,
} from "./format.js";

const FULL_SCHEMAS = [
  requestEventSchema,
  responseEventSchema,
  jobEventSchema,
  clientCancelEventSchema,
  noticeEventSchema,
  noteEventSchema,
  endEventSchema,
];

/**
 * The event schemas with their JSON-valued fields (args, result, data) accepted as they are, by
 * type. z.json()'s recursive union costs most of an event's check: the reader skips it because
 * JSON.parse only returns JSON, and the writer because `jsonFieldsArePlain` decides it far faster
 * (falling back to the full schema whenever it cannot).
 */
export const LEAN_EVENT_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map(
  FULL_SCHEMAS.map((schema) => [schema.shape.type.value, withoutJsonChecks(schema)]),
);

/** Each type's JSON-valued fields, and whether the field may be absent. */
const JSON_FIELDS: ReadonlyMap<string, readonly (readonly [string, boolean])[]> = new Map(
  FULL_SCHEMAS.map((schema) => [
    schema.shape.type.value,
    Object.entries(schema.shape).flatMap(([key, field]): (readonly [string, boolean])[] =>
      field === jsonValueSchema
        ? [[key, false]]
        : field instanceof z.ZodOptional && field.unwrap() === jsonValueSchema
          ? [[key, true]]
          : [],
    ),
  ]),
);

function withoutJsonChecks(schema: z.ZodObject): z.ZodObject {
  const lean: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    if (field === jsonValueSchema) lean[key] = z.unknown();
    else if (field instanceof z.ZodOptional && field.unwrap() === jsonValueSchema)
      lean[key] = z.unknown().optional();
  }
  return schema.extend(lean);
}

/**
 * Whether the JSON-valued fields of an event of this type pass the full schema and serialize as
 * its output would: then the lean schema's verdict and output are the full schema's. False when
 * unsure (the caller then asks the full schema).
 */
export function jsonFieldsArePlain(type: string, event: Record<string, unknown>): boolean {
  const fields = JSON_FIELDS.get(type);
  if (fields === undefined) return false;
  for (const [key, optional] of fields) {
    const value = event[key];
    if (value === undefined ? !optional : !isPlainJson(value)) return false;
  }
  return true;
}

/**
 * Whether z.json() accepts `value` and its output serializes exactly as `value` does: strings,
 * finite numbers, booleans, null, dense arrays, and objects with Object.prototype (or none) as
 * prototype and only ordinary string keys. It says false for anything else (z.json() may still
 * accept it, e.g. a class instance, or drop a `__proto__` key): the caller then asks zod.
 * Iterative, so deep nesting cannot overflow the stack.
 */
export function isPlainJson(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null) continue;
    switch (typeof item) {
      case "string":
      case "boolean":
        continue;
      case "number":
        if (!Number.isFinite(item)) return false;
        continue;
      case "object":
        break;
      default:
        return false;
    }
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        if (!(i in item)) return false;
        stack.push(item[i]);
      }
      continue;
    }
    const proto = Object.getPrototypeOf(item);
    if (proto !== Object.prototype && proto !== null) return false;
    if (Object.getOwnPropertySymbols(item).length > 0) return false;
    for (const key of Object.keys(item as object)) {
      if (key === "__proto__") return false;
      stack.push((item as Record<string, unknown>)[key]);
    }
  }
  return true;
}
