import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { AgentTools, ToolReply } from "../agents/agent-tools.js";
import type { SessionOptions } from "../mcp/episode-session.js";
import { createEpisodeServer, type EpisodeServer } from "../mcp/server.js";

/** A client connected to an episode server over some transport. */
export interface Connection {
  readonly client: Client;
  readonly tools: AgentTools;
  /** The in-process server, for the in-memory transport. */
  readonly server: EpisodeServer | undefined;
  close(): Promise<void>;
}

export interface ClientIdentity {
  readonly name: string;
  readonly version: string;
}

/** Adapts the SDK's Client to what agents use. */
export function agentTools(client: Client): AgentTools {
  return {
    async call(name, args) {
      const result = (await client.callTool({ name, arguments: args }, undefined, {
        // A wait is capped by the server (25 s by default); allow it comfortably.
        timeout: 120_000,
      })) as CallToolResult;
      return replyOf(result);
    },
  };
}

function replyOf(result: CallToolResult): ToolReply {
  const meta = result._meta?.["asynctool/error"] as { code?: string } | undefined;
  return {
    isError: result.isError === true,
    structured: result.structuredContent as Record<string, unknown> | undefined,
    text: result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n"),
    code: meta?.code,
  };
}

async function connected(
  client: Client,
  server: EpisodeServer | undefined,
  close: () => Promise<void>,
): Promise<Connection> {
  return { client, tools: agentTools(client), server, close };
}

/** An episode server in this process, over the SDK's in-memory transport. */
export async function connectInMemory(
  options: SessionOptions,
  identity: ClientIdentity,
): Promise<Connection> {
  const server = createEpisodeServer(options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.mcp.connect(serverSide);
  const client = new Client(identity);
  await client.connect(clientSide);
  return connected(client, server, async () => {
    await client.close();
    await server.close("disconnected", "the client closed the connection");
  });
}

/** A server process spoken to over stdio (e.g. `node dist/cli.js serve ...`). */
export async function connectStdio(
  command: string,
  args: readonly string[],
  identity: ClientIdentity,
): Promise<Connection> {
  const transport = new StdioClientTransport({ command, args: [...args], stderr: "pipe" });
  const client = new Client(identity);
  await client.connect(transport);
  return connected(client, undefined, () => client.close());
}

/** A running server's Streamable HTTP endpoint; the session is deleted on close. */
export async function connectHttp(url: URL, identity: ClientIdentity): Promise<Connection> {
  const transport = new StreamableHTTPClientTransport(url);
  const client = new Client(identity);
  await client.connect(transport);
  return connected(client, undefined, async () => {
    await transport.terminateSession().catch(() => {});
    await client.close();
  });
}
