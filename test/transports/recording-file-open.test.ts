import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRecording } from "../../src/recorder/reader.js";
import type { HttpServer } from "../../src/transports/http.js";
import { httpServerPerTest } from "../helpers/raw-http.js";

const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

const startServer = httpServerPerTest();
let server: HttpServer | undefined;

async function start(dir: string) {
  server = await startServer({
    session: { seed: 1, recordingsDir: dir, server: { name: "asynctool-mcp", version: "test" } },
  });
  return server.url;
}

async function post(url: string, body: unknown, session?: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...headers, ...(session ? { "mcp-session-id": session } : {}) },
    body: JSON.stringify(body),
  });
  await response.text();
  return response;
}

describe("the recording file of an HTTP session", () => {
  it("exists when initialize is answered; the episode writes its header into it at initialized", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-http-file-"));
    const url = await start(dir);
    const opened = await post(url, initialize);
    const session = opened.headers.get("mcp-session-id") as string;
    const [file] = readdirSync(dir);
    expect(file).toMatch(new RegExp(`_${session}\\.jsonl$`));
    expect(readFileSync(join(dir, file as string), "utf8")).toBe("");
    expect((await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, session)).status).toBe(
      202,
    );
    expect(readFileSync(join(dir, file as string), "utf8")).toMatch(
      /^\{"type":"header".*"client":\{"name":"raw"/,
    );
    await fetch(url, { method: "DELETE", headers: { ...headers, "mcp-session-id": session } });
    expect(readdirSync(dir)).toEqual([file]);
    expect((await readRecording(join(dir, file as string))).end).toMatchObject({ status: "disconnected" });
  });

  it("is removed when the session is deleted before initialized, as if it had never been made", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-http-file-"));
    const url = await start(dir);
    const session = (await post(url, initialize)).headers.get("mcp-session-id") as string;
    expect(readdirSync(dir)).toHaveLength(1);
    const deleted = await fetch(url, {
      method: "DELETE",
      headers: { ...headers, "mcp-session-id": session },
    });
    expect(deleted.status).toBe(200);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("is removed at shutdown when its session never initialized", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-http-file-"));
    const url = await start(dir);
    await post(url, initialize);
    expect(readdirSync(dir)).toHaveLength(1);
    // Shut down here; the helper's own close after the test finds nothing left to do.
    await server?.close();
    expect(readdirSync(dir)).toEqual([]);
  });
});
