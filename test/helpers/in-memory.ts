import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { SessionOptions } from "../../src/mcp/episode-session.js";
import { createEpisodeServer } from "../../src/mcp/server.js";

/** A real SDK Client connected in memory to one episode server. */
export async function connectInMemory(options: Partial<SessionOptions> & Pick<SessionOptions, "scenario">) {
  const server = createEpisodeServer({
    seed: 1,
    recordingsDir: null,
    server: { name: "asynctool-mcp", version: "test" },
    sessionId: "session-test",
    ...options,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.mcp.connect(serverTransport);
  const client = new Client({ name: "test-client", version: "1.2.3" });
  await client.connect(clientTransport);
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { server, client, call };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}
