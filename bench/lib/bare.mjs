// The baseline of the transport figures: a bare SDK server with one echo tool, registered the
// standard way (McpServer.registerTool with a zod schema), over the same transports.

import { randomUUID } from "node:crypto";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

export function createBareServer() {
  const server = new McpServer({ name: "bare-echo", version: "1.0.0" });
  server.registerTool(
    "echo",
    { description: "Echoes its input.", inputSchema: { q: z.string() } },
    async ({ q }) => ({ content: [{ type: "text", text: q }] }),
  );
  return server;
}

/** The SDK's documented Streamable HTTP server: express, one transport per session. */
export async function startBareHttpServer(port = 0) {
  const app = createMcpExpressApp();
  const transports = new Map();
  app.post("/mcp", async (req, res) => {
    const sid = req.header("mcp-session-id");
    let transport = sid ? transports.get(sid) : undefined;
    if (!transport) {
      if (sid || !isInitializeRequest(req.body)) {
        res.status(400).json({ jsonrpc: "2.0", error: { code: -32000, message: "Bad Request" }, id: null });
        return;
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => transports.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) transports.delete(transport.sessionId);
      };
      await createBareServer().connect(transport);
    }
    await transport.handleRequest(req, res, req.body);
  });
  const bySession = async (req, res) => {
    const transport = transports.get(req.header("mcp-session-id") ?? "");
    if (!transport) {
      res.status(400).send("Invalid or missing session ID");
      return;
    }
    await transport.handleRequest(req, res);
  };
  app.get("/mcp", bySession);
  app.delete("/mcp", bySession);
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/mcp`,
    sessionCount: () => transports.size,
    async close() {
      await Promise.all([...transports.values()].map((t) => t.close().catch(() => {})));
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
