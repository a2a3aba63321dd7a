import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { AgentTools, ToolReply } from "../agents/agent-tools.js";
import { ERROR_META_KEY, type ErrorMeta } from "../mcp/error-meta.js";

/** Adapts the SDK's Client to what agents use: a tool call and its reply, whatever the transport. */
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

/** A tool result as an agent reads it. */
export function replyOf(result: CallToolResult): ToolReply {
  const meta = result._meta?.[ERROR_META_KEY] as Partial<ErrorMeta> | undefined;
  return {
    isError: result.isError === true,
    structured: result.structuredContent as Record<string, unknown> | undefined,
    text: result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n"),
    code: meta?.code,
  };
}
