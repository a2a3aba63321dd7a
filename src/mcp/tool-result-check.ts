import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** The result's keys in the order of the SDK's schema (after `_meta`, which is not vouched for). */
const RESULT_KEYS = ["content", "structuredContent", "isError"];
const TEXT_ITEM_KEYS = ["type", "text"];

/**
 * Whether a tools/call result is one the SDK's check (`CallToolResultSchema`) passes and gives
 * back unchanged, byte for byte once serialised: an object of `content` (text items
 * `{ type, text }` alone, in that key order), then optionally `structuredContent` (a plain
 * object with no own `__proto__`), then optionally `isError` (a boolean), in that order and
 * nothing else; every object plain (its prototype Object.prototype), its keys enumerable, no
 * symbol key. The SDK parses every result with zod, which builds a copy in its schema's key
 * order, drops `__proto__` and a content item's unknown keys, and refuses a symbol key in a
 * record: a result of this shape is its own copy. Every other result (an error's `_meta`,
 * images, resources, other orders) is not vouched for and goes to zod as before.
 * Why: zod's parse of a tool's answer and its `structuredContent` was about 2 % of the HTTP
 * server's busy samples (docs/performance.md).
 */
export function isPlainToolResult(result: unknown): result is CallToolResult {
  // A key the order allows may be missing: a result without content, or an item without its
  // text, then fails the tests of their values below.
  if (!hasKeysInOrder(result, RESULT_KEYS)) return false;
  const { content, structuredContent, isError } = result as Record<string, unknown>;
  if (!Array.isArray(content)) return false;
  for (let i = 0; i < content.length; i++) {
    const item: unknown = content[i];
    if (!hasKeysInOrder(item, TEXT_ITEM_KEYS)) return false;
    const { type, text } = item as { type?: unknown; text?: unknown };
    if (type !== "text" || typeof text !== "string") return false;
  }
  if (Object.hasOwn(result as object, "structuredContent")) {
    if (!hasKeysInOrder(structuredContent, undefined)) return false;
    if (Object.hasOwn(structuredContent as object, "__proto__")) return false;
  }
  if (Object.hasOwn(result as object, "isError") && typeof isError !== "boolean") return false;
  return true;
}

/**
 * Whether `value` is a plain object (prototype Object.prototype) with no symbol key; with
 * `allowed`, also every key enumerable and the keys, in order, some of `allowed` in its order.
 */
function hasKeysInOrder(value: unknown, allowed: readonly string[] | undefined): boolean {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  // A record's keys that are not enumerable are skipped by zod as by JSON.stringify.
  if (allowed === undefined) return true;
  let next = 0;
  for (const name of Object.getOwnPropertyNames(value)) {
    // zod reads a schema's key whether enumerable or not; JSON.stringify would not write it.
    if (!Object.prototype.propertyIsEnumerable.call(value, name)) return false;
    while (next < allowed.length && allowed[next] !== name) next += 1;
    if (next === allowed.length) return false;
    next += 1;
  }
  return true;
}
