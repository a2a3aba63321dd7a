import { z } from "zod";
import {
  cancellerSchema,
  clockKindSchema,
  endStatusSchema,
  jobStatusSchema,
  modeSchema,
} from "../engine/types.js";
import {
  clientCancelEventSchema,
  endEventSchema,
  jobEventSchema,
  jsonValueSchema,
  noteEventSchema,
  noticeEventSchema,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  requestEventSchema,
  responseEventSchema,
} from "./format.js";

/**
 * Object.prototype.hasOwnProperty, called as `hasOwnKey.call(object, key)` in the hand checks'
 * `for…in` loops rather than `Object.hasOwn`: the optimising compiler proves a key of the loop's
 * own object own from the object's map and drops the call, where `Object.hasOwn` stays a call
 * into a builtin (about 100 instructions a key, a tool call's four lines have some 50 keys).
 * The same answer for any object and string key.
 */
const hasOwnKey = Object.prototype.hasOwnProperty;

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
  return plainWithin(value, RECURSION_DEPTH) ?? plainJsonIteratively(value);
}

/**
 * How deep `plainWithin` recurses before it leaves the value to the iterative walk: deeper than
 * any call's arguments or result need, far from the stack's limit.
 */
const RECURSION_DEPTH = 64;

/**
 * `isPlainJson` by recursion, which needs no array of its own (this walks every call's arguments
 * and results, and the iterative walk's stack was garbage each time); undefined when the value
 * is nested deeper than `depth`.
 */
function plainWithin(value: unknown, depth: number): boolean | undefined {
  if (value === null) return true;
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object":
      break;
    default:
      return false;
  }
  if (depth === 0) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return false;
      const plain = plainWithin(value[i], depth - 1);
      if (plain !== true) return plain;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  for (const key in value) {
    if (!hasOwnKey.call(value, key)) continue;
    if (key === "__proto__") return false;
    const plain = plainWithin((value as Record<string, unknown>)[key], depth - 1);
    if (plain !== true) return plain;
  }
  return true;
}

function plainJsonIteratively(value: unknown): boolean {
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
    // `for…in` rather than Object.keys: no array per object (this walks every call's arguments
    // and results). An enumerable key it meets on the prototype is skipped, as Object.keys would.
    for (const key in item as object) {
      if (!hasOwnKey.call(item, key)) continue;
      if (key === "__proto__") return false;
      stack.push((item as Record<string, unknown>)[key]);
    }
  }
  return true;
}

export type Check = (value: unknown) => boolean;

// Exported for event-line.ts, which serialises a field these check with the check folded in.
export const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
export const nonNegative: Check = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0;
export const text: Check = (v) => typeof v === "string";
export const flag: Check = (v) => typeof v === "boolean";
const oneOf = (values: readonly string[]): Check => {
  const set = new Set(values);
  return (v) => typeof v === "string" && set.has(v);
};
const texts: Check = (v) => {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!(i in v) || typeof v[i] !== "string") return false;
  return true;
};

/** field → [check, optional]. A field absent from the table is never vouched for. */
type Fields = Readonly<Record<string, readonly [Check, boolean]>>;
export interface Field {
  readonly check: Check;
  readonly optional: boolean;
}
export interface Shape {
  readonly fields: ReadonlyMap<string, Field>;
  /** How many of the fields are required. */
  readonly required: number;
}

const shape = (fields: Fields): Shape => {
  const map = new Map<string, Field>();
  for (const [key, [check, optional]] of Object.entries(fields)) map.set(key, { check, optional });
  return { fields: map, required: [...map.values()].filter((field) => !field.optional).length };
};

/**
 * Own keys only those of the shape (optional ones may be absent or undefined), each passing.
 * A `for…in` and a count of the required keys met, rather than Object.keys and a lookup of each
 * required key: no array per event (a million of them on a large recording, for the collector).
 */
function fits(value: unknown, { fields, required }: Shape): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const object = value as Record<string, unknown>;
  let met = 0;
  for (const key in object) {
    const field = fields.get(key);
    // An enumerable key inherited from Object.prototype is refused: the schema reads own keys.
    if (field === undefined || !hasOwnKey.call(object, key)) return false;
    const item = object[key];
    if (item === undefined ? !field.optional : !field.check(item)) return false;
    if (!field.optional) met += 1;
  }
  return met === required;
}

const STEP_REF = shape({ task: [text, false], step: [text, false] });
const JOB_ERROR = shape({ code: [text, false], message: [text, false], retryable: [flag, false] });
const stepRef: Check = (v) => fits(v, STEP_REF);
const jobError: Check = (v) => fits(v, JOB_ERROR);

const STAMP = { seq: [count, false], wall: [nonNegative, false], t: [nonNegative, false] } as const;

/**
 * The three events of every tool call, checked by hand: each field as its schema in format.ts
 * states it, the JSON-valued ones by `json`. Anything rarer (a `truncated` map, another event
 * type) is left to the schemas.
 */
