import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { exampleScenariosDir } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";
import { cliPath, stopProcess } from "../helpers/cli-process.js";
import { report } from "./support.js";

const SEED = 20_260_605;
const RANDOM_LINES = 60;

type Json = Record<string, unknown>;

/** JSON-RPC error codes: the spec's, and the server-defined range the SDK and our transport use. */
function isJsonRpcError(message: unknown, id?: unknown): boolean {
  if (typeof message !== "object" || message === null) return false;
  const m = message as Json;
  const error = m.error as { code?: unknown; message?: unknown } | undefined;
  return (
    m.jsonrpc === "2.0" &&
    typeof error === "object" &&
    Number.isInteger(error.code) &&
    typeof error.message === "string" &&
    "id" in m &&
    (id === undefined || m.id === id)
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const deepArguments = (depth: number) =>
  `{"jsonrpc":"2.0","id":"deep","method":"tools/call","params":{"name":"list_tasks","arguments":{"x":${"[".repeat(depth)}${"]".repeat(depth)}}}}`;

/**
 * Malformed input, each with what the answer must be: `error` (a JSON-RPC error, with this id
 * when given), `none` (a notification or a response: nothing is answered), or `result`.
 */
interface Case {
  readonly name: string;
  readonly body: string;
  readonly expect: "error" | "none" | "result" | "toolError";
  readonly id?: unknown;
  /** What the error code must be, when one is fixed by the spec. */
  readonly code?: number;
  /** Where stdio differs from HTTP. */
  readonly stdio?: "error" | "none" | "result";
}

const CASES: readonly Case[] = [
  { name: "not JSON", body: "{not json", expect: "error", code: -32700 },
  { name: "truncated JSON", body: '{"jsonrpc":"2.0","id":1,"method":"ping"', expect: "error", code: -32700 },
  { name: "a JSON string", body: '"ping"', expect: "error" },
  { name: "a JSON number", body: "42", expect: "error" },
  { name: "JSON null", body: "null", expect: "error" },
  { name: "an empty object", body: "{}", expect: "error" },
  { name: "an object that is not JSON-RPC", body: '{"hello":"world"}', expect: "error" },
  { name: "jsonrpc 1.0", body: '{"jsonrpc":"1.0","id":11,"method":"ping"}', expect: "error" },
  { name: "no jsonrpc field", body: '{"id":12,"method":"ping"}', expect: "error" },
  { name: "missing method", body: '{"jsonrpc":"2.0","id":13}', expect: "error" },
  { name: "missing method, with params", body: '{"jsonrpc":"2.0","id":14,"params":{}}', expect: "error" },
  { name: "method not a string", body: '{"jsonrpc":"2.0","id":15,"method":42}', expect: "error" },
  {
    name: "params not an object",
    body: '{"jsonrpc":"2.0","id":16,"method":"ping","params":"x"}',
    expect: "error",
  },
  { name: "id a fraction", body: '{"jsonrpc":"2.0","id":1.5,"method":"ping"}', expect: "error" },
  { name: "id an object", body: '{"jsonrpc":"2.0","id":{},"method":"ping"}', expect: "error" },
  { name: "id null", body: '{"jsonrpc":"2.0","id":null,"method":"ping"}', expect: "error" },
  {
    name: "an unknown method",
    body: '{"jsonrpc":"2.0","id":17,"method":"no/such/method"}',
    expect: "error",
    id: 17,
    code: -32601,
  },
  // Ids are strings or safe integers (the SDK's schema): a larger number is refused, not rounded.
  {
    name: "the largest safe integer id",
    body: '{"jsonrpc":"2.0","id":9007199254740991,"method":"ping"}',
    expect: "result",
    id: 2 ** 53 - 1,
  },
  { name: "an id of 1e308", body: '{"jsonrpc":"2.0","id":1e308,"method":"ping"}', expect: "error" },
  {
    name: "an id past 2^53",
    body: '{"jsonrpc":"2.0","id":18446744073709551616,"method":"ping"}',
    expect: "error",
  },
  { name: "a negative id", body: '{"jsonrpc":"2.0","id":-7,"method":"ping"}', expect: "result", id: -7 },
  {
    name: "a 100 kB string id",
    body: `{"jsonrpc":"2.0","id":"${"i".repeat(100_000)}","method":"ping"}`,
    expect: "result",
    id: "i".repeat(100_000),
  },
  {
    name: "tools/call whose name is not a string",
    body: '{"jsonrpc":"2.0","id":19,"method":"tools/call","params":{"name":5}}',
    expect: "error",
    id: 19,
    code: -32602,
  },
  {
    name: "tools/call whose arguments are an array",
    body: '{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"list_tasks","arguments":[1]}}',
    expect: "error",
    id: 20,
    code: -32602,
  },
  {
    name: "tools/call without params",
    body: '{"jsonrpc":"2.0","id":21,"method":"tools/call"}',
    expect: "error",
    id: 21,
    code: -32602,
  },
  // The SDK's own handlers answer bad params with -32603 and zod's issues; an error all the same.
  {
    name: "resources/read without params",
    body: '{"jsonrpc":"2.0","id":23,"method":"resources/read"}',
    expect: "error",
    id: 23,
  },
  {
    name: "prompts/get of an unknown prompt",
    body: '{"jsonrpc":"2.0","id":24,"method":"prompts/get","params":{"name":"nope"}}',
    expect: "error",
    id: 24,
  },
  {
    name: "resources/read of an unknown job",
    body: '{"jsonrpc":"2.0","id":25,"method":"resources/read","params":{"uri":"asynctool://jobs/nope"}}',
    expect: "error",
    id: 25,
  },
  {
    name: "tools/call with arguments 100 000 levels deep",
    body: deepArguments(100_000),
    expect: "toolError",
    id: "deep",
  },
  {
    name: "an unknown notification",
    body: '{"jsonrpc":"2.0","method":"notifications/nothing"}',
    expect: "none",
  },
  {
    name: "a cancellation of nothing",
    body: '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":999}}',
    expect: "none",
  },
  { name: "a response to no request", body: '{"jsonrpc":"2.0","id":77,"result":{}}', expect: "none" },
  {
    name: "an error response to no request",
    body: '{"jsonrpc":"2.0","id":78,"error":{"code":1,"message":"x"}}',
    expect: "none",
  },
  // HTTP refuses a second initialize in a session; the SDK's stdio server answers it again (the
  // episode goes on unchanged: its header already has the first client's name).
  {
    name: "initialize again",
    body: '{"jsonrpc":"2.0","id":22,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"again","version":"1"}}}',
    expect: "error",
    stdio: "result",
  },
];

/** Batches: JSON-RPC batches were dropped from MCP (2025-06-18); each is answered with errors or served. */
const BATCH_CASES: readonly Case[] = [
  { name: "an empty batch", body: "[]", expect: "error" },
  { name: "a batch of garbage", body: '[1,"two",{}]', expect: "error" },
  {
    name: "a batch of two pings",
    body: '[{"jsonrpc":"2.0","id":31,"method":"ping"},{"jsonrpc":"2.0","id":32,"method":"ping"}]',
    expect: "error",
  },
  {
    name: "a batch of 1000 pings",
    body: JSON.stringify(
      Array.from({ length: 1000 }, (_, i) => ({ jsonrpc: "2.0", id: 1000 + i, method: "ping" })),
    ),
    expect: "error",
  },
];

const tally = { http: 0, stdio: 0, random: 0 };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  report("malformed JSON-RPC", tally);
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

// ---------------------------------------------------------------------------------------- HTTP

const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "malformed", version: "1" },
  },
};

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The JSON-RPC messages of an answer: a JSON body, or the data lines of an event stream. */
async function messagesOf(response: Response): Promise<unknown[]> {
  const text = await response.text();
  if (text === "") return [];
  if ((response.headers.get("content-type") ?? "").includes("text/event-stream")) {
    return text
      .split("\n")
      .filter((line) => line.startsWith("data:") && line.slice(5).trim() !== "")
      .map((line) => JSON.parse(line.slice(5)));
  }
  const body = JSON.parse(text) as unknown;
  return Array.isArray(body) ? body : [body];
}

