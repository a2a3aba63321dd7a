import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { JSONRPC } from "../../src/jsonrpc-codes.js";
import { readRecording } from "../../src/recorder/reader.js";
import { httpServerPerTest, rawHeaders, rawInitialize } from "../helpers/raw-http.js";

/**
 * The HTTP server's contract where a client misbehaves: JSON-RPC errors with the right codes
 * and our own messages, JSON for unknown routes, the exact-origin check, and the limits that
 * keep one client from holding every session slot.
 */

const headers = rawHeaders;
const initialize = rawInitialize;
const start = httpServerPerTest();

async function connect(url: string) {
  const client = new Client({ name: "contract-test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** The JSON-RPC error a rejected client call carries. */
async function rpcError(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: number; message: string } | undefined;
  expect(error, "the call should have failed").toBeDefined();
  return error as { code: number; message: string };
}

describe("JSON-RPC errors", () => {
  it("answers a read of an unknown job resource with resource-not-found and its own message", async () => {
    const client = await connect((await start()).url);
    const error = await rpcError(client.readResource({ uri: "asynctool://jobs/job_nope" }));
    expect(error.code).toBe(JSONRPC.RESOURCE_NOT_FOUND);
    expect(error.code).toBe(-32002);
    expect(error.message).toContain(
      "Resource not found: asynctool://jobs/job_nope names no job of this session.",
    );
    expect(error.message).not.toMatch(/Internal error|JOB_NOT_FOUND|zod/i);
  });

  it("answers logging/setLevel with a bad level as invalid params, listing the levels", async () => {
    const client = await connect((await start()).url);
    const error = await rpcError(
      client.request(
        { method: "logging/setLevel", params: { level: "loud" as "info" } },
        (await import("@modelcontextprotocol/sdk/types.js")).EmptyResultSchema,
      ),
    );
    expect(error.code).toBe(JSONRPC.INVALID_PARAMS);
    expect(error.message).toContain(
      'Invalid params: logging/setLevel takes params.level, one of debug, info, notice, warning, error, critical, alert, emergency; got "loud".',
    );
    // A good level is still accepted.
    await expect(client.setLoggingLevel("warning")).resolves.toEqual({});
  });

  it("rate-limits resource reads with the session's calls per second", async () => {
    // 2 per second and a clock that does not move: the third read in the same instant is refused.
    const client = await connect(
      (
        await start({
          session: {
            seed: 1,
            recordingsDir: null,
            server: { name: "asynctool-mcp", version: "test" },
            limits: { maxCallsPerSecond: 2 },
            realTime: { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} },
          },
        })
      ).url,
    );
    await client.readResource({ uri: "asynctool://episode/brief" });
    await rpcError(client.readResource({ uri: "asynctool://jobs/job_a" })); // not found, but counted
    const error = await rpcError(client.readResource({ uri: "asynctool://jobs/job_b" }));
    expect(error.code).toBe(JSONRPC.RATE_LIMITED);
    expect(error.message).toContain(
      "Rate limited: this session may make at most 2 calls and resource reads per second; asynctool://jobs/job_b was not read.",
    );
  });

  it("answers unknown routes with 404 and unknown methods with 405, in JSON", async () => {
    const { port } = await start();
    const root = await fetch(`http://127.0.0.1:${port}/`);
    expect(root.status).toBe(404);
    expect(root.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await root.json()).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: JSONRPC.METHOD_NOT_FOUND, message: "Not found: GET /; the MCP endpoint is /mcp." },
    });
    const put = await fetch(`http://127.0.0.1:${port}/mcp`, { method: "PUT", headers, body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST, DELETE");
    expect(((await put.json()) as { error: { message: string } }).error.message).toBe(
      "Method not allowed: PUT /mcp; this endpoint takes GET, POST, DELETE.",
    );
  });
});

