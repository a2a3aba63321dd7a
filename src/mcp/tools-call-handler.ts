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
    const validatedRequest = safeParse(CallToolRequestSchema, request);
    if (!validatedRequest.success) {
      const errorMessage =
        validatedRequest.error instanceof Error
          ? validatedRequest.error.message
          : String(validatedRequest.error);
      throw new McpError(ErrorCode.InvalidParams, `Invalid tools/call request: ${errorMessage}`);
    }
    const { params } = validatedRequest.data;
    const result = await Promise.resolve((handler as (r: unknown, e: unknown) => unknown)(request, extra));
    if (params.task) {
      const taskValidationResult = safeParse(CreateTaskResultSchema, result);
      if (!taskValidationResult.success) {
        const errorMessage =
          taskValidationResult.error instanceof Error
            ? taskValidationResult.error.message
            : String(taskValidationResult.error);
        throw new McpError(ErrorCode.InvalidParams, `Invalid task creation result: ${errorMessage}`);
      }
      return taskValidationResult.data;
    }
    if (isPlainToolResult(result)) return result;
    const validationResult = safeParse(CallToolResultSchema, result);
    if (!validationResult.success) {
      const errorMessage =
        validationResult.error instanceof Error
          ? validationResult.error.message
          : String(validationResult.error);
      throw new McpError(ErrorCode.InvalidParams, `Invalid tools/call result: ${errorMessage}`);
    }
    return validationResult.data;
  };
  Protocol.prototype.setRequestHandler.call(server, schema, wrapped as never);
}
