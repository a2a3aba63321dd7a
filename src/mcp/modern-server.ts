import {
  type CallToolResult,
  CLIENT_INFO_META_KEY,
  McpServer,
  ResourceTemplate,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { episodeBrief, type ProtocolEra } from "./brief.js";
import type { EpisodeSession } from "./episode-session.js";
import { admitResourceRead, readJobResource } from "./resource-reads.js";
import { BRIEF_URI, briefWithoutEpisode, NEXT_EPISODE_NOTE, SERIES_NOTE, toolList } from "./server.js";
import { servesTasks } from "./tasks.js";
import { callAsTask, declaresTasks, installTasksExtension } from "./tasks-extension.js";

export interface ModernServerOptions {
  /**
   * The episode is one of a series (a stdio server playing episode after episode): the
   * instructions and the answer that ends the episode say so, as the legacy server's do.
   */
  readonly series?: boolean;
}

/** The protocol revision of the modern era, as the recording header names it. */
export const MODERN_PROTOCOL = "2026-07-28" satisfies ProtocolEra;

/**
 * The 2026-07-28 server of one request on an episode URL: a v2 `McpServer` that the v2 SDK's
 * per-request handler builds, speaks the wire with (envelope, `server/discover`, `Mcp-Method`
 * checks, cache hints, the result codec) and throws away. Everything that lasts lives in the
 * `EpisodeSession` it is handed, so every request of the episode passes the same recording seam
 * as a legacy session's. The same surface as the legacy server (src/mcp/server.ts): tools
 * through the low-level handlers, the brief as a prompt and a resource, jobs as resources. In
 * `--mode tasks` it also serves the Tasks extension (tasks-extension.ts): the SDK passes a
 * tools/call result of `resultType: "task"` through, so no request needs to be taken from it.
 */
export function createModernEpisodeServer(
  session: EpisodeSession,
  options: ModernServerOptions = {},
): McpServer {
  const series = options.series === true;
  const mcp = new McpServer(session.options.server, {
    capabilities: { tools: {}, prompts: {}, resources: {} },
    instructions: briefWithoutEpisode(session, MODERN_PROTOCOL) + (series ? `\n${SERIES_NOTE}` : ""),
  });
  mcp.server.setRequestHandler("tools/list", (_request, ctx) => {
    begin(session, ctx);
    // Our tools carry their own JSON Schemas; the v2 typings want their own schema type.
    return { tools: toolList(session) as never };
  });
  const tasks = servesTasks(session.options);
  if (tasks) installTasksExtension(mcp, session, (ctx) => begin(session, ctx));
  mcp.server.setRequestHandler("tools/call", async (request, ctx) => {
    begin(session, ctx);
    const { name } = request.params;
    const args = request.params.arguments ?? {};
    // Server-directed: a scenario tool's job becomes a task for a request that declares the
    // extension; any other request gets the async answer (a job handle).
    if (tasks && declaresTasks(ctx) && session.options.scenario.tools.has(name))
      return (await callAsTask(session, name, args, ctx.mcpReq.signal)) as CallToolResult;
    const result = await session.callTool(name, args, { signal: ctx.mcpReq.signal });
    // The answer that ended an episode of a series says what comes next, as in the legacy era.
    if (series && session.started && session.episode.ended && result.isError !== true)
      return {
        ...result,
        content: [...result.content, { type: "text", text: NEXT_EPISODE_NOTE }],
      } as CallToolResult;
    return result as CallToolResult;
  });
  mcp.registerPrompt(
    "episode_brief",
    {
      title: "Episode brief",
      description: `The tasks of episode ${session.options.scenario.id} and how its slow tools deliver results.`,
    },
    () => ({
      messages: [
        { role: "user", content: { type: "text", text: episodeBrief(session.episode, MODERN_PROTOCOL) } },
      ],
    }),
  );
  mcp.registerResource(
    "episode-brief",
    BRIEF_URI,
    {
      title: "Episode brief",
      description: "The episode's tasks and how its tools work.",
      mimeType: "text/plain",
    },
    (uri) => {
      admitResourceRead(session, uri.href);
      return {
        contents: [
          { uri: uri.href, mimeType: "text/plain", text: episodeBrief(session.episode, MODERN_PROTOCOL) },
        ],
      };
    },
  );
  mcp.registerResource(
    "job",
    new ResourceTemplate("asynctool://jobs/{job_id}", {
      list: () => ({
        resources: session.started
          ? session.episode.jobs().map((job) => ({
              uri: `asynctool://jobs/${job.id}`,
              name: `${job.tool} ${job.id}`,
              mimeType: "application/json",
            }))
          : [],
      }),
    }),
    {
      title: "Job",
      description: "One job of this episode: its status, and its result once done.",
      mimeType: "application/json",
    },
    (uri, variables) => readJobResource(session, uri, String(variables.job_id)),
  );
  return mcp;
}

/**
 * The episode starts at its first tools request (there is no initialize): the clock's t0, and
 * the recording's header with the client's identity from that request's envelope.
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