describe("the Origin check", () => {
  const post = (port: number, origin: string) =>
    fetch(`http://127.0.0.1:${port}/mcp`, {
      method: "POST",
      headers: { ...headers, origin },
      body: JSON.stringify(initialize),
    });

  it("accepts only the server's own origin by default: a loopback page on another port is refused", async () => {
    const { port } = await start();
    expect((await post(port, `http://localhost:${port}`)).status).toBe(200);
    expect((await post(port, `http://127.0.0.1:${port}`)).status).toBe(200);
    const other = await post(port, `http://localhost:${port + 1}`);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toBe(
      `Origin not allowed: http://localhost:${port + 1}. Only the server's own origin is accepted; start it with --allowed-origins http://localhost:${port + 1} to allow this one.`,
    );
    expect((await post(port, `https://localhost:${port}`)).status).toBe(403);
  });

  it("accepts the origins it is told to, exactly", async () => {
    const { port } = await start({ allowedOrigins: ["http://localhost:6274"] });
    expect((await post(port, "http://localhost:6274")).status).toBe(200);
    expect((await post(port, "http://localhost:6275")).status).toBe(403);
  });
});

describe("session slots", () => {
  it("closes a session that made no tool call after the unused limit, and a used one only when idle", async () => {
    let clock = 0;
    const dir = mkdtempSync(join(tmpdir(), "asynctool-unused-"));
    const running = await start({
      now: () => clock,
      session: { seed: 1, recordingsDir: dir, server: { name: "asynctool-mcp", version: "test" } },
    });
    const unused = await connect(running.url);
    const used = await connect(running.url);
    await used.callTool({ name: "list_tasks", arguments: {} });
    await unused.listTools(); // a request, but no tool call
    clock = 59_999;
    expect(running.closeIdleSessions()).toBe(0);
    clock = 60_000; // the default unused limit, 60 s, since the last request
    expect(running.closeIdleSessions()).toBe(1);
    expect(running.sessionCount()).toBe(1);
    const ended = (await Promise.all(readdirSync(dir).map((f) => readRecording(join(dir, f))))).find(
      (r) => r.end !== null,
    );
    expect(ended?.end).toMatchObject({
      status: "disconnected",
      reason: "no tool call and no request for 60 s",
    });
    const gone = await rpcError(unused.listTools());
    expect(gone.message).toMatch(/Session not found/);
    // The used session stays until the 30-minute idle limit.
    clock = 30 * 60_000 - 1;
    expect(running.closeIdleSessions()).toBe(0);
    clock = 30 * 60_000;
    expect(running.closeIdleSessions()).toBe(1);
  });

  it("caps the sessions one client address may hold, and frees a slot when one closes", async () => {
    const running = await start({ maxSessionsPerClient: 3 });
    const clients = [await connect(running.url), await connect(running.url), await connect(running.url)];
    const fourth = await fetch(running.url, { method: "POST", headers, body: JSON.stringify(initialize) });
    expect(fourth.status).toBe(503);
    expect(((await fourth.json()) as { error: { code: number; message: string } }).error).toEqual({
      code: JSONRPC.SERVER_REFUSED,
      message:
        "This client address has 3 sessions open, the most one client may hold. Close one (DELETE /mcp) or wait for an idle one to be closed.",
    });
    const first = clients[0] as Client;
    await (first.transport as StreamableHTTPClientTransport).terminateSession();
    expect(running.sessionCount()).toBe(2);
    const again = await fetch(running.url, { method: "POST", headers, body: JSON.stringify(initialize) });
    expect(again.status).toBe(200);
  });

  it("counts sessions still being opened against the cap (a burst of initialize requests)", async () => {
    const running = await start({ maxSessionsPerClient: 5 });
    const burst = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(running.url, { method: "POST", headers, body: JSON.stringify(initialize) }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(burst.filter((s) => s === 200)).toHaveLength(5);
    expect(burst.filter((s) => s === 503)).toHaveLength(15);
    expect(running.sessionCount()).toBe(5);
  });
});
