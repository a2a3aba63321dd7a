import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { JSONRPC } from "../../src/jsonrpc-codes.js";
import { httpServerPerTest, rawHeaders, rawInitialize } from "../helpers/raw-http.js";

/**
 * The POST handler of /mcp is not async (a call on an open session hands the transport's promise
 * to express), and one shared listener takes every closed response out of the set a shutdown
 * waits for: what either could lose is pinned here.
 */

const start = httpServerPerTest();

afterEach(() => {
  vi.restoreAllMocks();
});

async function post(url: string, body: unknown, session?: string) {
  return fetch(url, {
    method: "POST",
    headers: { ...rawHeaders, ...(session ? { "mcp-session-id": session } : {}) },
    body: JSON.stringify(body),
  });
}

async function openSession(url: string): Promise<string> {
  const init = await post(url, rawInitialize);
  expect(init.status).toBe(200);
  await init.text();
  const session = init.headers.get("mcp-session-id") ?? "";
  const note = await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, session);
  expect(note.status).toBe(202);
  return session;
}

describe("POST /mcp on an open session", () => {
  it("answers a failure of the transport with the error handler's JSON-RPC error", async () => {
    const { url } = await start();
    const session = await openSession(url);
    vi.spyOn(StreamableHTTPServerTransport.prototype, "handleRequest").mockRejectedValue(
      new Error("the transport broke"),
    );
    const res = await post(url, { jsonrpc: "2.0", id: 2, method: "ping" }, session);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      jsonrpc: "2.0",
      error: { code: JSONRPC.INTERNAL_ERROR, message: "Internal error." },
      id: null,
    });
  });

  it("still refuses a POST without a session id that is not an initialize", async () => {
    const { url } = await start();
    const res = await post(url, { jsonrpc: "2.0", id: 1, method: "ping" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /first request of a session must be initialize/,
    );
  });
});

describe("shutdown", () => {
  it("does not wait for responses that have already closed", async () => {
    const server = await start();
    const session = await openSession(server.url);
    for (let id = 2; id < 5; id++) {
      const res = await post(server.url, { jsonrpc: "2.0", id, method: "ping" }, session);
      expect(res.status).toBe(200);
      await res.text();
    }
    // Every response above has closed: close() must not wait on any of them (it would hang).
    await server.close();
    expect(server.sessionCount()).toBe(0);
  });
});