async function startSession(dir: string) {
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue: await Catalogue.load([exampleScenariosDir]),
    defaultScenario: "travel-and-files",
    session: { seed: 1, recordingsDir: dir, server: { name: "asynctool-mcp", version: "test" } },
  });
  const url = server.url;
  const init = await fetch(url, { method: "POST", headers, body: JSON.stringify(initialize) });
  expect(init.status).toBe(200);
  const sessionId = init.headers.get("mcp-session-id") as string;
  await messagesOf(init);
  const sessionHeaders = { ...headers, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" };
  const initialized = await fetch(url, {
    method: "POST",
    headers: sessionHeaders,
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  });
  expect(initialized.status).toBe(202);
  const post = async (body: string, withSession = true) => {
    const response = await fetch(url, {
      method: "POST",
      headers: withSession ? sessionHeaders : headers,
      body,
    });
    return { status: response.status, messages: await messagesOf(response) };
  };
  return { url, post };
}

function checkHttp(c: Case, answer: { status: number; messages: unknown[] }): void {
  const where = `${c.name}: HTTP ${answer.status} ${JSON.stringify(answer.messages).slice(0, 300)}`;
  if (c.expect === "none") {
    expect(answer.status, where).toBe(202);
    expect(answer.messages, where).toEqual([]);
    return;
  }
  expect(answer.messages.length, where).toBeGreaterThan(0);
  for (const message of answer.messages) {
    const m = message as Json;
    if (c.expect === "error") {
      expect(isJsonRpcError(m, c.id), where).toBe(true);
      if (c.code !== undefined) expect((m.error as Json).code, where).toBe(c.code);
    } else if (c.expect === "result") {
      expect(m.result, where).toBeDefined();
      expect(m.id, where).toEqual(c.id);
    } else {
      expect((m.result as Json | undefined)?.isError, where).toBe(true);
      expect(JSON.stringify(m.result), where).toMatch(/\[BAD_ARGUMENTS\]/);
    }
  }
}

