import type { JsonValue } from "../json.js";

/** A tool call's answer as an agent reads it. */
export interface ToolReply {
  readonly isError: boolean;
  /** structuredContent, when the tool sent it. */
  readonly structured: Record<string, unknown> | undefined;
  readonly text: string;
  /** The error code of a tool error (`_meta["asynctool/error"].code`, src/mcp/error-meta.ts). */
  readonly code: string | undefined;
}

/**
 * What an agent needs from an MCP connection: call a tool. Agents are written against this, so
 * they run over any transport (src/client/sdk-tools.ts adapts the SDK's Client) and never
 * import the SDK themselves.
 */
export interface AgentTools {
  call(name: string, args: Record<string, JsonValue>): Promise<ToolReply>;
}

/** A job handle as the server returns it. */
export interface Handle {
  readonly job_id: string;
  readonly tool: string;
  readonly status: "working" | "completed" | "failed" | "cancelled" | "expired";
  readonly started_at?: number;
  readonly ended_at?: number;
  readonly result?: JsonValue;
  readonly error?: { code: string; message: string; retryable: boolean };
}
