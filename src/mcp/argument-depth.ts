/**
 * Arguments nested deeper than this are refused (BAD_ARGUMENTS) and recorded cut at this depth:
 * a few thousand levels (a few kB of JSON) overflow the stack of JSON.stringify and of the
 * recorder's schema check, which threw out of callTool or ended the episode as `error`.
 */
export const MAX_ARGUMENT_DEPTH = 64;

/**
 * Object.prototype.hasOwnProperty, called as `hasOwnKey.call(object, key)`: in a `for…in` loop
 * over the object, TurboFan proves the key own from the object's map and drops the call, which it
 * does not for Object.hasOwn (about 100 instructions a key, on every call's arguments).
 */
const hasOwnKey = Object.prototype.hasOwnProperty;

/**
 * Whether objects and arrays nest deeper than `limit` (the arguments object is level 1). By
 * recursion, which goes no deeper than `limit` + 1 levels whatever the value: no arrays of its
 * own on every call's arguments. Own keys only, as JSON.stringify writes them.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (limit === 0) return true;
  for (const key in value) {
    if (hasOwnKey.call(value, key) && nestedDeeperThan((value as Record<string, unknown>)[key], limit - 1))
      return true;
  }
  return false;
}
