import type { EpisodeConnection, McpToolInfo } from "../agents/episode-connection.js";
import type { ClientIdentity } from "./connect.js";
import { httpRpc, type ModernRpc, stdioRpc } from "./modern-rpc.js";
import { modernAgentTools } from "./modern-tools.js";
import { tasksExtensionDriver } from "./tasks-extension-driver.js";
import { type Sleep, tasksExtensionTools } from "./tasks-extension-tools.js";

/**
 * An episode spoken to in the 2026-07-28 era, through our own requester (modern-rpc.ts): the job
 * tools as plain tools/calls, the Tasks extension as `tasksTools`. There is no handshake: the
 * brief (the server's instructions) comes from `server/discover`, asked once when opening.
 * The recording is the server's own (a file). `tasksDriver` is the client-side Tasks driver of
 * `eval --tasks-driver` over the extension (tasks-extension-driver.ts). `sessionId` is the
 * episode's id (the recording's session), read from an episode URL's last segment.
 */
async function modernConnection(
  rpc: ModernRpc,
  close: () => Promise<void>,
  sleep?: Sleep,
  sessionId?: string,
  listen = true,
): Promise<EpisodeConnection> {
  let instructions = "";
  try {
    const discovered = await rpc("server/discover", {});
    instructions = typeof discovered.instructions === "string" ? discovered.instructions : "";
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  return {
    tools: modernAgentTools(rpc),
    tasksTools: tasksExtensionTools(rpc, sleep, { listen }),
    tasksDriver: tasksExtensionDriver(rpc, sleep),
    instructions,
    listTools: async () => ((await rpc("tools/list", {})).tools as McpToolInfo[] | undefined) ?? [],
    sessionId,
    recordingPath: null,
    note: null,
    close,
  };
}

/** An episode URL (`/mcp/episodes/{id}`) of a running server; closing the connection ends the episode. */
export function connectModernHttp(
  url: string,
  identity: ClientIdentity,
  sleep?: Sleep,
  headers: Readonly<Record<string, string>> = {},
): Promise<EpisodeConnection> {
  // Closing ends the episode on the server (DELETE of its URL), as closing a 2025 session does;
  // an episode that has ended already, or a server gone, is nothing to end.
  const end = async () => {
    await fetch(url, { method: "DELETE", headers }).catch(() => {});
  };
  return modernConnection(httpRpc(url, identity, headers), end, sleep, episodeIdOf(url));
}

/** A server process spoken to over stdio in the modern era (its first message claims 2026-07-28). */
export function connectModernStdio(
  command: string,
  args: readonly string[],
  identity: ClientIdentity,
  sleep?: Sleep,
): Promise<EpisodeConnection> {
  const child = stdioRpc(command, args, identity);
  return modernConnection(child.rpc, () => child.close(), sleep);
}

/** The episode id of an episode URL (`…/mcp/episodes/{id}`), else undefined. */
export function episodeIdOf(url: string): string | undefined {
  const match = /\/mcp\/episodes\/([^/?#]+)$/.exec(new URL(url).pathname);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}
