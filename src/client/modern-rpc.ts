import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import type { ClientIdentity } from "./connect.js";

/**
 * A requester of protocol 2026-07-28 of our own, over HTTP (an episode URL) and stdio (a `serve`
 * child). Why not the v2 client: it cannot be the requester of the Tasks extension (it throws on
 * a task result and refuses tasks/get at 2026-07-28, docs/architecture.md), so `run` needs its own
 * requests for `--protocol tasks` anyway, and with them the plain tools/call of `--protocol jobs`
 * is the same few lines; `@modelcontextprotocol/client` stays a test-only dependency, and the tests
 * that play the v2 client against the server keep checking that the server speaks to it.
 *
 * Every request carries the era's envelope in `_meta` (version, client identity, capabilities);
 * there is no handshake and no session. `tasks` declares the Tasks extension on that request.
 */
export const MODERN_PROTOCOL = "2026-07-28";
export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";
/** The `_meta` key by which a listen stream's notifications name the listen request. */
const SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

export type JsonRecord = Record<string, unknown>;

export interface RpcOptions {
  /** Declare the Tasks extension (SEP-2663) among this request's client capabilities. */
  readonly tasks?: boolean;
  /**
   * Hands over the notifications the response carried before its answer (an SSE response: a
   * listen stream's acknowledgement and notifications, in order); over stdio, the notifications
   * that name this request as their subscription, as they come.
   */
  readonly onNotification?: (notification: JsonRecord) => void;
}

/** One request; resolves with its result, rejects with a ModernRpcError for a JSON-RPC error. */
export type ModernRpc = (method: string, params: JsonRecord, options?: RpcOptions) => Promise<JsonRecord>;

/** A JSON-RPC error answer (the server's code, message and data, e.g. `data.code` of our error codes). */
export class ModernRpcError extends Error {
  constructor(
    readonly rpcCode: number,
    message: string,
    readonly data: JsonRecord | undefined,
  ) {
    super(message);
    this.name = "ModernRpcError";
  }
}

/** The JSON-RPC message of one request, with the envelope in `_meta`. */
function message(id: number, method: string, params: JsonRecord, identity: ClientIdentity, tasks: boolean) {
  return {
    jsonrpc: "2.0",
    id,
    method,
    params: {
      ...params,
      _meta: {
        "io.modelcontextprotocol/protocolVersion": MODERN_PROTOCOL,
        "io.modelcontextprotocol/clientInfo": { name: identity.name, version: identity.version },
        "io.modelcontextprotocol/clientCapabilities": tasks ? { extensions: { [TASKS_EXTENSION]: {} } } : {},
      },
    },
  };
}

function settle(reply: {
  result?: JsonRecord;
  error?: { code: number; message: string; data?: JsonRecord };
}) {
  if (reply.error) throw new ModernRpcError(reply.error.code, reply.error.message, reply.error.data);
  if (!reply.result)
    throw new Error(`a JSON-RPC answer with neither result nor error: ${JSON.stringify(reply)}`);
  return reply.result;
}

/**
 * Requests to an episode URL. The routing headers are the era's: `Mcp-Method`, and `Mcp-Name`
 * (the tool of a tools/call, the task of a tasks/* request), which the server checks against the body.
 */
export function httpRpc(
  url: string,
  identity: ClientIdentity,
  headers: Readonly<Record<string, string>> = {},
): ModernRpc {
  let nextId = 1;
  return async (method, params, options = {}) => {
    const id = nextId++;
    const name = method === "tools/call" ? params.name : params.taskId;
    const response = await fetch(url, {
      method: "POST",
      headers: {
        ...headers,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": MODERN_PROTOCOL,
        "mcp-method": method,
        ...(typeof name === "string" ? { "mcp-name": name } : {}),
      },
      body: JSON.stringify(message(id, method, params, identity, options.tasks === true)),
    });
    const text = await response.text();
    if (options.onNotification) for (const note of notificationsIn(text)) options.onNotification(note);
    const reply = answerIn(text, id);
    if (!reply)
      throw new Error(
        `${method} to ${url}: HTTP ${response.status} without a JSON-RPC answer: ${text.slice(0, 200)}`,
      );
    return settle(reply);
  };
}

