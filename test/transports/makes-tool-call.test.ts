import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makesToolCall } from "../../src/transports/session-registry.js";

/** The former test: the body as a list of messages, any of which has the method tools/call. */
function byList(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some(
    (m) => typeof m === "object" && m !== null && (m as { method?: unknown }).method === "tools/call",
  );
}

const message = fc.record(
  {
    jsonrpc: fc.constant("2.0"),
    id: fc.oneof(fc.nat(), fc.string()),
    method: fc.constantFrom(
      "tools/call",
      "tools/list",
      "initialize",
      "notifications/cancelled",
      "TOOLS/CALL",
    ),
    params: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const anyMessage = fc.oneof(message, fc.jsonValue());
/** A JSON-RPC body: one message, a batch of them, or any JSON at all (what a client may send). */
const body = fc.oneof(anyMessage, fc.array(anyMessage, { maxLength: 5 }), fc.jsonValue());

describe("makesToolCall", () => {
  it("says of any body what the test over its list of messages says", () => {
    fc.assert(
      fc.property(body, (value) => {
        expect(makesToolCall(value)).toBe(byList(value));
      }),
      { numRuns: 2000 },
    );
  });

  it("finds a tool call alone, anywhere in a batch, and in no other method or value", () => {
    const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "lookup" } };
    const list = { jsonrpc: "2.0", id: 2, method: "tools/list" };
    expect(makesToolCall(call)).toBe(true);
    expect(makesToolCall([list, call])).toBe(true);
    expect(makesToolCall([call, list])).toBe(true);
    expect(makesToolCall([list, list])).toBe(false);
    expect(makesToolCall([])).toBe(false);
    // A hole in a batch (not from JSON.parse, but an array all the same) is no message.
    const holed = (item: unknown): unknown[] => Object.assign(new Array(2), { 1: item });
    expect(makesToolCall(holed(call))).toBe(true);
    expect(makesToolCall(holed(list))).toBe(false);
    for (const other of [list, null, undefined, "tools/call", 1, { method: "tools/call " }]) {
      expect(makesToolCall(other)).toBe(false);
    }
  });
});
