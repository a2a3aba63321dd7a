/** The protocol revision of the modern era, and the Tasks extension's identifier. */
export const MODERN = "2026-07-28";
export const TASKS = "io.modelcontextprotocol/tasks";

/**
 * One POST of a 2026-07-28 request, written out by hand (not through our client): the envelope
 * in `_meta` and the routing headers (Mcp-Name is the tool for tools/call, the taskId for
 * tasks/*). `declareTasks` puts the extension in the request's client capabilities, as a client
 * of the extension does on every request.
 */
export function modernRequest(
  id: number,
  method: string,
  params: Record<string, unknown>,
  options: { readonly client: string; readonly declareTasks: boolean },
): RequestInit {
  const name = method === "tools/call" ? params.name : params.taskId;
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": MODERN,
      "mcp-method": method,
      ...(typeof name === "string" ? { "mcp-name": name } : {}),
    },
    body: JSON.stringify({ jsonrpc: "2.0", id, method, params: modernParams(params, options) }),
  };
}

/**
 * A request's params with the 2026-07-28 envelope in `_meta`: the revision, the client's name
 * and its capabilities (the Tasks extension when `declareTasks`), as every modern request
 * carries them, over HTTP or stdio.
 */
export function modernParams(
  params: Record<string, unknown>,
  options: { readonly client: string; readonly declareTasks: boolean },
): Record<string, unknown> {
  return {
    ...params,
    _meta: {
      "io.modelcontextprotocol/protocolVersion": MODERN,
      "io.modelcontextprotocol/clientInfo": { name: options.client, version: "1" },
      "io.modelcontextprotocol/clientCapabilities": options.declareTasks
        ? { extensions: { [TASKS]: {} } }
        : {},
    },
  };
}
