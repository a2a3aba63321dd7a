import { isJSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requestIdOf } from "../../src/transports/abandoned-streams.js";

/** Messages near the shape of a JSON-RPC request: every field present or not, well typed or not. */
const nearRequest = fc.record(
  {
    jsonrpc: fc.constantFrom("2.0", "1.0", 2),
    method: fc.oneof(fc.constantFrom("tools/call", "ping", "notifications/cancelled"), fc.integer()),
    id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.double(), fc.constant(null)),
    params: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
      fc.constant(3),
    ),
    result: fc.constant({}),
  },
  { requiredKeys: [] },
);

/** Well-formed requests: what a client sends for a call. */
const request = fc.record(
  {
    jsonrpc: fc.constant("2.0"),
    method: fc.string({ maxLength: 12 }),
    id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
    params: fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  },
  { requiredKeys: ["jsonrpc", "method", "id"] },
);

describe("requestIdOf (which requests a closed response stream cancels)", () => {
  it("finds the id of every message the SDK takes for a request, with that id", () => {
    fc.assert(
      fc.property(fc.oneof(request, nearRequest), (message) => {
        if (isJSONRPCRequest(message)) expect(requestIdOf(message)).toBe((message as { id: unknown }).id);
      }),
      { seed: 20_261_206, numRuns: 300 },
    );
  });

  it("finds none in a notification, a response, a message without a method or an id of another type", () => {
    expect(requestIdOf({ jsonrpc: "2.0", method: "notifications/initialized" })).toBeUndefined();
    expect(requestIdOf({ jsonrpc: "2.0", id: 3, result: {} })).toBeUndefined();
    expect(requestIdOf({ jsonrpc: "2.0", id: 3, method: 7 })).toBeUndefined();
    expect(requestIdOf({ jsonrpc: "1.0", id: 3, method: "ping" })).toBeUndefined();
    expect(requestIdOf({ jsonrpc: "2.0", id: 1.5, method: "ping" })).toBeUndefined();
    expect(requestIdOf({ jsonrpc: "2.0", id: null, method: "ping" })).toBeUndefined();
    expect(requestIdOf(null)).toBeUndefined();
    expect(requestIdOf("ping")).toBeUndefined();
    expect(requestIdOf({ jsonrpc: "2.0", id: "a", method: "ping" })).toBe("a");
    expect(requestIdOf({ jsonrpc: "2.0", id: 0, method: "ping" })).toBe(0);
  });
});
