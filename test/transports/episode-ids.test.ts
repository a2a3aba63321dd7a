import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { exampleScenariosDir } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { recordingOfSession, UsedEpisodeIds } from "../../src/transports/episode-ids.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";

/**
 * Episode ids: a client may choose one at POST /episodes, and no id is ever opened twice (the
 * client of a swept or restarted episode would otherwise talk to a fresh one without noticing).
 */

const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(dir: string | null, now?: () => number) {
  const catalogue = await Catalogue.load([exampleScenariosDir]);
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue,
    defaultScenario: "weather-and-rates",
    ...(now ? { now } : {}),
    session: { seed: 1, recordingsDir: dir, server: { name: "asynctool-mcp", version: "test" } },
  });
  return { http: server, base: server.url.replace(/\/mcp$/, "") };
}

/** Opens the episode at `url` and makes one tool call (so that it is recorded). */
async function play(url: string) {
  const client = new ModernClient(
    { name: "ids", version: "1" },
    { versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  await client.connect(new ModernTransport(new URL(url)));
  await client.callTool({ name: "list_tasks", arguments: {} });
  await client.close();
}

/** A first POST to an episode URL: refused before the body is read, so any body does. */
async function firstPost(url: string) {
  const response = await fetch(url, { method: "POST", headers, body: "{}" });
  const body = (await response.json()) as { error: { message: string; data?: { code?: string } } };
  return { status: response.status, ...body.error };
}

describe("UsedEpisodeIds", () => {
  it("remembers the ids it was given, forgetting the oldest past its bound", () => {
    const ids = new UsedEpisodeIds(2);
    ids.add("a");
    ids.add("b");
    expect(ids.has("a") && ids.has("b")).toBe(true);
    ids.add("c");
    expect([ids.has("a"), ids.has("b"), ids.has("c")]).toEqual([false, true, true]);
  });
});

describe("recordingOfSession", () => {
  it("finds a recording by its name's end, and lets the header decide between ids that end alike", () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-ids-"));
    const name = "2026-01-01T00-00-00.000Z_weather_run_b.jsonl";
    writeFileSync(join(dir, name), `${JSON.stringify({ type: "header", session: "run_b" })}\n`);
    expect(recordingOfSession(dir, "run_b")).toBe(name);
    // `b` ends the name as well, but the header names run_b.
    expect(recordingOfSession(dir, "b")).toBeUndefined();
    expect(recordingOfSession(dir, "other")).toBeUndefined();
    expect(recordingOfSession(join(dir, "missing"), "run_b")).toBeUndefined();
  });
});

describe("POST /episodes?id=", () => {
  it("creates the episode under the client's id, and refuses an id in use or malformed", async () => {
    const { base, http } = await start(null);
    const created = await fetch(`${base}/episodes?id=my-run-1&scenario=weather-and-rates&seed=3`, {
      method: "POST",
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: "my-run-1", url: `${base}/mcp/episodes/my-run-1` });
    expect(http.episodeCount()).toBe(1);

    const again = await fetch(`${base}/episodes?id=my-run-1`, { method: "POST" });
    expect(again.status).toBe(409);
    const conflict = ((await again.json()) as { error: { message: string; data: { code: string } } }).error;
    expect(conflict.data.code).toBe("EPISODE_ID_IN_USE");
    expect(conflict.message).toMatch(
      /^\[EPISODE_ID_IN_USE\] Episode my-run-1 is open already.*\/mcp\/episodes\/my-run-1/,
    );

    const bad = await fetch(`${base}/episodes?id=../x`, { method: "POST" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /\?id= takes one episode id/,
    );
    expect(http.episodeCount()).toBe(1);
  });
});

describe("an episode id is never reopened", () => {
  it("refuses an id this process opened before, once its episode was swept", async () => {
    let clock = 0;
    const { base, http } = await start(null, () => clock);
    await play(`${base}/mcp/episodes/swept-1?scenario=weather-and-rates`);
    clock = 30 * 60_000; // the idle limit
    expect(http.closeIdleSessions()).toBe(1);
    const refused = await firstPost(`${base}/mcp/episodes/swept-1?scenario=weather-and-rates`);
    expect(refused.status).toBe(409);
    expect(refused.data?.code).toBe("EPISODE_ID_USED");
    expect(refused.message).toMatch(/^\[EPISODE_ID_USED\] Episode swept-1 already ran .*use a new id/);
    expect(http.episodeCount()).toBe(0);
    // POST /episodes?id= refuses it the same way, and a GET says it cannot be reopened.
    const created = await fetch(`${base}/episodes?id=swept-1`, { method: "POST" });
    expect(created.status).toBe(409);
    const get = await fetch(`${base}/mcp/episodes/swept-1`);
    expect(get.status).toBe(404);
    expect(((await get.json()) as { error: { message: string } }).error.message).toMatch(/never reopened/);
  });

  it("refuses an id whose recording is in the recordings directory (a restart), naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-ids-"));
    const first = await start(dir);
    await play(`${first.base}/mcp/episodes/restart-1?scenario=weather-and-rates`);
    await first.http.close();
    const [recording] = readdirSync(dir);
    expect(recording).toMatch(/_restart-1\.jsonl$/);

    const { base, http } = await start(dir);
    const refused = await firstPost(`${base}/mcp/episodes/restart-1?scenario=weather-and-rates`);
    expect(refused.status).toBe(409);
    expect(refused.data?.code).toBe("EPISODE_ID_USED");
    expect(refused.message).toContain(`(its recording: ${recording})`);
    expect((await fetch(`${base}/episodes?id=restart-1`, { method: "POST" })).status).toBe(409);
    expect(http.episodeCount()).toBe(0);
    // A new id opens as before, and only the first recording names restart-1.
    await play(`${base}/mcp/episodes/restart-2?scenario=weather-and-rates`);
    await http.close();
    server = undefined;
    expect(readdirSync(dir).filter((f) => f.endsWith("_restart-1.jsonl"))).toHaveLength(1);
  });
});
