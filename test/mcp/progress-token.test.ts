import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { createEpisodeServer } from "../../src/mcp/server.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { declaredScenario } from "../helpers/scenarios.js";

// The tools/call handler hands the session a `progress` only when the request carries a progress
// token (no closure per call otherwise): a blocking call sends notifications/progress with the
// client's token when it has one, and none at all when it has none.

async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A sync session in the wall clock on hand-driven time, every message the server sends kept. */
async function syncSession() {
  const real = new FakeRealTime();
  const server = createEpisodeServer({
    scenario: declaredScenario(),
    clock: "wall",
    mode: "sync",
    realTime: real,
    settings: { progressEveryMs: 1000 },
    seed: 1,
    recordingsDir: null,
    server: { name: "asynctool-mcp", version: "test" },
    sessionId: "progress-test",
  });
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const sent: JSONRPCMessage[] = [];
  client.onmessage = (message) => sent.push(message);
  await server.mcp.connect(serverSide);
  await client.start();
  await client.send({
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
  });
  await client.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  await settle();
  /** A blocking fetch (3000 ms), with `_meta` as given; resolves with what the server sent meanwhile. */
  const fetch = async (meta: Record<string, unknown> | undefined) => {
    const from = sent.length;
    await client.send({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "fetch", arguments: { key: "a" }, ...(meta ? { _meta: meta } : {}) },
    });
    await settle();
    for (let i = 0; i < 3; i++) {
      real.advance(1000);
      await settle();
    }
    return sent.slice(from);
  };
  return { fetch };
}

const progressOf = (messages: JSONRPCMessage[]) =>
  messages.filter((m) => "method" in m && m.method === "notifications/progress");

describe("progress of a blocking call", () => {
  it("is sent with the client's token when the request has one", async () => {
    const { fetch } = await syncSession();
    const messages = await fetch({ progressToken: "tok-1" });
    expect(progressOf(messages).map((m) => ("params" in m ? m.params : undefined))).toEqual([
      { progressToken: "tok-1", progress: 1000, total: 3000 },
      { progressToken: "tok-1", progress: 2000, total: 3000 },
      { progressToken: "tok-1", progress: 3000, total: 3000 },
    ]);
    expect(messages.at(-1)).toMatchObject({ id: 1, result: { structuredContent: { status: "completed" } } });
  });

  it("is not sent when the request has no token, and the call is answered the same", async () => {
    const { fetch } = await syncSession();
    const messages = await fetch(undefined);
    expect(progressOf(messages)).toEqual([]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 1, result: { structuredContent: { status: "completed" } } });
  });
});
