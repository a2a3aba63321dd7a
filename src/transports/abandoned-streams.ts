import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { Response } from "express";

/**
 * A client that closes a request's response stream before the answer has given the request up,
 * as if it had sent notifications/cancelled: the SDK does not notice a closed stream, so the
 * cancellation is handed to it, and the handler's signal aborts (a wait is released, and the
 * call is recorded as cancelled by the client).
 */
export function cancelWhenAbandoned(
  body: unknown,
  res: Response,
  transport: StreamableHTTPServerTransport,
): void {
  // Every POST of a call passes here, so the common body (one message) makes no array.
  let ids: RequestId | RequestId[] | undefined;
  if (Array.isArray(body)) {
    const found = body.map(requestIdOf).filter((id): id is RequestId => id !== undefined);
    if (found.length > 0) ids = found;
  } else {
    ids = requestIdOf(body);
  }
  if (ids === undefined) return;
  const requestIds = ids;
  res.on("close", () => {
    if (res.writableFinished) return;
    for (const requestId of Array.isArray(requestIds) ? requestIds : [requestIds]) {
      transport.onmessage?.({
        jsonrpc: "2.0",
        method: "notifications/cancelled",
        params: { requestId, reason: "the client closed its response stream" },
      });
    }
  });
}

/**
 * The id of a JSON-RPC request (a message with a method and an id), or undefined. Checked by
 * hand rather than with the SDK's schema (a zod parse on every call): a message the SDK then
 * refuses is answered at once, so its stream never closes unanswered, and a cancellation of an
 * id no handler runs is ignored by the SDK.
 */
export function requestIdOf(message: unknown): RequestId | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const { jsonrpc, method, id } = message as { jsonrpc?: unknown; method?: unknown; id?: unknown };
  if (jsonrpc !== "2.0" || typeof method !== "string") return undefined;
  if (typeof id === "string" || (typeof id === "number" && Number.isInteger(id))) return id;
  return undefined;
}
