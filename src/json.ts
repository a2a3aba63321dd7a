/** Values that survive JSON.stringify / JSON.parse unchanged: tool arguments, results, domain state. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal values give equal text (hashes, keys, duplicate detection). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
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

/** A deep copy of JSON data (domain state is cloned from the scenario at each episode start). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Reads `path` (a dotted string or an array of keys) inside a JSON value. Numeric segments
 * index arrays. Returns undefined when any segment is missing.
 */
export function getPath(value: unknown, path: string | readonly (string | number)[]): unknown {
  const segments = typeof path === "string" ? (path === "" ? [] : path.split(".")) : path;
  let current: unknown = value;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      const index = typeof segment === "number" ? segment : Number(segment);
      if (!Number.isInteger(index)) return undefined;
      current = current[index < 0 ? current.length + index : index];
    } else if (isJsonObject(current)) {
      current = Object.hasOwn(current, String(segment)) ? current[String(segment)] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}
