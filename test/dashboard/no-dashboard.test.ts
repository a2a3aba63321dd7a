import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, startHttpCli, stopProcess } from "../helpers/cli-process.js";

/**
 * `serve -t http --no-dashboard`: the dashboard's addresses answer 404, as any unknown path does,
 * while /mcp serves as before. Without the flag the same addresses answer, so the test can fail.
 */

const PATHS = [
  "/dashboard",
  "/dashboard/sessions/s1",
  "/dashboard/api/sessions",
  "/dashboard/assets/dashboard.js",
];

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child) await stopProcess(child);
  child = undefined;
});

async function serve(extra: string[]): Promise<string> {
  const started = await startHttpCli(["--no-recordings", "--log-level", "warn", ...extra]);
  child = started.child;
  return started.url;
}

async function status(url: string, path: string): Promise<{ status: number; body: string }> {
  const controller = new AbortController();
  const res = await fetch(new URL(path, url), { signal: controller.signal });
  // The sessions stream never ends on its own: its status is all this test reads of it.
  const body = res.headers.get("content-type")?.startsWith("text/event-stream") ? "" : await res.text();
  controller.abort();
  return { status: res.status, body };
}

describe("serve -t http --no-dashboard", () => {
  it("answers 404 on every dashboard address, as on an unknown path, and still serves /mcp", {
    timeout: 60_000,
  }, async () => {
    const url = await serve(["--no-dashboard"]);
    for (const path of PATHS) {
      const res = await status(url, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toContain(`Not found: GET ${path}`);
    }
    const mcp = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      }),
    });
    expect(mcp.status).toBe(200);
  });

  it("serves the dashboard without the flag", { timeout: 60_000 }, async () => {
    const url = await serve([]);
    for (const path of PATHS.filter((p) => !p.includes("/sessions/")))
      expect((await status(url, path)).status).toBe(200);
  });

  it("says so in serve's help", async () => {
    const { code, stdout } = await runCli(["serve", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--no-dashboard\s+HTTP: serve no \/dashboard/);
  });
});
