import {
  type CallToolResult,
  CLIENT_INFO_META_KEY,
  type ServerContext,
  Server as V2Server,
} from "@modelcontextprotocol/server";
import type { EpisodeSession } from "./episode-session.js";
import { briefWithoutEpisode, toolList } from "./server.js";

/** The protocol revision of the modern era, as the recording header names it. */
export const MODERN_PROTOCOL = "2026-07-28";

/**
 * The 2026-07-28 server of one request on an episode URL: a low-level v2 `Server` that the
 * v2 SDK's per-request handler builds, speaks the wire with (envelope, `server/discover`,
 * `Mcp-Method` checks, the result codec) and throws away. Everything that lasts lives in the
 * `EpisodeSession` it is handed, so every request of the episode passes the same recording seam
 * as a legacy session's.
 */
export function createModernEpisodeServer(session: EpisodeSession): V2Server {
  const server = new V2Server(session.options.server, {
    capabilities: { tools: {} },
    instructions: briefWithoutEpisode(session),
  });
  server.setRequestHandler("tools/list", (_request, ctx) => {
    begin(session, ctx);
    // Our tools carry their own JSON Schemas; the v2 typings want its schema type.
    return { tools: toolList(session) as never };
  });
  server.setRequestHandler("tools/call", async (request, ctx) => {
    begin(session, ctx);
    const result = await session.callTool(request.params.name, request.params.arguments ?? {}, {
      signal: ctx.mcpReq.signal,
    });
    return result as CallToolResult;
  });
  return server;
}

/**
 * The episode starts at its first request (there is no initialize): the clock's t0, and the
 * recording's header with the client's identity from that request's envelope.
 */
function begin(session: EpisodeSession, ctx: ServerContext): void {
  if (session.started) return;
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const info = envelope?.[CLIENT_INFO_META_KEY] as { name?: unknown; version?: unknown } | undefined;
  if (typeof info?.name === "string")
    session.setClient({ name: info.name, version: typeof info.version === "string" ? info.version : "" });
  try {
    session.start();
  } catch {
    // The recording cannot be opened: the tool call reports it to the agent (callTool starts it again).
  }
}
