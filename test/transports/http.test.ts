import { mkdtempSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { exampleScenariosDir } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};
const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(
  dir: string | null = null,
  { defaultScenario }: { defaultScenario: string | undefined } = { defaultScenario: "travel-and-files" },
) {
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue: await Catalogue.load([exampleScenariosDir]),
    defaultScenario,
    session: { seed: 1, recordingsDir: dir, server: { name: "asynctool-mcp", version: "test" } },
  });
  return server;
}

async function connect(url: string) {
  const client = new Client({ name: "http-test", version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  return { client, transport };
}

async function recordingsIn(dir: string) {
  return Promise.all(
    readdirSync(dir)
      .filter((f) => f.endsWith(".jsonl"))
      .map((f) => readRecording(join(dir, f))),
  );
}

describe("the Streamable HTTP transport", () => {
  it("gives each session its own episode, chosen in the URL", async () => {
    const { url } = await start();
    const a = await connect(`${url}?scenario=weather-and-rates&seed=5&mode=sync`);
    const b = await connect(url);
    const tasksA = await a.client.callTool({ name: "list_tasks", arguments: {} });
    const tasksB = await b.client.callTool({ name: "list_tasks", arguments: {} });
    expect(tasksA.structuredContent).toMatchObject({ episode: { id: "weather-and-rates", mode: "sync" } });
    expect(tasksB.structuredContent).toMatchObject({ episode: { id: "travel-and-files", mode: "async" } });
    expect(a.transport.sessionId).not.toBe(b.transport.sessionId);
    expect(a.transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("hands a catalogue out in turn when no scenario is named", async () => {
    const { url } = await start(null, { defaultScenario: undefined });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { client } = await connect(url);
      const result = await client.callTool({ name: "list_tasks", arguments: {} });
      ids.push((result.structuredContent as { episode: { id: string } }).episode.id);
    }
    expect(ids).toEqual(["filesystem-triage", "travel-and-files", "weather-and-rates", "filesystem-triage"]);
  });

  it("closes the episode as disconnected when the client deletes its session, and 404s it after", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-http-delete-"));
    const { url } = await start(dir);
    const { client, transport } = await connect(url);
    await client.callTool({ name: "list_tasks", arguments: {} });
    const sessionId = transport.sessionId as string;
    await transport.terminateSession();
    const [recording] = await recordingsIn(dir);
    expect(recording?.end).toMatchObject({ status: "disconnected" });
    const after = await fetch(url, {
      method: "POST",
      headers: { ...headers, "mcp-session-id": sessionId },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }),
    });
    expect(after.status).toBe(404);
  });

  it("closes every open episode as interrupted when it shuts down", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-http-close-"));
    const running = await start(dir);
    for (let i = 0; i < 3; i++) {
      const { client } = await connect(running.url);
      await client.callTool({ name: "list_tasks", arguments: {} });
    }
    expect(running.sessionCount()).toBe(3);
    await running.close();
    server = undefined;
    const recordings = await recordingsIn(dir);
    expect(recordings.map((r) => r.end?.status)).toEqual(["interrupted", "interrupted", "interrupted"]);
  });

  it("refuses a scenario that is not a catalogue id, and bad seeds, modes and clocks", async () => {
    const { url } = await start();
    const post = (query: string) =>
      fetch(`${url}${query}`, { method: "POST", headers, body: JSON.stringify(initialize) });
    const traversal = await post("?scenario=../../etc/passwd");
    expect(traversal.status).toBe(400);
    expect(((await traversal.json()) as { error: { message: string } }).error.message).toMatch(
      /takes a catalogue id/,
    );
    const unknown = await post("?scenario=nope");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(
      /no scenario "nope" in this server's catalogue; it has filesystem-triage/,
    );
    expect((await post("?seed=abc")).status).toBe(400);
    expect((await post("?mode=eager")).status).toBe(400);
    expect((await post("?clock=moon")).status).toBe(400);
  });

  it("answers protocol misuse with JSON-RPC errors", async () => {
    const { url } = await start();
    const parse = await fetch(url, { method: "POST", headers, body: "{not json" });
    expect(parse.status).toBe(400);
    expect(((await parse.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const noSession = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(noSession.status).toBe(400);
    expect(((await noSession.json()) as { error: { message: string } }).error.message).toMatch(
      /first request of a session must be initialize/,
    );
    const unknownSession = await fetch(url, {
      method: "GET",
      headers: { ...headers, "mcp-session-id": "0000" },
    });
    expect(unknownSession.status).toBe(404);
  });

  it("refuses a foreign Host or Origin (DNS rebinding)", async () => {
    const { port } = await start();
    // fetch cannot set Host, so this one goes through node:http.
    const viaHost = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: "/mcp",
          method: "POST",
          headers: { ...headers, host: "evil.example" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(initialize));
    });
    expect(viaHost).toBe(403);
    const viaOrigin = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: "POST",
      headers: { ...headers, origin: "http://evil.example" },
      body: JSON.stringify(initialize),
    });
    expect(viaOrigin.status).toBe(403);
    const ok = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: "POST",
      headers: { ...headers, origin: `http://localhost:${port}` },
      body: JSON.stringify(initialize),
    });
    expect(ok.status).toBe(200);
  });
});
