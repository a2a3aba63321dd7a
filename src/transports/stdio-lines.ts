import type { Readable, Writable } from "node:stream";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { JSONRPC, type JsonRpcCode } from "../jsonrpc-codes.js";

/** Longest line passed on; the SDK closes the transport (ending the episode) past 10 MB of buffer. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/**
 * Passes on the lines that are JSON-RPC messages, and answers the others as JSON-RPC says
 * (parse error, invalid request), which the SDK's stdio transport does not: it drops them, and
 * a client waiting for an answer would wait forever. Blank lines are skipped.
 */
export function screenLines(
  input: Readable,
  output: Writable,
  to: { deliver(message: JSONRPCMessage, line: string): void; end(): void },
): { stop(): void } {
  // The start of a line whose newline has not come yet, in the chunks it came in.
  const pending: Buffer[] = [];
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
    const checked = JSONRPCMessageSchema.safeParse(value);
    if (checked.success) {
      to.deliver(checked.data, `${text}\n`);
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
      if (overlong)
        reply(null, JSONRPC.INVALID_REQUEST, `Invalid Request: a line longer than ${MAX_LINE_BYTES} bytes.`);
      // A line whole in this chunk (a client's every message, as a rule) is decoded where it lies:
      // the same bytes as joined, without the copy. 0x0a is never inside a UTF-8 sequence.
      else if (pending.length === 0) screen(chunk.toString("utf8", start, end));
      else screen(Buffer.concat([...pending, chunk.subarray(start, end)]).toString("utf8"));
      pending.length = 0;
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
      pending.length = 0;
      pendingBytes = 0;
    } else {
      pending.push(Buffer.from(rest));
    }
  };
  const onEnd = () => to.end();
  // A read error ends the connection as the end of stdin does.
  const onError = () => to.end();
  input.on("data", onData);
  input.once("end", onEnd);
  input.once("error", onError);
  return {
    stop() {
      input.off("data", onData);
      input.off("end", onEnd);
      input.off("error", onError);
      // As the SDK's transport does: stop reading, so that the process can exit.
      if (input.listenerCount("data") === 0) input.pause();
    },
  };
}
