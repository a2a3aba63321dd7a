import { classifyInboundRequest } from "@modelcontextprotocol/server";
import type { Request, Response } from "express";
import type { EpisodeSession } from "../mcp/episode-session.js";
import { MODERN_PROTOCOL } from "../mcp/modern-server.js";
import { isTaskListen, openTaskListen, type RpcMessage } from "../mcp/task-listen.js";
import { servesTasks } from "../mcp/tasks.js";

/**
 * Whether an episode URL's request is a `subscriptions/listen` on tasks that this server serves
 * itself (src/mcp/task-listen.ts) rather than the v2 SDK's handler: a POST the SDK's own
 * classification calls a valid 2026-07-28 request (envelope, version and Mcp-Method checked the
 * SDK's way), on an episode in `--mode tasks`, whose filter names tasks. Anything else, a listen
 * the SDK would refuse included, goes to the SDK, which answers it as before.
 */
export function servesTaskListen(req: Request, session: EpisodeSession): boolean {
  if (!servesTasks(session.options) || req.method !== "POST" || !isTaskListen(req.body)) return false;
  const header = (name: string) => {
    const value = req.headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const method = header("mcp-method");
  const version = header("mcp-protocol-version");
  const name = header("mcp-name");
  const route = classifyInboundRequest({
    httpMethod: req.method,
    body: req.body,
    ...(method !== undefined ? { mcpMethodHeader: method } : {}),
    ...(version !== undefined ? { protocolVersionHeader: version } : {}),
    ...(name !== undefined ? { mcpNameHeader: name } : {}),
  });
  // The SDK insists on the Mcp-Method header of this era; without it, its answer is the refusal.
  return (
    route.kind === "modern" &&
    route.classification.revision === MODERN_PROTOCOL &&
    method === "subscriptions/listen"
  );
}

/**
 * Serves a listen on tasks as the SDK serves one: an SSE response whose events are the
 * acknowledgement, the notifications and, last, the listen's result (or its error), then the end
 * of the response. A refusal before the stream opens is a plain JSON-RPC error. The client
 * closing the response is the listen given up.
 */
export async function serveTaskListenOverHttp(
  req: Request,
  res: Response,
  session: EpisodeSession,
): Promise<void> {
  const opened = openTaskListen(session, req.body as RpcMessage);
  if ("refused" in opened) {
    res.status(opened.badRequest ? 400 : 200).json(opened.refused);
    return;
  }
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort("the client closed the listen stream");
  });
  res.status(200);
  res.setHeader("content-type", "text/event-stream");
  res.setHeader("cache-control", "no-cache, no-transform");
  res.setHeader("x-accel-buffering", "no");
  res.flushHeaders();
  const send = (message: RpcMessage) => {
    if (!abort.signal.aborted) res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  };
  const final = await opened.run(send, abort.signal);
  send(final);
  res.end();
}
