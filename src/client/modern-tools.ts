import type { AgentTools, ToolReply } from "../agents/agent-tools.js";
import { ERROR_META_KEY, type ErrorMeta } from "../mcp/error-meta.js";
import { type JsonRecord, type ModernRpc, ModernRpcError } from "./modern-rpc.js";

/** The agents' tools in the modern era as plain tools/calls: the job tools of `--protocol jobs`. */
export function modernAgentTools(rpc: ModernRpc): AgentTools {
  return {
    async call(name, args) {
      try {
        return replyOfResult(await rpc("tools/call", { name, arguments: args }));
      } catch (error) {
        return replyOfRpcError(error);
      }
    },
  };
}

/** A tool result of the wire as an agent reads it (sdk-tools.ts does this for the v1 client). */
export function replyOfResult(result: JsonRecord): ToolReply {
  const content = (result.content as { type?: string; text?: string }[] | undefined) ?? [];
  const meta = (result._meta as JsonRecord | undefined)?.[ERROR_META_KEY] as Partial<ErrorMeta> | undefined;
  return {
    isError: result.isError === true,
    structured: result.structuredContent as Record<string, unknown> | undefined,
    text: content.map((c) => (c.type === "text" ? (c.text ?? "") : "")).join("\n"),
    code: meta?.code,
  };
}

/**
 * A JSON-RPC error as a tool error, with the code our server puts in its data (an unknown task,
 * an episode that is over), as the 2025 Tasks adapter does; anything else (the server gone) is thrown.
 */
export function replyOfRpcError(error: unknown): ToolReply {
  if (!(error instanceof ModernRpcError)) throw error;
  const code = error.data?.code;
  return {
    isError: true,
    structured: undefined,
    text: error.message,
    code: typeof code === "string" ? code : undefined,
  };
}
