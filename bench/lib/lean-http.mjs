// A lean MCP client over Streamable HTTP for the throughput figures: JSON-RPC written by hand
// (initialize, notifications/initialized, tools/call, DELETE) over node:http with a keep-alive
// agent. The SDK's client spends about 2.5 ms of CPU per call here, more than either server, so
// driving both servers with it makes them look alike; this one spends a few tens of µs, and
// neither validates results nor keeps per-request listeners, so a session's calls cost the same
// however many it has made.
import http from "node:http";

const PROTOCOL = "2025-11-25";
const IDENTITY = { name: "asynctool-bench-lean", version: "1.0.0" };

/** A keep-alive agent shared by a side's sessions: one socket per client in flight. */
export function leanAgent(maxSockets = 256) {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/**
 * One request; resolves { status, headers, body } with the body as a string. A request sent on a
 * kept-alive socket that the server closed as idle just before (its keep-alive timeout) fails with
 * ECONNRESET before the server read it; it is sent again on a fresh socket, as Node's documentation
 * of `request.reusedSocket` advises. Any other failure is the caller's.
 */
function request(url, agent, method, headers, body) {
  return send(url, agent, method, headers, body).catch((error) => {
    if (error.reusedSocket && error.code === "ECONNRESET") return send(url, agent, method, headers, body);
    throw error;
  });
}

function send(url, agent, method, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          accept: "application/json, text/event-stream",
          ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
    req.end(body);
  });
}

/** The JSON-RPC message of an answer, sent as JSON or as one server-sent event. */
function messageOf(response) {
  if (response.status !== 200) {
    throw new Error(`HTTP ${response.status}: ${response.body.slice(0, 200)}`);
  }
  const type = String(response.headers["content-type"] ?? "");
  if (type.startsWith("application/json")) return JSON.parse(response.body);
  // An SSE stream that carries the one response: its `data:` line (the SDK writes one line).
  for (const line of response.body.split("\n")) {
    if (line.startsWith("data: ")) return JSON.parse(line.slice(6));
  }
  throw new Error(`no message in the answer: ${response.body.slice(0, 200)}`);
}

/**
 * Opens an MCP session at `url` (initialize, then notifications/initialized) and returns
 * { call(name, args) → the tool's result, close() }. A JSON-RPC error is thrown.
 */
export async function openLeanSession(url, agent) {
  let id = 0;
  const init = await request(
    url,
    agent,
    "POST",
    {},
    JSON.stringify({
      jsonrpc: "2.0",
      id: ++id,
      method: "initialize",
      params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: IDENTITY },
    }),
  );
  const answer = messageOf(init);
  if (answer.error) throw new Error(`initialize: ${answer.error.message}`);
  const session = init.headers["mcp-session-id"];
  const headers = {
    "mcp-session-id": session,
    "mcp-protocol-version": answer.result.protocolVersion ?? PROTOCOL,
  };
  const note = await request(
    url,
    agent,
    "POST",
    headers,
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  );
  if (note.status !== 202) throw new Error(`notifications/initialized: HTTP ${note.status}`);
  return {
    id: session,
    async call(name, args) {
      const message = messageOf(
        await request(
          url,
          agent,
          "POST",
          headers,
          JSON.stringify({
            jsonrpc: "2.0",
            id: ++id,
            method: "tools/call",
            params: { name, arguments: args },
          }),
        ),
      );
      if (message.error) throw new Error(`tools/call ${name}: ${message.error.message}`);
      return message.result;
    },
    async close() {
      await request(url, agent, "DELETE", headers);
    },
  };
}