describe("malformed JSON-RPC over Streamable HTTP", () => {
  it("answers each with a JSON-RPC error (or nothing, for notifications and responses), and keeps serving", async () => {
    const dir = tempDir("asynctool-malformed-http-");
    const { post } = await startSession(dir);
    for (const c of [...CASES, ...BATCH_CASES]) {
      const answer = await post(c.body);
      if (BATCH_CASES.includes(c) && answer.status === 200) {
        // A batch the SDK served: every request in it got its own answer.
        expect(answer.messages.length, c.name).toBe((JSON.parse(c.body) as unknown[]).length);
      } else {
        checkHttp(c, answer);
      }
      tally.http += 1;
      const ping = await post(JSON.stringify({ jsonrpc: "2.0", id: `after-${tally.http}`, method: "ping" }));
      expect(ping.messages, `the session still answers after ${c.name}`).toEqual([
        { jsonrpc: "2.0", id: `after-${tally.http}`, result: {} },
      ]);
    }
    const tools = await post(
      JSON.stringify({
        jsonrpc: "2.0",
        id: "last",
        method: "tools/call",
        params: { name: "list_tasks", arguments: {} },
      }),
    );
    expect(((tools.messages[0] as Json).result as Json).isError).toBeFalsy();
    expect(server?.sessionCount()).toBe(1);
    await server?.close();
    server = undefined;
    const [file] = readdirSync(dir);
    const recording = await readRecording(join(dir, file as string));
    expect(recording.end?.status).toBe("interrupted");
  });

  it("answers malformed input without a session with a JSON-RPC error", async () => {
    const { post } = await startSession(tempDir("asynctool-malformed-nosession-"));
    for (const c of [...CASES, ...BATCH_CASES]) {
      if (c.name === "initialize again") continue; // without a session, that opens one
      const answer = await post(c.body, false);
      expect(answer.status, c.name).toBeGreaterThanOrEqual(400);
      for (const m of answer.messages)
        expect(isJsonRpcError(m), `${c.name}: ${JSON.stringify(m)}`).toBe(true);
      expect(answer.messages.length, c.name).toBe(1);
      tally.http += 1;
    }
    expect(server?.sessionCount()).toBe(1);
  });
});

// --------------------------------------------------------------------------------------- stdio

