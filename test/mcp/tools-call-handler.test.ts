import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { setToolsCallHandler } from "../../src/mcp/tools-call-handler.js";

const LooseCallToolRequestSchema = z.object({
  method: z.literal("tools/call"),
  params: z.unknown().optional(),
});

type Registered = (request: unknown, extra: unknown) => Promise<unknown>;

/** The tools/call handler a server holds (the SDK's map of them: a test's look inside). */
function registered(server: Server): Registered {
  const handlers = (server as unknown as { _requestHandlers: Map<string, Registered> })._requestHandlers;
  return handlers.get("tools/call") as Registered;
}

function serverWith(register: (server: Server) => void): Registered {
  const server = new Server({ name: "t", version: "1" }, { capabilities: { tools: {} } });
  register(server);
  return registered(server);
}

/** What a handler's promise settled to, as a client would read it: the JSON, or the error's code and text. */
async function settled(promise: Promise<unknown>): Promise<unknown> {
  try {
    return { answer: JSON.stringify(await promise) };
  } catch (error) {
    return { error: { code: (error as { code?: unknown }).code, message: (error as Error).message } };
  }
}

const text = fc.record({ type: fc.constant("text"), text: fc.string() });
const result = fc.oneof(
  fc.record(
    {
      content: fc.array(fc.oneof(text, fc.jsonValue()), { maxLength: 3 }),
      structuredContent: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.jsonValue()),
      isError: fc.oneof(fc.boolean(), fc.jsonValue()),
      _meta: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
      taskId: fc.string(),
    },
    { requiredKeys: [] },
  ),
  fc.record({ task: fc.record({ taskId: fc.string(), status: fc.constantFrom("working", "nope") }) }),
  // A task's result the SDK accepts.
  fc.record({
    task: fc.record({
      taskId: fc.string(),
      status: fc.constantFrom("working", "completed"),
      ttl: fc.oneof(fc.nat(), fc.constant(null)),
      createdAt: fc.constant("2026-12-08T00:00:00Z"),
      lastUpdatedAt: fc.constant("2026-12-08T00:00:00Z"),
    }),
  }),
  fc.jsonValue(),
);
const request = fc.record({
  method: fc.constant("tools/call"),
  params: fc.oneof(
    fc.record(
      {
        name: fc.oneof(fc.string(), fc.jsonValue()),
        arguments: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
        task: fc.oneof(fc.record({ ttl: fc.nat() }), fc.jsonValue()),
        _meta: fc.record({ progressToken: fc.oneof(fc.string(), fc.integer()) }),
      },
      { requiredKeys: ["name"] },
    ),
    fc.jsonValue(),
  ),
});

describe("setToolsCallHandler", () => {
  it("answers every request and result as the SDK's own wrapping does, or fails as it fails", async () => {
    await fc.assert(
      fc.asyncProperty(request, result, fc.boolean(), fc.boolean(), async (req, res, async, throws) => {
        const handler = () => {
          if (throws) throw new Error("the tool failed");
          return async ? Promise.resolve(res) : res;
        };
        const sdk = serverWith((s) => s.setRequestHandler(LooseCallToolRequestSchema, handler as never));
        const ours = serverWith((s) => setToolsCallHandler(s, LooseCallToolRequestSchema, handler as never));
        const extra = { signal: new AbortController().signal };
        expect(await settled(ours(req, extra))).toEqual(await settled(sdk(req, extra)));
      }),
      { numRuns: 1000 },
    );
  });

  it("answers a plain result as it is, and an error's result as zod copies it (its _meta first)", async () => {
    const plain = { content: [{ type: "text", text: "t" }], structuredContent: { b: 1, a: 2 } };
    const error = { content: [{ type: "text", text: "e" }], isError: true, _meta: { m: 1 } };
    const ours = (value: unknown) =>
      serverWith((s) => setToolsCallHandler(s, LooseCallToolRequestSchema, (() => value) as never));
    const req = { method: "tools/call", params: { name: "lookup", arguments: {} } };
    expect(await ours(plain)(req, {})).toBe(plain);
    expect(JSON.stringify(await ours(error)(req, {}))).toBe(
      '{"_meta":{"m":1},"content":[{"type":"text","text":"e"}],"isError":true}',
    );
  });

  it("is refused, as the SDK's is, on a server without the tools capability", () => {
    const server = new Server({ name: "t", version: "1" }, { capabilities: {} });
    expect(() => setToolsCallHandler(server, LooseCallToolRequestSchema, (() => ({})) as never)).toThrow(
      /tools/,
    );
  });
});
