import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { runAgent } from "../../src/agents/index.js";
import { agentTools } from "../../src/client/sdk-tools.js";
import { computeMetrics } from "../../src/metrics/index.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";
import { modernAgentTools } from "../helpers/modern-agent-tools.js";

const MODERN = "2026-07-28";
const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(dir: string | null) {
  const catalogue = await Catalogue.load([exampleScenariosDir]);
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue,
    defaultScenario: "travel-and-files",
    session: { seed: 1, recordingsDir: dir, server: { name: "asynctool-mcp", version: "test" } },
  });
  return { server, catalogue, base: server.url.replace(/\/mcp$/, "") };
}

/** A v2 client pinned to the modern era, on one episode URL. */
async function connectModern(url: string, name = "modern-client") {
  const client = new ModernClient({ name, version: "2" }, { versionNegotiation: { mode: { pin: MODERN } } });
  await client.connect(new ModernTransport(new URL(url)));
  return client;
}

async function recordingsIn(dir: string) {
  return Promise.all(
    readdirSync(dir)
      .filter((f) => f.endsWith(".jsonl"))
      .map((f) => readRecording(join(dir, f))),
  );
}

describe("episode URLs: the 2026-07-28 era beside the legacy sessions", () => {
  it("plays a whole async episode with the v2 client, scored as the same actions in a legacy session", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-episodes-"));
    const { base, catalogue } = await start(dir);
    const scenario = catalogue.get("travel-and-files");
    const episode = { scenario, seed: 1, mode: "async" as const, clock: "step" as const };

    const created = await fetch(`${base}/episodes?scenario=travel-and-files&seed=1&mode=async&clock=step`, {
      method: "POST",
    });
    expect(created.status).toBe(201);
    const { id, url } = (await created.json()) as { id: string; url: string };
    expect(url).toBe(`${base}/mcp/episodes/${id}`);
    expect(created.headers.get("location")).toBe(url);

    const modern = await connectModern(url);
    expect(modern.getNegotiatedProtocolVersion()).toBe(MODERN);
    const modernRun = await runAgent("oracle", modernAgentTools(modern), episode);
    await modern.close();
    expect(modernRun.finished).toBe(true);

    const legacy = new Client({ name: "legacy-client", version: "1" });
    const transport = new StreamableHTTPClientTransport(
      new URL(`${base}/mcp?scenario=travel-and-files&seed=1&mode=async&clock=step`),
    );
    await legacy.connect(transport);
    const legacyRun = await runAgent("oracle", agentTools(legacy), episode);
    await transport.terminateSession();
    await legacy.close();
    expect(legacyRun.calls).toBe(modernRun.calls);

    await server?.close();
    server = undefined;
    const recordings = await recordingsIn(dir);
    expect(recordings).toHaveLength(2);
    const byClient = (name: string) => {
      const found = recordings.find((r) => r.header.client?.name === name);
      if (!found) throw new Error(`no recording of ${name}`);
      return found;
    };
    const a = byClient("modern-client");
    const b = byClient("legacy-client");
    // The header says the era; nothing that scores a recording reads it.
    expect(a.header.session).toBe(id);
    expect(a.header.options?.protocol).toBe(MODERN);
    expect(b.header.options?.protocol).toBeUndefined();
    expect(a.end?.status).toBe("completed");
    const metrics = computeMetrics(scenario, a);
    expect(metrics).toEqual(computeMetrics(scenario, b));
    expect(metrics.episodeSuccess).toBe(true);
  });

  it("opens an episode on the first request to a new id, and keeps serving that one episode", async () => {
    const { base, server: http } = await start(null);
    const url = `${base}/mcp/episodes/my-run-1?scenario=weather-and-rates&seed=3`;
    const first = await connectModern(url);
    const tools = await first.listTools();
    expect(tools.tools.map((t) => t.name)).toContain("wait_for_jobs");
    expect(http.episodeCount()).toBe(1);
    // Another client on the same URL acts on the same episode.
    const second = await connectModern(url, "second");
    const brief = await second.callTool({ name: "list_tasks", arguments: {} });
    expect(JSON.stringify(brief.content)).toContain("weather-and-rates");
    expect(http.episodeCount()).toBe(1);
    await first.close();
    await second.close();
  });

  it("ends an episode on DELETE of its URL, as DELETE ends a legacy session", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-episodes-"));
    const { base, server: http } = await start(dir);
    const url = `${base}/mcp/episodes/ended-1?scenario=weather-and-rates`;
    const client = await connectModern(url);
    await client.callTool({ name: "list_tasks", arguments: {} });
    await client.close();
    expect(http.episodeCount()).toBe(1);
    const deleted = await fetch(url, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(http.episodeCount()).toBe(0);
    const [recording] = await recordingsIn(dir);
    expect(recording?.end).toMatchObject({
      status: "disconnected",
      reason: "the client ended the episode (DELETE of its URL)",
    });
    // Gone: a second DELETE is told the id is never reopened.
    const again = await fetch(url, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/never reopened/);
  });

  it("refuses a 2025-era request on an episode URL, and a bad query or id with a message that says what to do", async () => {
    const { base } = await start(null);
    const legacy = await fetch(`${base}/mcp/episodes/legacy-1`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-11-25",
          capabilities: {},
          clientInfo: { name: "old", version: "1" },
        },
      }),
    });
    const legacyBody = JSON.stringify(await legacy.json());
    expect(legacyBody).toContain(MODERN);

    const badMode = await fetch(`${base}/episodes?mode=fast`, { method: "POST" });
    expect(badMode.status).toBe(400);
    expect(((await badMode.json()) as { error: { message: string } }).error.message).toMatch(
      /\?mode= takes async, sync, instant or tasks/,
    );
    const badScenario = await fetch(`${base}/episodes?scenario=nope`, { method: "POST" });
    expect(badScenario.status).toBe(404);

    const unknown = await fetch(`${base}/mcp/episodes/never-opened`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/POST/);

    const badId = await fetch(`${base}/mcp/episodes/${"x".repeat(80)}`, {
      method: "POST",
      headers,
      body: "{}",
    });
    expect(badId.status).toBe(404);
    expect(((await badId.json()) as { error: { message: string } }).error.message).toMatch(/POST \/episodes/);
  });
});
