import { randomUUID } from "node:crypto";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { JSONRPC, type JsonRpcCode } from "../jsonrpc-codes.js";
import type { SessionOptions } from "../mcp/episode-session.js";
import { createEpisodeServer, type EpisodeServer } from "../mcp/server.js";

export interface StdioServeOptions extends Omit<SessionOptions, "sessionId"> {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /**
   * Serve episode after episode: when one ends, the next call starts the episode these options
   * describe (each with its own session id and recording). Without it, one episode only.
   */
  readonly nextEpisode?: (previous: SessionOptions) => Omit<SessionOptions, "sessionId">;
}

/** Longest line passed on; the SDK closes the transport (ending the episode) past 10 MB of buffer. */
const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** Serves episodes over stdio (one process, one connection). stdout carries only the protocol. */
export async function serveStdio(options: StdioServeOptions): Promise<EpisodeServer> {
  const { nextEpisode } = options;
  const server = createEpisodeServer(
    { ...options, sessionId: randomUUID() },
    undefined,
    nextEpisode ? (previous) => ({ ...nextEpisode(previous), sessionId: randomUUID() }) : undefined,
  );
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const screen = screenLines(stdin, stdout);
  const transport = new StdioServerTransport(screen.messages, stdout);
  await server.mcp.connect(transport);
  return {
    mcp: server.mcp,
    get session() {
      return server.session;
    },
    end: server.end,
    // Every call in flight is answered on stdout before the transport closes.
    async close(status, reason) {
      await server.close(status, reason);
      screen.stop();
    },
  };
}

/**
 * Passes on the lines that are JSON-RPC messages, and answers the others as JSON-RPC says
 * (parse error, invalid request), which the SDK's stdio transport does not: it drops them, and
 * a client waiting for an answer would wait forever. Blank lines are skipped.
 */
function screenLines(input: Readable, output: Writable): { messages: Readable; stop(): void } {
  const messages = new PassThrough();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  const reply = (id: string | number | null, code: JsonRpcCode, message: string) => {
    output.write(`${JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } })}\n`);
  };
  const screen = (line: string) => {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return reply(null, JSONRPC.PARSE_ERROR, "Parse error: the line is not valid JSON.");
    }
    if (JSONRPCMessageSchema.safeParse(value).success) {
      messages.write(`${text}\n`);
      return;
    }
    const id = (value as { id?: unknown } | null)?.id;
    const validId = typeof id === "string" || Number.isSafeInteger(id) ? (id as string | number) : null;
    reply(
      validId,
      JSONRPC.INVALID_REQUEST,
      Array.isArray(value)
        ? "Invalid Request: batches are not supported; send one JSON-RPC message per line."
        : 'Invalid Request: not a JSON-RPC 2.0 message (it needs "jsonrpc": "2.0", a string "method", and a string or integer "id" for a request).',
    );
  };
  const onData = (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      if (overlong)
        reply(null, JSONRPC.INVALID_REQUEST, `Invalid Request: a line longer than ${MAX_LINE_BYTES} bytes.`);
      else screen(Buffer.concat([...pending, piece]).toString("utf8"));
      pending = [];
      pendingBytes = 0;
      overlong = false;
      start = end + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0 || overlong) return;
    pendingBytes += rest.length;
    if (pendingBytes > MAX_LINE_BYTES) {
      // Dropped as it comes, answered once its newline arrives.
      overlong = true;
      pending = [];
      pendingBytes = 0;
    } else {
      pending.push(Buffer.from(rest));
    }
  };
  const onEnd = () => messages.end();
  const onError = (error: Error) => messages.destroy(error);
  input.on("data", onData);
  input.once("end", onEnd);
  input.once("error", onError);
  return {
    messages,
    stop() {
      input.off("data", onData);
      input.off("end", onEnd);
      input.off("error", onError);
      // As the SDK's transport does: stop reading, so that the process can exit.
      if (input.listenerCount("data") === 0) input.pause();
    },
  };
}