/** A server process spoken to with raw lines; `exchange` writes one and collects what comes back before a ping's answer. */
function startStdio(dir: string) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [cliPath, "serve", "--recordings", dir, "--max-calls-per-second", "100000"],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let buffer = "";
  const received: unknown[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let i = buffer.indexOf("\n"); i !== -1; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      received.push(JSON.parse(line)); // stdout must hold only JSON lines
      for (const wake of waiters.splice(0)) wake();
    }
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let pings = 0;
  const until = (predicate: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (predicate()) return resolve();
        if (child.exitCode !== null)
          return reject(new Error(`the server exited (${child.exitCode}): ${stderr}`));
        waiters.push(check);
      };
      check();
    });
  child.once("exit", () => {
    for (const wake of waiters.splice(0)) wake();
  });
  /**
   * Writes raw text, then a ping, and resolves with what else came back once the ping is
   * answered (and, when `answers` is given, once that many other messages came: an answer from a
   * handler that awaits may follow the ping's).
   */
  const exchange = async (text: string, answers = 0): Promise<unknown[]> => {
    const from = received.length;
    const id = `ping-${++pings}`;
    child.stdin.write(text);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method: "ping" })}\n`);
    const others = () => received.slice(from).filter((m) => (m as Json).id !== id);
    await until(() => received.slice(from).some((m) => (m as Json).id === id) && others().length >= answers);
    expect(received.slice(from).find((m) => (m as Json).id === id)).toEqual({
      jsonrpc: "2.0",
      id,
      result: {},
    });
    return others();
  };
  const request = async (message: Json): Promise<Json> => {
    child.stdin.write(`${JSON.stringify(message)}\n`);
    await until(() => received.some((m) => (m as Json).id === message.id));
    return received.find((m) => (m as Json).id === message.id) as Json;
  };
  return { child, exchange, request, received, until, stderr: () => stderr };
}

function checkStdio(given: Case, answers: unknown[]): void {
  const c = given.stdio ? { ...given, expect: given.stdio } : given;
  const where = `${c.name}: ${JSON.stringify(answers).slice(0, 300)}`;
  if (c.expect === "none") {
    expect(answers, where).toEqual([]);
    return;
  }
  expect(answers.length, where).toBe(1);
  const m = answers[0] as Json;
  if (c.expect === "error") {
    expect(isJsonRpcError(m, c.id), where).toBe(true);
    if (c.code !== undefined) expect((m.error as Json).code, where).toBe(c.code);
  } else if (c.expect === "result") {
    expect(m.result, where).toBeDefined();
    if (c.id !== undefined) expect(m.id, where).toEqual(c.id);
  } else {
    expect((m.result as Json | undefined)?.isError, where).toBe(true);
  }
}

describe("malformed JSON-RPC over stdio", () => {
  it("answers each line with a JSON-RPC error (or nothing, for notifications and responses), and keeps serving", async () => {
    const dir = tempDir("asynctool-malformed-stdio-");
    const stdio = startStdio(dir);
    try {
      const init = await stdio.request(initialize);
      expect(init.result).toBeDefined();
      stdio.child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
      for (const c of [...CASES, ...BATCH_CASES]) {
        const answers = await stdio.exchange(`${c.body}\n`, (c.stdio ?? c.expect) === "none" ? 0 : 1);
        checkStdio(c, answers);
        tally.stdio += 1;
      }
      // Blank lines and a line cut by CRLF are not messages: nothing to answer.
      expect(await stdio.exchange("\n   \n\r\n")).toEqual([]);
      const tools = await stdio.request({
        jsonrpc: "2.0",
        id: "last",
        method: "tools/call",
        params: { name: "list_tasks", arguments: {} },
      });
      expect((tools.result as Json).isError).toBeFalsy();
      expect(stdio.child.exitCode).toBeNull();
    } finally {
      // The client leaves: the server ends the episode as disconnected and exits by itself.
      const exited = new Promise<number | null>((resolve) =>
        stdio.child.exitCode !== null ? resolve(stdio.child.exitCode) : stdio.child.once("exit", resolve),
      );
      stdio.child.stdin.end();
      expect(await exited).toBe(0);
    }
    const [file] = readdirSync(dir);
    const recording = await readRecording(join(dir, file as string));
    expect(recording.end?.status).toBe("disconnected");
    expect(stdio.stderr()).not.toMatch(/uncaught|unhandled/i);
  });

  it("answers random bytes with parse errors and stays up", async () => {
    const dir = tempDir("asynctool-malformed-random-");
    const stdio = startStdio(dir);
    try {
      await stdio.request(initialize);
      stdio.child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
      // Random lines (no newline inside); a line that happens to be JSON-RPC may be served.
      const lines = fc.sample(
        fc.oneof(
          fc.string({ unit: "binary", minLength: 1, maxLength: 200 }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc
            .record(
              {
                jsonrpc: fc.constantFrom("2.0", "1.0", 2),
                id: fc.jsonValue(),
                method: fc.oneof(fc.string(), fc.jsonValue()),
              },
              { requiredKeys: [] },
            )
            .map((v) => JSON.stringify(v)),
        ),
        { seed: SEED, numRuns: RANDOM_LINES },
      );
      for (const raw of lines) {
        const line = raw.replace(/[\r\n]/g, " ");
        const answers = await stdio.exchange(`${line}\n`);
        tally.random += 1;
        for (const m of answers) {
          const message = m as Json;
          // Every answer is JSON-RPC: an error, or the result of a request that happened to be valid.
          expect(message.jsonrpc, line).toBe("2.0");
          expect("error" in message || "result" in message, line).toBe(true);
        }
        if (line.trim() !== "" && !isJson(line)) {
          expect(answers.length, `a line that is not JSON: ${line}`).toBe(1);
          expect(isJsonRpcError(answers[0], null), line).toBe(true);
        }
      }
      expect(stdio.child.exitCode).toBeNull();
    } finally {
      stdio.child.stdin.end();
      await stopProcess(stdio.child);
    }
  });
});
