import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { readRecording } from "../../src/recorder/reader.js";
import { cliPath, startHttpCli, stopProcess } from "../helpers/cli-process.js";
import { httpServerPerTest, rawHeaders, rawInitialize } from "../helpers/raw-http.js";

const run = promisify(execFile);
const headers = rawHeaders;
const initialize = rawInitialize;
const start = httpServerPerTest();

async function connect(url: string, token?: string) {
  const client = new Client({ name: "security-test", version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    ...(token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
  });
  await client.connect(transport);
  return client;
}

describe("HTTP exposure", () => {
  it("requires the bearer token when one is set: 401 without it or with a wrong one", async () => {
    const { url } = await start({ authToken: "s3cret-token" });
    const none = await fetch(url, { method: "POST", headers, body: JSON.stringify(initialize) });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    expect(JSON.stringify(await none.json())).not.toContain("s3cret-token");
    const wrong = await fetch(url, {
      method: "POST",
      headers: { ...headers, authorization: "Bearer nope" },
      body: JSON.stringify(initialize),
    });
    expect(wrong.status).toBe(401);
    const client = await connect(url, "s3cret-token");
    const result = await client.callTool({ name: "list_tasks", arguments: {} });
    expect(result.isError).toBeFalsy();
  });

  it("refuses sessions beyond its capacity with 503, and a body beyond its limit with 413", async () => {
    const { url } = await start({ maxSessions: 2, maxBodyBytes: 2048 });
    await connect(url);
    await connect(url);
    const third = await fetch(url, { method: "POST", headers, body: JSON.stringify(initialize) });
    expect(third.status).toBe(503);
    expect(((await third.json()) as { error: { message: string } }).error.message).toMatch(
      /at capacity \(2 sessions open\)/,
    );
    const big = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ ...initialize, padding: "x".repeat(4096) }),
    });
    expect(big.status).toBe(413);
  });

  it("closes sessions idle past the limit, ending their episodes as disconnected", async () => {
    let clock = 0;
    const dir = mkdtempSync(join(tmpdir(), "asynctool-idle-"));
    const running = await start({
      sessionIdleMs: 60_000,
      now: () => clock,
      session: { seed: 1, recordingsDir: dir, server: { name: "asynctool-mcp", version: "test" } },
    });
    const client = await connect(running.url);
    await client.callTool({ name: "list_tasks", arguments: {} });
    clock = 59_000;
    expect(running.closeIdleSessions()).toBe(0);
    await client.callTool({ name: "list_tasks", arguments: {} }); // active again at 59 s
    clock = 110_000;
    expect(running.closeIdleSessions()).toBe(0); // 51 s since the last request
    clock = 119_001;
    expect(running.closeIdleSessions()).toBe(1);
    expect(running.sessionCount()).toBe(0);
    const [file] = readdirSync(dir);
    expect((await readRecording(join(dir, file as string))).end).toMatchObject({ status: "disconnected" });
  });

  it("keeps sessions apart: one session's job ids mean nothing in another", async () => {
    const { url } = await start();
    const a = await connect(url);
    const b = await connect(url);
    const started = await a.callTool({
      name: "search_flights",
      arguments: { from: "SFO", to: "JFK", date: "2026-12-03" },
    });
    const jobId = (started.structuredContent as { job_id: string }).job_id;
    expect(jobId).toMatch(/^job_[A-Za-z0-9_-]{21}$/);
    for (const [tool, args] of [
      ["check_job", { job_id: jobId }],
      ["cancel_job", { job_id: jobId }],
      ["wait_for_jobs", { job_ids: [jobId] }],
    ] as const) {
      const result = await b.callTool({ name: tool, arguments: args });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/JOB_NOT_FOUND/);
    }
    await expect(b.readResource({ uri: `asynctool://jobs/${jobId}` })).rejects.toThrow();
    expect((await b.callTool({ name: "list_jobs", arguments: {} })).structuredContent).toEqual({ jobs: [] });
    expect((await a.callTool({ name: "check_job", arguments: { job_id: jobId } })).isError).toBeFalsy();
  });
});

describe("serve from the command line", () => {
  it("refuses to bind beyond loopback without a token, saying why", async () => {
    const error = await run(
      process.execPath,
      [cliPath, "serve", "-t", "http", "--host", "0.0.0.0", "-p", "0"],
      { env: { ...process.env, ASYNCTOOL_AUTH_TOKEN: "" } },
    ).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(
      /error \[AUTH_REQUIRED\]: binding 0\.0\.0\.0 exposes the server beyond this machine, so it needs a bearer token: set ASYNCTOOL_AUTH_TOKEN/,
    );
  });

  it("refuses to start when the recordings directory cannot be written, naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-unwritable-"));
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "");
    const target = join(blocker, "recordings");
    const error = await run(process.execPath, [cliPath, "serve", "--recordings", target]).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain(
      `error [RECORDINGS_UNWRITABLE]: cannot write recordings to ${target}: a part of the path is a file, not a directory.`,
    );
  });

  it("never writes the token to its logs or recordings", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-token-"));
    const token = "tok-7f3a9c1e5b";
    const cli = await startHttpCli(["--recordings", dir, "--log-level", "trace", "--auth-token", token]);
    const client = await connect(cli.url, token);
    await client.callTool({
      name: "search_flights",
      arguments: { from: "SFO", to: "JFK", date: "2026-12-03" },
    });
    await client.close();
    expect(await stopProcess(cli.child)).toBe(0);
    expect(cli.stderr()).not.toContain(token);
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), "utf8")).not.toContain(token);
  });
});
