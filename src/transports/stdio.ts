import { randomUUID } from "node:crypto";
import { PassThrough, type Readable, type Writable } from "node:stream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { PROTOCOL_VERSION_META_KEY } from "@modelcontextprotocol/server";
import {
  StdioServerTransport as ModernStdioTransport,
  type StdioServerHandle,
  serveStdio as serveModernStdio,
} from "@modelcontextprotocol/server/stdio";
import { EpisodeSession, type SessionOptions } from "../mcp/episode-session.js";
import { createModernEpisodeServer, MODERN_PROTOCOL } from "../mcp/modern-server.js";
import { createEpisodeServer } from "../mcp/server.js";
import { isTaskListen, openTaskListen, type RpcMessage } from "../mcp/task-listen.js";
import { servesTasks } from "../mcp/tasks.js";
import { ScreenedStdioTransport } from "./screened-stdio.js";
import { screenLines } from "./stdio-lines.js";

export interface StdioServeOptions extends Omit<SessionOptions, "sessionId"> {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /**
   * Serve episode after episode: when one ends, the next call starts the episode these options
   * describe (each with its own session id and recording). Without it, one episode only.
   */
  readonly nextEpisode?: (previous: SessionOptions) => Omit<SessionOptions, "sessionId">;
}

/** A stdio server: one connection, whose first message picks the protocol era. */
export interface StdioServer {
  /** The era the connection speaks, once its first message has come; null before. */
  readonly era: StdioEra | null;
  /** Ends the episode (every call in flight answered and recorded), then the connection. */
  close(status: CloseStatus, reason: string): Promise<void>;
}

/** 2025-11-25 and earlier (initialize, the v1 SDK), or 2026-07-28 (per-request envelope, v2). */
export type StdioEra = "legacy" | "modern";

/**
 * Serves episodes over stdio (one process, one connection). stdout carries only the protocol.
 *
 * Both protocol eras, on the one connection a stdio client opens: stdio has no headers, so the
 * first message decides, by the rule of the v2 SDK's own stdio entry. A message whose `_meta`
 * claims a protocol revision (the 2026-07-28 envelope) opens the modern era, served by the v2 SDK
 * over an `EpisodeSession` whose recording header says so; anything else (an `initialize`, or a
 * message with no claim) is the 2025 handshake, served by the v1 SDK exactly as before. Claude
 * Desktop and the clients of today open with `initialize`, so nothing changes for them.
 */
export async function serveStdio(options: StdioServeOptions): Promise<StdioServer> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  let era: StdioEra | null = null;
  let served: Served | null = null;
  const screen = screenLines(stdin, stdout, {
    deliver(message, line) {
      if (served === null) {
        era = claimsModernEra(message) ? "modern" : "legacy";
        served = era === "legacy" ? serveLegacy(options, stdout) : new ModernEpisodes(options, stdout);
      }
      // A message that comes before the transport starts listening waits, buffered, until it does.
      served.deliver(message, line);
    },
    end() {
      served?.endInput();
    },
  });
  return {
    get era() {
      return era;
    },
    async close(status, reason) {
      // Every call in flight is answered on stdout before the transport closes.
      await (served as Served | null)?.close(status, reason);
      screen.stop();
    },
  };
}

type CloseStatus = "disconnected" | "interrupted" | "error";

/** What serves the connection once its era is known. */
interface Served {
  /** Hands on a screened message (parsed and checked) or its line (with its newline). */
  deliver(message: JSONRPCMessage, line: string): void;
  /** The client closed stdin. */
  endInput(): void;
  close(status: CloseStatus, reason: string): Promise<void>;
}

/** The handshake era: the v1 SDK, one server for the connection, series handled inside it. */
function serveLegacy(options: StdioServeOptions, stdout: Writable): Served {
  const { nextEpisode } = options;
  const server = createEpisodeServer(
    { ...options, sessionId: randomUUID() },
    undefined,
    nextEpisode ? (previous) => ({ ...nextEpisode(previous), sessionId: randomUUID() }) : undefined,
  );
  // The screened message itself, not its line to be read and checked again (see ScreenedStdioTransport).
  const transport = new ScreenedStdioTransport(stdout);
  const connected = server.mcp.connect(transport);
  return {
    deliver: (message) => transport.deliver(message),
    // The SDK's stdio transport did nothing at the end of its input either: the CLI ends the
    // episode when stdin ends.
    endInput: () => {},
    async close(status, reason) {
      await connected.catch(() => undefined);
      await server.close(status, reason);
    },
  };
}