const toolCallEvents = (json: Check): ReadonlyMap<string, Shape> =>
  new Map<string, Shape>([
    [
      "request",
      shape({
        type: [(v) => v === "request", false],
        ...STAMP,
        call: [count, false],
        tool: [text, false],
        args: [json, false],
        via: [(v) => v === "tasks", true],
      }),
    ],
    [
      "response",
      shape({
        type: [(v) => v === "response", false],
        ...STAMP,
        call: [count, false],
        isError: [flag, false],
        code: [text, true],
        job: [text, true],
        inline: [flag, true],
        delivered: [texts, true],
        result: [json, true],
        clientCancelled: [flag, true],
      }),
    ],
    [
      "job",
      shape({
        type: [(v) => v === "job", false],
        ...STAMP,
        job: [text, false],
        tool: [text, false],
        status: [oneOf(jobStatusSchema.options), false],
        call: [count, true],
        args: [json, true],
        latency: [nonNegative, true],
        finishAt: [nonNegative, true],
        step: [stepRef, true],
        result: [json, true],
        error: [jobError, true],
        by: [oneOf(cancellerSchema.options), true],
      }),
    ],
  ]);

/**
 * The end line, once per session: it has no JSON-valued field, and its `truncated` map (a reason
 * cut to its cap) is left to the schemas.
 */
const END_EVENT = shape({
  type: [(v) => v === "end", false],
  ...STAMP,
  status: [oneOf(endStatusSchema.options), false],
  reason: [text, true],
  probe: [(v) => v === true, true],
});

/**
 * The writer's: JSON-valued fields as the full schema takes them; and the end line. Also what
 * event-line.ts builds a line from in one pass (the same checks, the same verdicts).
 */
export const PLAIN_EVENTS: ReadonlyMap<string, Shape> = new Map([
  ...toolCallEvents(isPlainJson),
  ["end", END_EVENT],
]);

/**
 * The reader's: any JSON-valued field, as its lean schema takes it (LEAN_EVENT_SCHEMAS accepts
 * whatever JSON.parse returned there), so walking args and results would change no verdict.
 */
const PARSED_EVENTS = toolCallEvents(() => true);

/**
 * Whether a request, response, job or end event certainly passes its full schema and serializes as
 * its output would, checked without zod (a schema parse per event was the recorder's largest
 * cost after JSON.stringify). False when unsure: the caller then asks the schemas, which also
 * word the refusal.
 */
export function plainEventFits(type: string, event: Record<string, unknown>): boolean {
  const eventShape = PLAIN_EVENTS.get(type);
  return eventShape !== undefined && fits(event, eventShape);
}

/**
 * Whether a request, response or job event read by JSON.parse certainly passes its lean schema
 * (LEAN_EVENT_SCHEMAS), checked without zod. False when unsure: the reader then asks that schema,
 * which also words the refusal.
 */
export function parsedEventFits(type: string, event: Record<string, unknown>): boolean {
  const eventShape = PARSED_EVENTS.get(type);
  return eventShape !== undefined && fits(event, eventShape);
}

/** A plain object (Object.prototype) whose own enumerable keys are ordinary and whose values pass `check`. */
const recordOf =
  (check: Check): Check =>
  (v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
    if (Object.getPrototypeOf(v) !== Object.prototype) return false;
    if (Object.getOwnPropertySymbols(v).length > 0) return false;
    for (const key in v) {
      if (!hasOwnKey.call(v, key) || key === "__proto__") return false;
      if (!check((v as Record<string, unknown>)[key])) return false;
    }
    return true;
  };
const positive: Check = (v) => typeof v === "number" && Number.isFinite(v) && v > 0;
const NAME_VERSION = shape({ name: [text, false], version: [text, false] });
const SCENARIO_REF = shape({
  id: [text, false],
  title: [text, false],
  hash: [text, false],
  file: [text, true],
});

const HEADER = shape({
  type: [(v) => v === "header", false],
  format: [(v) => v === RECORDING_FORMAT, false],
  version: [(v) => v === RECORDING_VERSION, false],
  server: [(v) => fits(v, NAME_VERSION), false],
  session: [text, false],
  startedAt: [text, false],
  scenario: [(v) => fits(v, SCENARIO_REF), false],
  seed: [Number.isSafeInteger, false],
  mode: [oneOf(modeSchema.options), false],
  clock: [oneOf(clockKindSchema.options), false],
  timeScale: [positive, false],
  unitMs: [positive, false],
  client: [(v) => v === null || fits(v, NAME_VERSION), false],
  schedule: [recordOf(recordOf(nonNegative)), false],
  options: [recordOf(isPlainJson), true],
});

/**
 * Whether a recording header certainly passes `headerSchema`, checked without zod: the header is
 * checked once per session, as its recording opens, and the schema's parse (its `options` through
 * z.json()) was most of what opening a recording cost the event loop. False when unsure: the
 * caller then asks the schema, which also words the refusal.
 */
export function headerFits(header: unknown): boolean {
  return fits(header, HEADER);
}
