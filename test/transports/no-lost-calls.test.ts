import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { extractInputs } from "../../src/metrics/inputs.js";
import type { Recording } from "../../src/recorder/format.js";
import { readRecording } from "../../src/recorder/reader.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { expectThreeAnswersScored, runThreeAnswers, threeAnswersFile } from "../helpers/three-answers.js";

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(scenario: Scenario, real?: FakeRealTime) {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-nolost-http-"));
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue: new Catalogue([scenario]),
    defaultScenario: scenario.id,
    session: {
      seed: 1,
      recordingsDir: dir,
      server: { name: "asynctool-mcp", version: "test" },
      ...(real ? { clock: "wall" as const, realTime: real } : {}),
    },
  });
  const client = new Client({ name: "nolost-http", version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(server.url));
  await client.connect(transport);
  const recording = async (): Promise<Recording> => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
    expect(files).toHaveLength(1);
    return readRecording(join(dir, files[0] as string));
  };
  return { url: server.url, client, transport, recording };
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

/** A scenario tool call's job id. */
const jobOf = (result: CallToolResult) => (result.structuredContent as { job_id: string }).job_id;

/** Every request has a response line, and (the end line being last) all come before the end. */
function expectEveryRequestAnswered(recording: Recording): void {
  const requests = recording.events.flatMap((e) => (e.type === "request" ? [e.call] : []));
  const responses = recording.events.flatMap((e) => (e.type === "response" ? [e.call] : []));
  expect(recording.truncated).toBe(false);
  expect([...responses].sort((a, b) => a - b)).toEqual([...requests].sort((a, b) => a - b));
}

/*
 * Timers on the fake real time: a fetch job arms 1 (its end); a wait in flight adds 2 (its
 * timeout and its progress ticker) and drops them when it is released. Tests wait on these counts.
 */
const JOB_ONLY = 1;
const JOB_AND_WAIT = 3;

describe("calls in flight over Streamable HTTP", () => {
  it("counts three answers submitted as parallel calls in one turn", async () => {
    const scenario = await loadScenarioFile(threeAnswersFile);
    const { client, transport, recording } = await start(scenario);
    const replies = await runThreeAnswers(client);
    expect(replies.map((r) => r.isError ?? false)).toEqual([false, false, false]);
    await transport.terminateSession();
    expectThreeAnswersScored(scenario, await recording());
  });

  it("answers a wait in flight when the client deletes its session, and records it before the end", async () => {
    const real = new FakeRealTime();
    const { client, transport, recording } = await start(declaredScenario(), real);
    const job = jobOf(await call(client, "fetch", { key: "a" }));
    const waiting = call(client, "wait_for_jobs", { job_ids: [job] });
    await real.whenTimerCount(JOB_AND_WAIT);
    await transport.terminateSession();
    const waited = await waiting;
    expect(waited.structuredContent).toMatchObject({ timed_out: false, still_working: [job] });
    const log = await recording();
    expect(log.end).toMatchObject({ status: "disconnected" });
    expectEveryRequestAnswered(log);
  });

  it("answers a wait in flight when the server shuts down (what SIGTERM does)", async () => {
    const real = new FakeRealTime();
    const { client, recording } = await start(declaredScenario(), real);
    const job = jobOf(await call(client, "fetch", { key: "a" }));
    const waiting = call(client, "wait_for_jobs", { job_ids: [job] });
    await real.whenTimerCount(JOB_AND_WAIT);
    await server?.close();
    server = undefined;
    const waited = await waiting;
    expect(waited.structuredContent).toMatchObject({ still_working: [job] });
    const log = await recording();
    expect(log.end).toMatchObject({ status: "interrupted" });
    expectEveryRequestAnswered(log);
  });

  it("answers a wait in flight when the time limit ends the episode", async () => {
    const real = new FakeRealTime();
    // The time limit (2 units of 1000 ms) arms one more timer.
    const { client, transport, recording } = await start(
      declaredScenario({ limits: { timeLimit: 2 } }),
      real,
    );
    const job = jobOf(await call(client, "fetch", { key: "a" }));
    const waiting = call(client, "wait_for_jobs", { job_ids: [job] });
    await real.whenTimerCount(JOB_AND_WAIT + 1);
    real.advance(2000);
    const waited = await waiting;
    expect(waited.isError).toBeFalsy();
    expect(waited.structuredContent).toMatchObject({ still_working: [job] });
    await transport.terminateSession();
    const log = await recording();
    expect(log.end).toMatchObject({ status: "timeout" });
    expectEveryRequestAnswered(log);
  });
});

describe("a Streamable HTTP client that gives a wait up", () => {
  /** What the recording and the metrics must say of a wait (call 2) given up on job 1. */
  async function expectClientCancel(scenario: Scenario, log: Recording) {
    expect(log.events.find((e) => e.type === "client_cancel")).toMatchObject({ call: 2 });
    const response = log.events.find((e) => e.type === "response" && e.call === 2);
    expect(response).toMatchObject({ isError: false, clientCancelled: true });
    expect(response).not.toHaveProperty("delivered");
    expectEveryRequestAnswered(log);
    // The job completed (at 3000 ms) after the wait was given up, and no call delivered it.
    const job = extractInputs(scenario, log).jobs[0];
    expect(job).toMatchObject({ status: "completed", seen: null });
    expect(computeMetrics(scenario, log).correctness.orphanJobs).toEqual([1]);
  }

  it("by closing its response stream (AbortController on the HTTP request)", async () => {
    const real = new FakeRealTime();
    const scenario = declaredScenario();
    const { url, client, transport, recording } = await start(scenario, real);
    const job = jobOf(await call(client, "fetch", { key: "a" }));
    const controller = new AbortController();
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": transport.sessionId as string,
        "mcp-protocol-version": transport.protocolVersion as string,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 99,
        method: "tools/call",
        params: { name: "wait_for_jobs", arguments: { job_ids: [job] } },
      }),
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    await real.whenTimerCount(JOB_AND_WAIT);
    controller.abort();
    // Released: the wait's timers are gone while the job's own timer remains.
    await real.whenTimerCount(JOB_ONLY);
    real.advance(3000);
    await call(client, "finish");
    await transport.terminateSession();
    await expectClientCancel(scenario, await recording());
  });

  it("by sending notifications/cancelled (AbortSignal on the SDK client's call)", async () => {
    const real = new FakeRealTime();
    const scenario = declaredScenario();
    const { client, transport, recording } = await start(scenario, real);
    const job = jobOf(await call(client, "fetch", { key: "a" }));
    const controller = new AbortController();
    const waiting = client.callTool({ name: "wait_for_jobs", arguments: { job_ids: [job] } }, undefined, {
      signal: controller.signal,
    });
    await real.whenTimerCount(JOB_AND_WAIT);
    controller.abort("the user pressed stop");
    await expect(waiting).rejects.toThrow();
    await real.whenTimerCount(JOB_ONLY);
    real.advance(3000);
    await call(client, "finish");
    await transport.terminateSession();
    await expectClientCancel(scenario, await recording());
  });
});
