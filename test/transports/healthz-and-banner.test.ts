import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { startHttpCli, stopProcess } from "../helpers/cli-process.js";

/**
 * A server bound to every interface with a token, as the Docker image runs it: the URL and
 * header its banner prints are accepted, and /healthz answers any prober without the token.
 */

const TOKEN = "t0k3n-for-the-test";
const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "banner-test", version: "1" },
  },
};
const mcpHeaders = { "content-type": "application/json", accept: "application/json, text/event-stream" };

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child) await stopProcess(child);
  child = undefined;
});

async function serveEverywhere() {
  const started = await startHttpCli(
    [
      "--host",
      "0.0.0.0",
      "--allowed-hosts",
      "localhost",
      "127.0.0.1",
      "--no-recordings",
      "--log-level",
      "warn",
    ],
    { ...process.env, ASYNCTOOL_AUTH_TOKEN: TOKEN },
  );
  child = started.child;
  return started;
}

describe("bound to 0.0.0.0 with a token", () => {
  it("prints a URL and header the server accepts", { timeout: 60_000 }, async () => {
    const { url, stderr } = await serveEverywhere();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const header = /--header "Authorization: Bearer \$ASYNCTOOL_AUTH_TOKEN"/.exec(stderr());
    expect(header).not.toBeNull();
    const withToken = await fetch(url, {
      method: "POST",
      headers: { ...mcpHeaders, authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(initialize),
    });
    expect(withToken.status).toBe(200);
    expect(stderr()).not.toContain(TOKEN);
    const withoutToken = await fetch(url, {
      method: "POST",
      headers: mcpHeaders,
      body: JSON.stringify(initialize),
    });
    expect(withoutToken.status).toBe(401);
    // The address it is bound to is no name it accepts: that is why the banner does not print it.
    const port = new URL(url).port;
    const wildcard = await fetch(`http://0.0.0.0:${port}/mcp`, {
      method: "POST",
      headers: { ...mcpHeaders, authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(initialize),
    });
    expect(wildcard.status).toBe(403);
  });

  it("answers GET /healthz with JSON, without the token and under any Host", {
    timeout: 60_000,
  }, async () => {
    const { url } = await serveEverywhere();
    const health = await fetch(new URL("/healthz", url));
    expect(health.status).toBe(200);
    expect(health.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await health.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: "ok", name: "asynctool-mcp" });
    expect(Object.keys(body).sort()).toEqual(["name", "status", "version"]);
    // A prober that reaches the container by its address sends that address as Host.
    const { request } = await import("node:http");
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(new URL("/healthz", url), { headers: { host: "10.0.0.7:3000" } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.once("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    // Everything else still goes through the checks.
    const other = await fetch(new URL("/mcp", url), { method: "GET" });
    expect(other.status).toBe(401);
  });
});
