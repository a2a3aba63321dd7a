import { safeParse } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import { errorResult } from "../../src/mcp/episode-session.js";
import { isPlainToolResult } from "../../src/mcp/tool-result-check.js";

const textItem = fc.record({ type: fc.constant("text"), text: fc.string() }, { noNullPrototype: true });
/**
 * structuredContent as a handle is: a record of JSON values, in any key order. Its keys are ours,
 * never `__proto__` (fast-check draws that key now and then; the check refuses it, as it must).
 */
const record = fc.dictionary(
  fc.string().filter((key) => key !== "__proto__"),
  fc.jsonValue(),
  { maxKeys: 6, noNullPrototype: true },
);
/** A result of the shape our sessions answer with: the fast path must take it. */
const plainResult = fc
  .record(
    {
      content: fc.array(textItem, { maxLength: 3 }),
      structuredContent: record,
      isError: fc.boolean(),
    },
    { requiredKeys: ["content"], noNullPrototype: true },
  )
  .map((r) => ({
    content: r.content,
    ...("structuredContent" in r ? { structuredContent: r.structuredContent } : {}),
    ...("isError" in r ? { isError: r.isError } : {}),
  }));

/** Something near a plain result but off in one way zod may care about. */
function spoiled(result: Record<string, unknown>, how: number, extra: unknown): unknown {
  const copy: Record<string, unknown> = { ...result };
  switch (how) {
    case 0: // another key order
      return Object.fromEntries(Object.entries(copy).reverse());
    case 1:
      return { _meta: { a: extra }, ...copy };
    case 2:
      return { ...copy, _meta: { a: extra } };
    case 3:
      return { ...copy, extra };
    case 4:
      return { ...copy, content: [...(copy.content as unknown[]), { text: "x", type: "text" }] };
    case 5:
      return { ...copy, content: [{ type: "text", text: "x", annotations: extra }] };
    case 6:
      return { ...copy, content: [{ type: "image", data: "", mimeType: "image/png" }] };
    case 7:
      return { ...copy, content: [extra] };
    case 8:
      return { ...copy, content: Object.assign(new Array(2), { 1: { type: "text", text: "x" } }) };
    case 9:
      return { ...copy, structuredContent: JSON.parse('{"a":1,"__proto__":{"b":2}}') };
    case 10:
      return { ...copy, structuredContent: { a: 1, [Symbol("s")]: 2 } };
    case 11:
      return { ...copy, structuredContent: Object.assign(Object.create(null), { a: 1 }) };
    case 12:
      return { ...copy, structuredContent: extra };
    case 13:
      return { ...copy, isError: extra };
    case 14:
      return Object.defineProperty({ ...copy }, "isError", { value: true, enumerable: false });
    case 15:
      return {
        ...copy,
        structuredContent: Object.defineProperty({ a: 1 }, "b", { value: 2, enumerable: false }),
      };
    case 16:
      return { ...copy, [Symbol("s")]: 1 };
    case 17:
      return { content: copy.content, structuredContent: undefined };
    case 18:
      return new (class Result {
        content = copy.content;
      })();
    case 19:
      return { ...copy, content: [{ type: "text", text: extra }] };
    default:
      return { isError: true };
  }
}

describe("isPlainToolResult", () => {
  it("vouches only for results zod passes and gives back as they are, serialised", () => {
    fc.assert(
      fc.property(plainResult, fc.nat(20), fc.jsonValue(), fc.boolean(), (result, how, extra, spoil) => {
        const value = spoil ? spoiled(result, how, extra) : result;
        if (!isPlainToolResult(value)) return;
        const parsed = safeParse(CallToolResultSchema, value);
        if (!parsed.success) throw new Error(`zod refused a vouched result: ${String(parsed.error)}`);
        expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(value));
      }),
      { numRuns: 5000 },
    );
  });

  it("takes every result of the shape the sessions answer a call with", () => {
    fc.assert(
      fc.property(plainResult, (result) => {
        expect(isPlainToolResult(result)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    const handle = {
      job_id: "j1",
      tool: "lookup",
      status: "completed",
      unit: "ms",
      started_at: 1,
      result: { a: 1 },
    };
    expect(isPlainToolResult({ content: [{ type: "text", text: "t" }], structuredContent: handle })).toBe(
      true,
    );
  });

  it("leaves to zod what zod would change or refuse", () => {
    // An error's answer: zod puts its _meta first.
    expect(isPlainToolResult(errorResult(new AsyncToolError("JOB_NOT_FOUND", "no such job")))).toBe(false);
    const result = { content: [{ type: "text", text: "t" }], structuredContent: { a: 1 } };
    for (let how = 0; how <= 20; how++) {
      // 15: a record's key that is not enumerable, skipped by zod and JSON alike: vouched for.
      if (how === 7 || how === 12 || how === 13 || how === 15 || how === 19) continue;
      expect(isPlainToolResult(spoiled(result, how, 1)), `case ${how}`).toBe(false);
    }
    for (const extra of [null, 1, "x", [], undefined]) {
      expect(isPlainToolResult(spoiled(result, 12, extra))).toBe(false);
      expect(isPlainToolResult(spoiled(result, 7, extra))).toBe(false);
    }
    expect(isPlainToolResult(spoiled(result, 13, "true"))).toBe(false);
    expect(isPlainToolResult(spoiled(result, 19, 1))).toBe(false);
    expect(isPlainToolResult(spoiled(result, 15, 1))).toBe(true);
    for (const other of [
      null,
      undefined,
      1,
      "x",
      [],
      { content: "x" },
      { content: {} },
      { content: { length: 1 } },
      {},
    ])
      expect(isPlainToolResult(other)).toBe(false);
    // Keys the order allows, but one missing: no content, an item without its text or type.
    expect(isPlainToolResult({ structuredContent: {} })).toBe(false);
    expect(isPlainToolResult({ content: [{ type: "text" }] })).toBe(false);
    expect(isPlainToolResult({ content: [{ text: "t" }] })).toBe(false);
  });
});
