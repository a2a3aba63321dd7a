import { type Check, count, flag, nonNegative, PLAIN_EVENTS, type Shape, text } from "./lean-schemas.js";
import { wallJson } from "./wall-json.js";

/**
 * A stamped event's recording line, checked and serialised in one pass over the event's own keys,
 * without the stamped object: what the sink's general path writes (stamp `{ type, seq, wall, t,
 * ...event }`, check it with `plainEventFits`, `JSON.stringify` it), for the events that check
 * passes. Per instant call that path spent about as much on the stamped object (a spread into an
 * object literal) and the check's own loop as on the stringify itself. The checks are the same
 * (PLAIN_EVENTS, lean-schemas.ts); `seq`, the sink's own counter, is not checked again.
 */

const hasOwnKey = Object.prototype.hasOwnProperty;

/**
 * How a field is checked and printed. The checks of a tool call's ids, names, counts, times and
 * flags are folded into the printing of their value (a switch the optimising compiler inlines),
 * where calling each field's own check went through one call site for every kind of check, which
 * V8 could not inline. Any other check (a JSON value, a status, a step) is called.
 */
const TEXT = 0;
const COUNT = 1;
const NUMBER = 2;
const FLAG = 3;
const CALLED = 4;

function kindOf(check: Check): number {
  if (check === text) return TEXT;
  if (check === count) return COUNT;
  if (check === nonNegative) return NUMBER;
  if (check === flag) return FLAG;
  return CALLED;
}

interface LineField {
  readonly key: string;
  readonly check: Check;
  readonly kind: number;
  readonly optional: boolean;
  /** `,"key":`, the key's place in the line. */
  readonly prefix: string;
  /** Its place in the shape's order of fields. */
  readonly index: number;
}

interface LineShape {
  /** `{"type":"…","seq":`, the line's start. */
  readonly head: string;
  /** The event's own fields: the shape's, less the stamp's (type, seq, wall, t). */
  readonly fields: ReadonlyMap<string, LineField>;
  /** The same, in the shape's order, which is the order the recorder builds its events in. */
  readonly order: readonly LineField[];
  /** How many of those are required. */
  readonly required: number;
}

const STAMP_KEYS = new Set(["type", "seq", "wall", "t"]);

function lineShape(type: string, shape: Shape): LineShape {
  const fields = new Map<string, LineField>();
  const order: LineField[] = [];
  let required = 0;
  for (const [key, { check, optional }] of shape.fields) {
    if (STAMP_KEYS.has(key)) continue;
    const field = {
      key,
      check,
      kind: kindOf(check),
      optional,
      prefix: `,${JSON.stringify(key)}:`,
      index: order.length,
    };
    fields.set(key, field);
    order.push(field);
    if (!optional) required += 1;
  }
  return { head: `{"type":${JSON.stringify(type)},"seq":`, fields, order, required };
}

const LINE_SHAPES: ReadonlyMap<string, LineShape> = new Map(
  [...PLAIN_EVENTS].map(([type, shape]) => [type, lineShape(type, shape)]),
);

/**
 * The line (newline included) that the general path would write for `event` stamped with `seq`,
 * `wall` and `t`, or undefined when unsure (another event type, a key the shape does not know, an
 * event's own `seq` or `wall`, any value the hand check refuses): the caller then takes the
 * general path, which also words a refusal. Whatever this returns, the general path would have
 * written byte for byte (a property test pins it).
 */
export function plainEventLine(
  type: string,
  seq: number,
  wall: number,
  t: number,
  event: object,
): string | undefined {
  const shape = LINE_SHAPES.get(type);
  if (shape === undefined || !nonNegative(wall) || !nonNegative(t)) return undefined;
  // The stamped object's prototype is Object.prototype: an event of another one (whose inherited
  // keys a `for…in` would meet differently) is left to the general path.
  if (Object.getPrototypeOf(event) !== Object.prototype) return undefined;
  const { fields, order } = shape;
  let line = `${shape.head}${seq},"wall":${wallJson(wall)},"t":${numberJson(t)}`;
  let met = 0;
  // Where the next field is expected in the shape's order: the recorder builds its events with
  // their keys in that order, so a key is mostly found there, without a lookup in the map.
  let next = 0;
  for (const key in event) {
    // The stamp has these places: `type` is the event's own, `t` is replaced by the stamp's.
    if (key === "type" || key === "t") continue;
    let field = next < order.length ? order[next] : undefined;
    if (field?.key !== key) field = fields.get(key);
    if (field === undefined || !hasOwnKey.call(event, key)) return undefined;
    next = field.index + 1;
    const value = (event as Record<string, unknown>)[key];
    if (value === undefined) {
      // JSON.stringify leaves an undefined field out of the line.
      if (!field.optional) return undefined;
      continue;
    }
    const json = fieldJson(field, value);
    if (json === undefined) return undefined;
    if (!field.optional) met += 1;
    line += field.prefix + json;
  }
  return met === shape.required ? `${line}}\n` : undefined;
}

/** The field's value as JSON.stringify writes it, or undefined when its check refuses it. */
function fieldJson(field: LineField, value: unknown): string | undefined {
  switch (field.kind) {
    case TEXT:
      return typeof value === "string" ? stringJson(value) : undefined;
    case COUNT:
      return Number.isSafeInteger(value) && (value as number) >= 0 ? `${value}` : undefined;
    case NUMBER:
      return typeof value === "number" && Number.isFinite(value) && value >= 0
        ? numberJson(value)
        : undefined;
    case FLAG:
      return value === true ? "true" : value === false ? "false" : undefined;
    default:
      return field.check(value) ? valueJson(value) : undefined;
  }
}

/** A checked value as JSON.stringify writes it inside a line (numbers are finite here). */
function valueJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return stringJson(value);
    case "number":
      return numberJson(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      return JSON.stringify(value);
  }
}

/**
 * Characters JSON.stringify writes as they are: not `"`, `\`, a control character or a surrogate
 * (it escapes a lone one; a pair it writes as is, but the test need not tell them apart).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are those JSON escapes.
const VERBATIM = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/**
 * A string as JSON.stringify writes it: quoted as it is when nothing in it is escaped (a line's
 * ids, names and statuses), at about half the cost of a call to JSON.stringify.
 */
function stringJson(value: string): string {
  return VERBATIM.test(value) ? `"${value}"` : JSON.stringify(value);
}

/**
 * A finite number as JSON writes it. The last fraction is kept: a job's lines repeat the episode
 * time (`t`, `finishAt`), which in the wall clock is a double of 16–17 digits, the dearest to
 * print (0.2–1 µs each). An integer (a call's number, a latency of 0 between a job's `t` and its
 * `finishAt`) is printed from V8's cache of small numbers and does not take that place.
 * `-0` and `0` print alike ("0"), so comparing with `===` is safe.
 */
let lastNumber = 0;
let lastNumberJson = "0";
function numberJson(value: number): string {
  if (Number.isInteger(value)) return `${value}`;
  if (value !== lastNumber) {
    lastNumber = value;
    lastNumberJson = `${value}`;
  }
  return lastNumberJson;
}
