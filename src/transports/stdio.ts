import { randomUUID } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { SessionOptions } from "../mcp/episode-session.js";
import { createEpisodeServer, type EpisodeServer } from "../mcp/server.js";

export interface StdioServeOptions extends Omit<SessionOptions, "sessionId"> {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
}

/** Serves one episode over stdio (one process, one session). stdout carries only the protocol. */
export async function serveStdio(options: StdioServeOptions): Promise<EpisodeServer> {
  const server = createEpisodeServer({ ...options, sessionId: randomUUID() });
  const transport = new StdioServerTransport(options.stdin, options.stdout);
  await server.mcp.connect(transport);
  return server;
}
