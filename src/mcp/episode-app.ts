import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { JSONRPC, JsonRpcError } from "../jsonrpc-codes.js";
import type { EpisodeApp, EpisodeSession } from "./episode-session.js";

/**
 * `serve --app`: the episode as an MCP App (SEP-1865). The host shows the page next to the
 * calls of the tools that name it; the page's script then follows the episode by reading the
 * view resource through the host (`resources/read`, which MCP Apps hosts forward for their
 * views). A resource, not an app-only tool: a tool call is the agent's in the recording and in
 * every metric, and a tool would be listed to agents that do not read `_meta.ui.visibility`;
 * resource reads are neither, so the app's polling cannot change a score.
 */

export const APP_URI = "ui://asynctool/episode";
/** The MCP Apps profile of text/html. */
export const APP_MIME = "text/html;profile=mcp-app";
/** The session so far as JSON (the dashboard's view of it), which the page redraws itself from. */
export const VIEW_URI = "asynctool://episode/view";
/** The tools whose results a host may show next to the app page: those that look at the jobs. */
export const APP_TOOLS = new Set(["list_jobs", "wait_for_jobs", "check_job"]);

/**
 * What the page's resource declares to the host: no network at all (no connect or resource
 * domains, the secure default spelled out), and a border, since it is a panel of its own.
 */
const APP_RESOURCE_META = { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } };

/** `latest`: the session the page shows, the last one of a series even once it has ended. */
export function registerEpisodeApp(mcp: McpServer, app: EpisodeApp, latest: () => EpisodeSession): void {
  mcp.registerResource(
    "episode-app",
    APP_URI,
    {
      title: "Episode timeline",
      description: "The episode as a live page: its jobs on a timeline, its tasks and answers.",
      mimeType: APP_MIME,
      _meta: APP_RESOURCE_META,
    },
    (uri) => {
      const s = admitAppRead(latest(), uri.href);
      return {
        contents: [
          { uri: uri.href, mimeType: APP_MIME, text: app.page(s.liveRecording), _meta: APP_RESOURCE_META },
        ],
      };
    },
  );
  mcp.registerResource(
    "episode-view",
    VIEW_URI,
    {
      title: "Episode view",
      description:
        "What the episode page shows, as JSON: the session's state, its timeline (SVG) and its tasks.",
      mimeType: "application/json",
    },
    (uri) => {
      const s = admitAppRead(latest(), uri.href);
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: app.view(s.liveRecording) }] };
    },
  );
}

/** The session, once a read of the app's has its own budget's token; counted, never a call. */
function admitAppRead(session: EpisodeSession, uri: string): EpisodeSession {
  if (!session.tryTakeAppToken())
    throw new JsonRpcError(
      JSONRPC.RATE_LIMITED,
      `Rate limited: the app page may read ${uri} at most ${session.options.limits?.maxCallsPerSecond} times per second (a budget apart from the agent's calls). Wait a moment, then read it again.`,
      { retryable: true },
    );
  session.countAppRead();
  return session;
}

/** The `_meta` of a tool that a host may show the app page next to. */
export function appToolMeta(
  session: EpisodeSession,
  tool: string,
): { _meta?: { ui: { resourceUri: string } } } {
  return session.options.app && APP_TOOLS.has(tool) ? { _meta: { ui: { resourceUri: APP_URI } } } : {};
}
