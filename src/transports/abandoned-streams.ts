import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isJSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
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
  const ids = (Array.isArray(body) ? body : [body]).flatMap((message) =>
    isJSONRPCRequest(message) ? [message.id] : [],
  );
  if (ids.length === 0) return;
  res.once("close", () => {
    if (res.writableFinished) return;
    for (const requestId of ids) {
      transport.onmessage?.({
        jsonrpc: "2.0",
        method: "notifications/cancelled",
        params: { requestId, reason: "the client closed its response stream" },
      });
    }
  });
}