/** The answer to request `id` in a response body: one JSON message, or SSE events (notifications may come first). */
function answerIn(text: string, id: number) {
  const candidates = text.trimStart().startsWith("{")
    ? [text]
    : [...text.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1] ?? "");
  for (const candidate of candidates) {
    try {
      const parsed = JSON.parse(candidate) as { id?: unknown; result?: JsonRecord; error?: never };
      if (parsed.id === id || (parsed.id === null && parsed.error)) return parsed;
    } catch {}
  }
  return undefined;
}

/** The notifications (messages with a method and no id) among a response body's SSE events. */
function notificationsIn(text: string): JsonRecord[] {
  if (text.trimStart().startsWith("{")) return [];
  const found: JsonRecord[] = [];
  for (const match of text.matchAll(/^data: ?(.*)$/gm)) {
    try {
      const parsed = JSON.parse(match[1] ?? "") as JsonRecord;
      if (typeof parsed.method === "string" && parsed.id === undefined) found.push(parsed);
    } catch {}
  }
  return found;
}

/** A child speaking the era over stdio (newline-delimited JSON-RPC), and how to end it. */
export interface StdioRpc {
  readonly rpc: ModernRpc;
  /** Ends stdin and waits for the child to exit. */
  close(): Promise<void>;
}

/**
 * Spawns `command args` and speaks to it over stdio. Its first message claims 2026-07-28 in its
 * `_meta`, which opens the modern era on our stdio server (src/transports/stdio.ts).
 */
export function stdioRpc(command: string, args: readonly string[], identity: ClientIdentity): StdioRpc {
  const child: ChildProcessWithoutNullStreams = spawn(command, [...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const pending = new Map<
    number,
    {
      resolve: (reply: JsonRecord) => void;
      reject: (error: Error) => void;
      onNotification?: (notification: JsonRecord) => void;
    }
  >();
  let stderr = "";
  let buffered = "";
  let gone: Error | undefined;
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      const line = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (!line) continue;
      let parsed: { id?: unknown };
      try {
        parsed = JSON.parse(line) as { id?: unknown };
      } catch {
        continue; // not a message of ours (the server writes its logs to stderr)
      }
      // A listen stream's notifications name its request in _meta; other notifications and the
      // server's own requests carry no id of ours: nothing here asks for them.
      const subscription = (parsed as { params?: { _meta?: Record<string, unknown> } }).params?._meta?.[
        SUBSCRIPTION_ID
      ];
      if (parsed.id === undefined && typeof subscription === "number") {
        pending.get(subscription)?.onNotification?.(parsed as JsonRecord);
        continue;
      }
      const waiter = typeof parsed.id === "number" ? pending.get(parsed.id) : undefined;
      if (!waiter) continue;
      pending.delete(parsed.id as number);
      waiter.resolve(parsed as JsonRecord);
    }
  });
  const exited = new Promise<void>((resolve) => {
    const fail = (why: string) => {
      gone = new Error(`the server process ${why}${stderr ? `; its stderr: ${stderr.trim()}` : ""}`);
      for (const waiter of pending.values()) waiter.reject(gone);
      pending.clear();
      resolve();
    };
    child.on("error", (error) => fail(`could not run: ${error.message}`));
    child.on("exit", (code, signal) => fail(`exited (${signal ?? `code ${code}`})`));
  });
  let nextId = 1;
  const rpc: ModernRpc = async (method, params, options = {}) => {
    if (gone) throw gone;
    const id = nextId++;
    const reply = new Promise<JsonRecord>((resolve, reject) =>
      pending.set(id, {
        resolve,
        reject,
        ...(options.onNotification ? { onNotification: options.onNotification } : {}),
      }),
    );
    child.stdin.write(`${JSON.stringify(message(id, method, params, identity, options.tasks === true))}\n`);
    return settle(await reply);
  };
  return {
    rpc,
    close: async () => {
      if (!gone) child.stdin.end();
      await exited;
    },
  };
}
