/**
 * The JSON-RPC error codes this server answers with, by name. The -327xx/-326xx ones are
 * JSON-RPC 2.0's own; -32002 is MCP's "resource not found"; -32000 and -32001 are this server's
 * transport errors (refused, unknown session), in the range JSON-RPC leaves to servers.
 */
export const JSONRPC = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  RESOURCE_NOT_FOUND: -32002,
  /** A resource read beyond the session's calls per second (a tool call gets RATE_LIMITED as a tool error). */
  RATE_LIMITED: -32003,
  /** The server refuses the request (capacity, origin, no session header...). */
  SERVER_REFUSED: -32000,
  /** The Mcp-Session-Id names no open session. */
  SESSION_NOT_FOUND: -32001,
  /** The bearer token is missing or wrong (HTTP 401). */
  UNAUTHORIZED: -32001,
} as const;

export type JsonRpcCode = (typeof JSONRPC)[keyof typeof JSONRPC];

/**
 * An error a request handler throws to answer with this code and exactly this message: the SDK
 * answers a thrown error with its `code`, `message` and `data` (McpError would prefix the
 * message with "MCP error -32602:").
 */
export class JsonRpcError extends Error {
  constructor(
    readonly code: JsonRpcCode,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "JsonRpcError";
  }
}
