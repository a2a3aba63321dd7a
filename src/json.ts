/** Values that survive JSON.stringify / JSON.parse unchanged: tool arguments, results, domain state. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Object.prototype.hasOwnProperty, called as `hasOwnKey.call(object, key)` in the `for…in` loops
 * of the per-call copies rather than `Object.hasOwn`: the optimising compiler drops the call for
 * the loop's own keys (see src/recorder/lean-schemas.ts). The same answer for any object and key.
 */
const hasOwnKey = Object.prototype.hasOwnProperty;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal values give equal text (hashes, keys, duplicate detection). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(isSortedFlat(value) ? value : sortKeys(value));
}

/**
 * A plain object whose keys already come in sorted order and whose values are strings, numbers,
 * booleans or null (a tool call's usual arguments): its JSON is already canonical, and the sorted
 * copy would be garbage. Anything else (nested, a `__proto__` key the copy would not keep as its
 * own, another prototype) is copied.
 */
function isSortedFlat(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return false;
  let previous: string | null = null;
  for (const key in value) {
    if (!hasOwnKey.call(value, key) || key === "__proto__" || (previous !== null && !(previous < key)))
      return false;
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean")
      return false;
    previous = key;
  }
  return true;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b as object, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/**
 * A deep copy of JSON data (domain state is cloned from the scenario at each episode start, and
 * a job's result from the state its tool read). Plain JSON — primitives, dense arrays, objects
 * with the ordinary prototype (or none), nothing reached twice — is copied by hand, several
 * times faster than structuredClone for the small results of a tool call; anything else (shared
 * or cyclic references, class instances, holes, a `__proto__` key) goes to structuredClone, so
 * the copy is always the one structuredClone makes.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  const flat = copyFlat(value);
  if (flat !== NOT_PLAIN) return flat as T;
  const copy = copyPlain(value, new Set(), 0);
  return copy === NOT_PLAIN ? structuredClone(value) : (copy as T);
}

const NOT_PLAIN = Symbol("not plain JSON");

/**
 * The copy of a plain object whose values are all primitives (a tool call's usual result), made
 * without the record of objects seen that nesting needs; NOT_PLAIN for anything else.
 */
function copyFlat(value: object): unknown {
  if (Array.isArray(value)) return NOT_PLAIN;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!hasOwnKey.call(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    if (key === "__proto__" || (typeof item === "object" && item !== null)) return NOT_PLAIN;
    if (typeof item === "function" || typeof item === "symbol") return NOT_PLAIN;
    out[key] = item;
  }
  return out;
}

/** Deeper than this, structuredClone copies (no recursion here to overflow the stack). */
const MAX_HAND_COPY_DEPTH = 100;

function copyPlain(value: unknown, seen: Set<object>, depth: number): unknown {
  if (typeof value !== "object" || value === null) {
    // Functions and symbols make structuredClone throw: let it.
    return typeof value === "function" || typeof value === "symbol" ? NOT_PLAIN : value;
  }
  // Reached twice: structuredClone keeps the sharing (and the cycles), a hand copy would not.
  if (seen.has(value) || depth > MAX_HAND_COPY_DEPTH) return NOT_PLAIN;
  seen.add(value);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length) {
      return NOT_PLAIN;
    }
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      // A hole: structuredClone keeps it, a hand copy would fill it.
      if (!(i in value)) return NOT_PLAIN;
      const item = copyPlain(value[i], seen, depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === "__proto__") return NOT_PLAIN;
    const item = copyPlain((value as Record<string, unknown>)[key], seen, depth + 1);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    out[key] = item;
  }
  return out;
}

/**
 * Reads `path` (a dotted string or an array of keys) inside a JSON value. Numeric segments
 * index arrays. Returns undefined when any segment is missing.
 */
export function getPath(value: unknown, path: string | readonly (string | number)[]): unknown {
  // A path of one key (a placeholder's `args.q`, the usual case) is read without splitting it.
  if (typeof path === "string")
    return path === "" ? value : path.includes(".") ? walk(value, path.split(".")) : child(value, path);
  return walk(value, path);
}

function walk(value: unknown, segments: readonly (string | number)[]): unknown {
  let current: unknown = value;
  for (const segment of segments) {
    current = child(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/** One segment of a path: an array's index (negative from the end), or an object's own key. */
function child(current: unknown, segment: string | number): unknown {
  if (Array.isArray(current)) {
    const index = typeof segment === "number" ? segment : Number(segment);
    if (!Number.isInteger(index)) return undefined;
    return current[index < 0 ? current.length + index : index];
  }
  if (isJsonObject(current))
    return Object.hasOwn(current, String(segment)) ? current[String(segment)] : undefined;
  return undefined;
}
