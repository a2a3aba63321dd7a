import { type Check, nonNegative, PLAIN_EVENTS, type Shape } from "./lean-schemas.js";

/**
 * A stamped event's recording line, checked and serialised in one pass over the event's own keys,
 * without the stamped object: what the sink's general path writes (stamp `{ type, seq, wall, t,
 * ...event }`, check it with `plainEventFits`, `JSON.stringify` it), for the events that check
 * passes. Per instant call that path spent about as much on the stamped object (a spread into an
 * object literal) and the check's own loop as on the stringify itself. The checks are the same
 * (PLAIN_EVENTS, lean-schemas.ts); `seq`, the sink's own counter, is not checked again.
 */

const hasOwnKey = Object.prototype.hasOwnProperty;

interface LineField {
  readonly check: Check;
  readonly optional: boolean;
  /** `,"key":`, the key's place in the line. */
  readonly prefix: string;
}

interface LineShape {
  /** `{"type":"…","seq":`, the line's start. */
  readonly head: string;
  /** The event's own fields: the shape's, less the stamp's (type, seq, wall, t). */
  readonly fields: ReadonlyMap<string, LineField>;
  /** How many of those are required. */
  readonly required: number;
}

const STAMP_KEYS = new Set(["type", "seq", "wall", "t"]);

function lineShape(type: string, shape: Shape): LineShape {
  const fields = new Map<string, LineField>();
  let required = 0;
  for (const [key, { check, optional }] of shape.fields) {
    if (STAMP_KEYS.has(key)) continue;
    fields.set(key, { check, optional, prefix: `,${JSON.stringify(key)}:` });
    if (!optional) required += 1;
  }
  return { head: `{"type":${JSON.stringify(type)},"seq":`, fields, required };
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
  const { fields } = shape;
  let line = `${shape.head}${seq},"wall":${wall},"t":${numberJson(t)}`;
  let met = 0;
  for (const key in event) {
    // The stamp has these places: `type` is the event's own, `t` is replaced by the stamp's.
    if (key === "type" || key === "t") continue;
    const field = fields.get(key);
    if (field === undefined || !hasOwnKey.call(event, key)) return undefined;
    const value = (event as Record<string, unknown>)[key];
    if (value === undefined) {
      // JSON.stringify leaves an undefined field out of the line.
      if (!field.optional) return undefined;
      continue;
    }
    if (!field.check(value)) return undefined;
    if (!field.optional) met += 1;
    line += field.prefix + valueJson(value);
  }
  return met === shape.required ? `${line}}\n` : undefined;
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
 * A finite number as JSON writes it. The last one is kept: a job's lines repeat the episode time
 * (`t`, `finishAt`), which in the wall clock is a double of 16–17 digits, the dearest to print.
 * `-0` and `0` print alike ("0"), so comparing with `===` is safe.
 */
let lastNumber = 0;
let lastNumberJson = "0";
function numberJson(value: number): string {
  if (value !== lastNumber) {
    lastNumber = value;
    lastNumberJson = `${value}`;
  }
  return lastNumberJson;
}