/** One episode of the modern era on stdio: its session and the v2 entry serving it. */
interface ModernEpisode {
  readonly session: EpisodeSession;
  readonly input: PassThrough;
  readonly handle: StdioServerHandle;
}

/**
 * The modern era on stdio. The v2 SDK's stdio entry owns the wire (it validates the envelope of
 * every message, and answers a later 2025-era opening with the unsupported-version error) and
 * pins one v2 server over an episode. A series needs no protocol session to carry it: every
 * modern request carries its own envelope, so each request is a valid opening, and the first
 * request after an episode ended opens the next episode on an entry of its own, while the ended
 * one finishes recording its calls in flight and is then closed.
 */
class ModernEpisodes implements Served {
  readonly #options: StdioServeOptions;
  readonly #stdout: Writable;
  #current: ModernEpisode;
  readonly #retiring = new Set<Promise<void>>();

  constructor(options: StdioServeOptions, stdout: Writable) {
    this.#options = options;
    this.#stdout = stdout;
    this.#current = this.#open({ ...options, sessionId: randomUUID() });
  }

  deliver(message: JSONRPCMessage, line: string): void {
    const { session } = this.#current;
    const next = this.#options.nextEpisode;
    if (next && isRequest(message) && session.started && session.episode.ended) {
      this.#retire(this.#current);
      this.#current = this.#open({ ...next(session.options), sessionId: randomUUID() });
    }
    const current = this.#current.session;
    // A listen on tasks is ours to serve, as on an episode URL (task-listen.ts): the SDK's stdio
    // listen knows only list changes. Its messages are lines of their own among the SDK's.
    if (servesTasks(current.options) && isTaskListen(message) && claimsRevision(message, MODERN_PROTOCOL)) {
      void this.#listen(current, message as RpcMessage);
      return;
    }
    // The v2 entry reads lines from its stream (and checks the envelope itself).
    this.#current.input.write(line);
  }

  async #listen(session: EpisodeSession, message: RpcMessage): Promise<void> {
    const line = (reply: RpcMessage) => this.#stdout.write(`${JSON.stringify(reply)}\n`);
    const opened = openTaskListen(session, message);
    if ("refused" in opened) return void line(opened.refused);
    // No signal: over stdio a listen ends with its tasks or the episode (a notifications/cancelled
    // for it reaches the SDK, which has no such request).
    line(await opened.run(line, new AbortController().signal));
  }

  endInput(): void {
    this.#current.input.end();
  }

  async close(status: CloseStatus, reason: string): Promise<void> {
    const { session, handle } = this.#current;
    session.close(status, reason);
    await session.closed();
    await handle.close();
    await Promise.all(this.#retiring);
  }

  #open(options: SessionOptions): ModernEpisode {
    const session = new EpisodeSession({
      ...options,
      // The recording says which era its calls came in; nothing that scores it reads this.
      headerOptions: { ...options.headerOptions, protocol: MODERN_PROTOCOL },
      // The brief (instructions, list_tasks) names this era's Tasks methods.
      era: MODERN_PROTOCOL,
    });
    const input = new PassThrough();
    const series = this.#options.nextEpisode !== undefined;
    const handle = serveModernStdio(() => createModernEpisodeServer(session, { series }), {
      legacy: "reject",
      transport: new ModernStdioTransport(input, this.#stdout),
    });
    return { session, input, handle };
  }

  /** An ended episode closes once its calls in flight are answered and recorded. */
  #retire(episode: ModernEpisode): void {
    const retired = episode.session
      .closed()
      .then(() => episode.handle.close())
      .catch(() => undefined)
      .finally(() => this.#retiring.delete(retired));
    this.#retiring.add(retired);
  }
}

/** Whether a message's envelope claims exactly `revision`. */
function claimsRevision(message: unknown, revision: string): boolean {
  const params = (message as { params?: { _meta?: Record<string, unknown> } }).params;
  return params?._meta?.[PROTOCOL_VERSION_META_KEY] === revision;
}

function isRequest(message: unknown): boolean {
  const { id, method } = message as { id?: unknown; method?: unknown };
  return typeof method === "string" && id !== undefined;
}

/**
 * Whether a message claims the 2026-07-28 era: a protocol revision in its `_meta`, as the v2
 * SDK's stdio entry classifies an opening (an `initialize` carrying one is modern too; a claim
 * it does not support is then answered by the v2 entry with the unsupported-version error).
 */
function claimsModernEra(message: unknown): boolean {
  const params = (message as { params?: unknown }).params;
  if (params === null || typeof params !== "object") return false;
  const meta = (params as { _meta?: unknown })._meta;
  return meta !== null && typeof meta === "object" && PROTOCOL_VERSION_META_KEY in meta;
}
