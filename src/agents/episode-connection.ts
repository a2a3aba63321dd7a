import type { JsonObject } from "../json.js";
import type { AgentTools } from "./agent-tools.js";

/** An MCP tool as tools/list gives it (only what a model needs of it). */
export interface McpToolInfo {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly inputSchema: unknown;
}

/** A note written into an episode's recording (the model runner's account of its turns). */
export interface EpisodeNote {
  readonly level: "info" | "warn" | "error";
  readonly message: string;
  readonly data: JsonObject;
}

export type EpisodeNoteSink = (note: EpisodeNote) => void;

/**
 * An open episode as the client sees it: one MCP session, over whatever transport. src/client/
 * opens it; the reference agents and the model runner use it and never import the SDK or a
 * transport themselves.
 */
export interface EpisodeConnection {
  readonly tools: AgentTools;
  /**
   * The same tools acted through MCP Tasks (a server in tasks mode): a scenario tool runs as a
   * task, the job tools become tasks/get, tasks/result, tasks/cancel, tasks/list. Set by
   * src/client/; absent on a connection that cannot speak Tasks.
   */
  readonly tasksTools?: AgentTools;
  /**
   * A client-side Tasks driver (`eval --tasks-driver`): the tools as a framework that waits for
   * each task itself offers them to a model. Set by src/client/; absent where it cannot run.
   */
  readonly tasksDriver?: TasksDriver;
  /** The server's instructions: the episode brief. */
  readonly instructions: string;
  /** tools/list (a round trip, so only asked by those who need it: the reference agents do not). */
  listTools(): Promise<readonly McpToolInfo[]>;
  /** The MCP session id, when the transport has one (Streamable HTTP, or the in-process episode's key). */
  readonly sessionId: string | undefined;
  /** The recording the session writes, when the server runs in this process and records to a file. */
  readonly recordingPath: string | null;
  /** Writes a note into the session's recording; null when the recording is a server's out of reach. */
  readonly note: EpisodeNoteSink | null;
  /**
   * Disconnects. With a status, an in-process episode is first ended and recorded with that
   * status and reason; without one it ends as a client's disconnect does.
   */
  close(status?: "disconnected" | "error", reason?: string): Promise<void>;
}

/**
 * Tools as an agent framework's Tasks driver offers them: a call of a tool that can run as a task
 * answers when the task has ended, with its result; the job tools are not listed.
 */
export interface TasksDriver {
  readonly tools: AgentTools;
  listTools(): Promise<readonly McpToolInfo[]>;
}

/** How a reference agent acts on the server: the job tools, or MCP Tasks (`--mode tasks` only). */
export const PROTOCOLS = ["jobs", "tasks"] as const;
export type AgentProtocol = (typeof PROTOCOLS)[number];

/** The agent's tools over a connection for a protocol. */
export function toolsFor(connection: EpisodeConnection, protocol: AgentProtocol = "jobs"): AgentTools {
  if (protocol === "jobs") return connection.tools;
  if (!connection.tasksTools)
    throw new Error("this connection cannot act through MCP Tasks (it has no tasksTools)");
  return connection.tasksTools;
}
