import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { deserializeMessage, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { ERROR_CODES } from "../../src/errors.js";
import type { SessionOptions } from "../../src/mcp/episode-session.js";
import { createEpisodeServer, type EpisodeServer } from "../../src/mcp/server.js";
import { packageRoot } from "../../src/paths.js";
import { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";

/**
 * A linked pair that puts every message through the stdio wire format (JSON text, then the
 * SDK's own JSON-RPC parse), so that what the server sees is what a real client could send:
 * no undefined, no functions, `__proto__` as an own key.
 */
export function wirePair(): [Transport, Transport] {
  const a = new WireEnd();
  const b = new WireEnd();
  a.other = b;
  b.other = a;
  return [a, b];
}

class WireEnd implements Transport {
  other: WireEnd | undefined;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    const other = this.other;
    if (!other) throw new Error("Not connected");
    const line = serializeMessage(message);
    // A later turn, as over a pipe: a handler never runs inside the sender's call.
    queueMicrotask(() => {
      let parsed: JSONRPCMessage;
      try {
        parsed = deserializeMessage(line.slice(0, -1));
      } catch (error) {
        other.onerror?.(error as Error);
        return;
      }
      other.onmessage?.(parsed);
    });
  }

  async close(): Promise<void> {
    const other = this.other;
    this.other = undefined;
    await other?.close();
    this.onclose?.();
  }
}

export interface WireSession {
  readonly server: EpisodeServer;
  readonly client: Client;
  close(): Promise<void>;
  /** The session's recording (in memory), read back through the reader. */
  recordingText(): string;
}

export async function openWireSession(
  options: Partial<SessionOptions> & Pick<SessionOptions, "scenario">,
): Promise<WireSession> {
  const server = createEpisodeServer({
    seed: 1,
    recordingsDir: null,
    server: { name: "asynctool-mcp", version: "property-test" },
    sessionId: "property-session",
    ...options,
  });
  const [clientSide, serverSide] = wirePair();
  await server.mcp.connect(serverSide);
  const client = new Client({ name: "property-test", version: "1" });
  await client.connect(clientSide);
  return {
    server,
    client,
    async close() {
      await client.close();
      await server.close("disconnected", "the test closed the session");
    },
    recordingText() {
      const sink = server.session.sink;
      return sink instanceof MemoryRecordingWriter ? sink.text() : "";
    },
  };
}

const KNOWN_CODES = new Set(Object.keys(ERROR_CODES));

/** A frame of a JavaScript stack trace, or a path into this checkout or its dependencies. */
export function leaksInternals(text: string): string | undefined {
  const frame = /^\s*at .*(?::\d+:\d+\)?|<anonymous>\)?|native\)?)$/m.exec(text);
  if (frame) return `a stack frame: ${frame[0]}`;
  for (const needle of [`${packageRoot}/src`, `${packageRoot}/dist`, "node_modules", "file:///"]) {
    if (text.includes(needle)) return `a path: ${needle}`;
  }
  return undefined;
}

/**
 * What every tools/call answer must be: a success with structured content, or a tool error whose
 * text starts with `[CODE]` (a documented code, the same as in `_meta`); never internals.
 * Returns a description of what is wrong, or undefined.
 */
export function badToolResult(result: CallToolResult): string | undefined {
  const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  const leak = leaksInternals(JSON.stringify(result));
  if (leak) return `the answer shows ${leak}`;
  if (result.isError === true) {
    const match = /^\[([A-Z_]+)\] \S/.exec(text);
    if (!match) return `a tool error whose text does not start with [CODE]: ${text.slice(0, 200)}`;
    const code = match[1] as string;
    if (!KNOWN_CODES.has(code)) return `an undocumented error code ${code}`;
    const meta = result._meta?.["asynctool/error"] as { code?: unknown } | undefined;
    if (meta?.code !== code) return `_meta says ${String(meta?.code)} where the text says ${code}`;
    return undefined;
  }
  if (result.structuredContent === undefined) return "a success without structuredContent";
  for (const code of jobErrorCodes(result.structuredContent)) {
    if (!KNOWN_CODES.has(code)) return `a job error with an undocumented code ${code}`;
  }
  return undefined;
}

/** The error codes of every job handle in a structured result (check_job, wait_for_jobs, a handle). */
export function jobErrorCodes(structured: unknown): string[] {
  const codes: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.job_id === "string" && typeof record.error === "object" && record.error !== null) {
      const code = (record.error as { code?: unknown }).code;
      codes.push(typeof code === "string" ? code : String(code));
    }
    for (const key of ["job", "jobs"]) if (key in record) visit(record[key], depth + 1);
  };
  visit(structured, 0);
  return codes;
}

/** The figures of a property test (how many inputs were tried), on stderr: stdout is vitest's. */
export function report(what: string, figures: Record<string, number | string>): void {
  const parts = Object.entries(figures).map(([k, v]) => `${k}=${v}`);
  process.stderr.write(`[property] ${what}: ${parts.join(" ")}\n`);
}
