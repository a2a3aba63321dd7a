import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { EpisodeConnection, EpisodeNoteSink } from "../agents/episode-connection.js";
import type { EpisodeSession, SessionOptions } from "../mcp/episode-session.js";
import { createEpisodeServer, type EpisodeServer } from "../mcp/server.js";
import { agentTools } from "./sdk-tools.js";
import { serverTokenRefused } from "./server-token.js";
import { tasksDriver } from "./tasks-driver.js";
import { tasksAgentTools } from "./tasks-tools.js";

/** Who the client says it is at initialize (the recording's header keeps it). */
export interface ClientIdentity {
  readonly name: string;
  readonly version: string;
}

/**
 * An episode server in this process, over the SDK's in-memory transport. `note` writes into its
 * recording; `server` hands over an in-memory recording.
 */
export async function connectInMemory(
  options: SessionOptions,
  identity: ClientIdentity,
): Promise<EpisodeConnection & { readonly server: EpisodeServer }> {
  return (await inMemory(options, identity)).connection;
}

/**
 * An in-process episode started before it is handed over: a round trip after `initialized`
 * makes sure the server has started the episode and opened its recording, so `recordingPath`
 * is known (and a recording that cannot open fails here).
 */
export async function connectInMemoryStarted(
  options: SessionOptions,
  identity: ClientIdentity,
): Promise<EpisodeConnection & { readonly server: EpisodeServer }> {
  const { client, connection } = await inMemory(options, identity);
  try {
    await client.ping();
    connection.server.session.start();
    return connection;
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
}

async function inMemory(
  options: SessionOptions,
  identity: ClientIdentity,
): Promise<{ client: Client; connection: EpisodeConnection & { readonly server: EpisodeServer } }> {
  const server = createEpisodeServer(options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.mcp.connect(serverSide);
  const client = new Client(identity);
  await client.connect(clientSide);
  const connection: EpisodeConnection & { readonly server: EpisodeServer } = {
    server,
    tools: agentTools(client),
    tasksTools: tasksAgentTools(client),
    tasksDriver: tasksDriver(client),
    instructions: client.getInstructions() ?? "",
    listTools: async () => (await client.listTools()).tools,
    sessionId: options.sessionId,
    // The recording opens once the client has initialized: read it when asked.
    get recordingPath() {
      return server.session.sink?.path ?? null;
    },
    note: sessionNote(server.session),
    close: async (status, reason) => {
      if (status) await server.close(status, reason);
      await client.close();
      await server.close("disconnected", "the client closed the connection");
    },
  };
  return { client, connection };
}

/** Writes a note into the recording of a session in this process (a no-op once it has ended or failed). */
export function sessionNote(session: EpisodeSession): EpisodeNoteSink {
  return (note) => {
    const sink = session.sink;
    // After the episode's end line nothing may be written; a failed recording is reported by the session.
    if (!sink || sink.closed || sink.failed) return;
    try {
      sink.write({ type: "note", level: note.level, message: note.message, data: note.data });
    } catch {}
  };
}

/** A server process spoken to over stdio (e.g. `node dist/cli.js serve ...`); its recording is its own. */
export async function connectStdio(
  command: string,
  args: readonly string[],
  identity: ClientIdentity,
): Promise<EpisodeConnection> {
  const transport = new StdioClientTransport({ command, args: [...args], stderr: "pipe" });
  const client = new Client(identity);
  await client.connect(transport);
  return {
    tools: agentTools(client),
    tasksTools: tasksAgentTools(client),
    tasksDriver: tasksDriver(client),
    instructions: client.getInstructions() ?? "",
    listTools: async () => (await client.listTools()).tools,
    sessionId: undefined,
    recordingPath: null,
    note: null,
    close: () => client.close(),
  };
}

/** A running server's Streamable HTTP endpoint; the session is deleted on close. */
export async function connectHttp(
  url: URL,
  identity: ClientIdentity,
  headers: Readonly<Record<string, string>> = {},
): Promise<EpisodeConnection> {
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { ...headers } } });
  const client = new Client(identity);
  try {
    await client.connect(transport);
  } catch (error) {
    // A token asked for or refused: every later session would meet the same answer.
    if (error instanceof StreamableHTTPError && (error.code === 401 || error.code === 403))
      throw serverTokenRefused(
        `POST ${url.origin}${url.pathname}`,
        error.code,
        headers.authorization !== undefined,
      );
    throw error;
  }
  return {
    tools: agentTools(client),
    tasksTools: tasksAgentTools(client),
    tasksDriver: tasksDriver(client),
    instructions: client.getInstructions() ?? "",
    listTools: async () => (await client.listTools()).tools,
    sessionId: transport.sessionId,
    recordingPath: null,
    note: null,
    close: async () => {
      await transport.terminateSession().catch(() => {});
      await client.close();
    },
  };
}
