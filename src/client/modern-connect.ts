import type { EpisodeConnection, McpToolInfo } from "../agents/episode-connection.js";
import type { ClientIdentity } from "./connect.js";
import { httpRpc, type ModernRpc, stdioRpc } from "./modern-rpc.js";
import { modernAgentTools } from "./modern-tools.js";
import { type Sleep, tasksExtensionTools } from "./tasks-extension-tools.js";

/**
 * An episode spoken to in the 2026-07-28 era, through our own requester (modern-rpc.ts): the job
 * tools as plain tools/calls, the Tasks extension as `tasksTools`. There is no handshake: the
 * brief (the server's instructions) comes from `server/discover`, asked once when opening.
 * The recording is the server's own (a file), and there is no client-side Tasks driver here.
 */
async function modernConnection(
  rpc: ModernRpc,
  close: () => Promise<void>,
  sleep?: Sleep,
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
    tasksTools: tasksExtensionTools(rpc, sleep),
    instructions,
    listTools: async () => ((await rpc("tools/list", {})).tools as McpToolInfo[] | undefined) ?? [],
    sessionId: undefined,
    recordingPath: null,
    note: null,
    close,
  };
}

/** An episode URL (`/mcp/episodes/{id}`) of a running server. */
export function connectModernHttp(
  url: string,
  identity: ClientIdentity,
  sleep?: Sleep,
): Promise<EpisodeConnection> {
  return modernConnection(httpRpc(url, identity), async () => {}, sleep);
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
