// The baseline of the transport figures: a bare SDK server with one echo tool, registered the
// standard way (McpServer.registerTool with a zod schema), over the same transports.
//
// With `durable` ({ dir, lineBytes }) it also does, per call, what asynctool's recording contract
// requires at least (figure 1's durability floor): each session opens a file of its own in `dir`
// ("ax", as the recorder does), and each call, before its answer goes out, appends one line of
// `lineBytes` bytes in one write (a call's lines); before that write, at most once per
// LINK_CHECK_MS of the session (its first call's always), it takes one fstat of the file (the
// recorder's check that the file was not deleted under it, made on the same interval); at the
// session's end it takes one more, as the recorder does for its end line, and the file is fsynced
// and closed on the thread pool. Nothing else of a recording is done: no lines are built or checked.

import { randomUUID } from "node:crypto";
import { close, fstatSync, fsync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { LINK_CHECK_MS } from "./floor.mjs";

let files = 0;

/** The per-session file of the durable echo; its `append` throws, as the recorder would fail a call, if the file was found without its link. */
function openFloorFile({ dir, lineBytes }) {
  const path = join(dir, `floor-${process.pid}-${++files}.jsonl`);
  const fd = openSync(path, "ax");
  // A string, as the recorder writes its lines; its content does not change the cost of the write.
  const line = `${"x".repeat(lineBytes - 1)}\n`;
  let open = true;
  /** performance.now() from which the next fstat is due: the first call's at once. */
  let dueAt = Number.NEGATIVE_INFINITY;
  return {
    append() {
      const now = performance.now();
      if (now >= dueAt) {
        if (fstatSync(fd).nlink === 0) throw new Error(`${path} was deleted`);
        dueAt = now + LINK_CHECK_MS;
      }
      writeSync(fd, line);
    },
    close() {
      if (!open) return;
      open = false;
      // The recorder's check before its end line, paid as it pays it (no end line is written here).
      fstatSync(fd);
      fsync(fd, () => close(fd, () => {}));
    },
  };
}

/**
 * @param {{ dir: string, lineBytes: number }} [durable] the durability floor (see above)
 */
export function createBareServer(durable) {
  const server = new McpServer({ name: "bare-echo", version: "1.0.0" });
  const file = durable ? openFloorFile(durable) : null;
  server.registerTool(
    "echo",
    { description: "Echoes its input.", inputSchema: { q: z.string() } },
    file
      ? async ({ q }) => {
          file.append();
          return { content: [{ type: "text", text: q }] };
        }
      : async ({ q }) => ({ content: [{ type: "text", text: q }] }),
  );
  if (file) server.server.onclose = () => file.close();
  return server;
}

/**
 * The SDK's documented Streamable HTTP server: express, one transport per session; `durable`
 * as for createBareServer.
 */
export async function startBareHttpServer(port = 0, durable) {
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
      await createBareServer(durable).connect(transport);
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
