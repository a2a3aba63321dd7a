import type { Client as ModernClient } from "@modelcontextprotocol/client";
import type { AgentTools } from "../../src/agents/agent-tools.js";
import { ERROR_META_KEY } from "../../src/mcp/error-meta.js";

/** The agents' tools through the v2 client (src/client/sdk-tools.ts does this for v1). */
export function modernAgentTools(client: ModernClient): AgentTools {
  return {
    async call(name, args) {
      const result = await client.callTool({ name, arguments: args }, { timeout: 120_000 });
      const meta = result._meta?.[ERROR_META_KEY] as { code?: string } | undefined;
      return {
        isError: result.isError === true,
        structured: result.structuredContent as Record<string, unknown> | undefined,
        text: result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n"),
        code: meta?.code,
      };
    },
  };
}
