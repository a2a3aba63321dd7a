import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { type AnyObjectSchema, safeParse } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import { Protocol } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  CallToolRequestSchema,
  CallToolResultSchema,
  CreateTaskResultSchema,
  ErrorCode,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { isPlainToolResult } from "./tool-result-check.js";

type Handler = Parameters<Server["setRequestHandler"]>[1];

/**
 * `server.setRequestHandler(schema, handler)` for tools/call, with the SDK's own wrapping of it
 * (`Server.setRequestHandler` in @modelcontextprotocol/sdk 1.32.2) written out here, the same
 * checks, errors and promise turns, but for one step: a result `isPlainToolResult` vouches for
 * is answered as it is, where the SDK parses every result with `CallToolResultSchema` and
 * answers zod's copy (the same bytes for such a result). Any other result, and a task's, is
 * parsed as the SDK parses it. Registered through the SDK's `Protocol`, which the `Server`'s
 * override calls after its wrapping; the capability check is the server's, as before.
 */
export function setToolsCallHandler(server: Server, schema: AnyObjectSchema, handler: Handler): void {
  const wrapped = async (request: unknown, extra: Parameters<Handler>[1]) => {
    const { params } = parsedOrThrown(CallToolRequestSchema, request, "Invalid tools/call request") as {
      params: { task?: unknown };
    };
    const result = await Promise.resolve((handler as (r: unknown, e: unknown) => unknown)(request, extra));
    if (params.task) return parsedOrThrown(CreateTaskResultSchema, result, "Invalid task creation result");
    if (isPlainToolResult(result)) return result;
    return parsedOrThrown(CallToolResultSchema, result, "Invalid tools/call result");
  };
  Protocol.prototype.setRequestHandler.call(server, schema, wrapped as never);
}

/** zod's copy of `value`, or the SDK's InvalidParams error for it, worded as the SDK words it. */
function parsedOrThrown(schema: AnyObjectSchema, value: unknown, what: string): unknown {
  const parsed = safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const message = parsed.error instanceof Error ? parsed.error.message : String(parsed.error);
  throw new McpError(ErrorCode.InvalidParams, `${what}: ${message}`);
}
