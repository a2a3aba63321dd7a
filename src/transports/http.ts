import { randomUUID } from "node:crypto";
import type { Server as NodeHttpServer, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import express, { type Request, type Response } from "express";
import type { Logger } from "pino";
import { ReportTickets } from "../dashboard/report-tickets.js";
import { AsyncToolError } from "../errors.js";
import { JSONRPC } from "../jsonrpc-codes.js";
import { EpisodeSession, type SessionOptions } from "../mcp/episode-session.js";
import { JobDirectory } from "../mcp/job-directory.js";
import { createEpisodeServer, type EpisodeServer } from "../mcp/server.js";
import { LiveRecordings } from "../recorder/live-recordings.js";
import type { Catalogue } from "../scenarios/catalogue.js";
import { cancelWhenAbandoned } from "./abandoned-streams.js";
import { bearerAuth } from "./bearer-auth.js";
import { serveDashboardData, serveDashboardPages } from "./dashboard.js";
import { closeEpisode, type OpenEpisode, serveEpisodeUrls } from "./episode-urls.js";
import { serveHealth } from "./healthz.js";
import { hostNames, hostValidation } from "./host-check.js";
import { jsonBody } from "./json-body.js";
import { errorHandler, jsonRpcError, unknownRoutes } from "./json-errors.js";
import { originValidation } from "./origin-check.js";
import { sessionFromQuery } from "./session-query.js";
import {
  makesToolCall,
  SESSION_LIMIT_DEFAULTS,
  SessionRegistry,
  sweepIdleSessions,
} from "./session-registry.js";

export interface HttpServeOptions {
  readonly host: string;
  readonly port: number;
  readonly catalogue: Catalogue;
  /** The scenario of a session that names none; undefined hands the catalogue out in turn. */
  readonly defaultScenario: string | undefined;
  /** Options every session shares; a session may override seed, mode and clock in its URL. */
  readonly session: Omit<SessionOptions, "scenario" | "sessionId">;
  /** Host names accepted in the Host header (DNS-rebinding protection). Default: the loopback names. */
  readonly allowedHosts?: readonly string[];
  /** Origins accepted besides the server's own (http, an accepted host name, the server's port). */
  readonly allowedOrigins?: readonly string[];
  readonly logger?: Logger;
  /**
   * One episode shared by every connection, for clients that open a new MCP session per call
   * (the Inspector's CLI, scripts). When it ends, the next connection starts a new one.
   */
  readonly sharedEpisode?: boolean;
  /** Largest request body accepted. */
  readonly maxBodyBytes?: number;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly authToken?: string;
  /** Sessions open at once; a new one beyond it is refused with 503. */
  readonly maxSessions?: number;
  /** Sessions open at once from one client address. */
  readonly maxSessionsPerClient?: number;
  /** A session with no request for this long is closed (its episode ends as disconnected). */
  readonly sessionIdleMs?: number;
  /** A session that has made no tool call is closed after this long without a request. */
  readonly unusedSessionMs?: number;
  /** Wall-clock ms for idle tracking; injected by tests. */
  readonly now?: () => number;
  /**
   * The sessions /dashboard shows while they run: the server's own (by default a new registry)
   * and whatever else is fed into it.
   */
  readonly live?: LiveRecordings;
  /**
   * false: no /dashboard (its routes answer 404 as any unknown path) and, unless `live` is given,
   * no copy of the sessions held for it. Default true.
   */
  readonly dashboard?: boolean;
}

export const HTTP_DEFAULTS = {
  maxBodyBytes: 1_000_000,
  ...SESSION_LIMIT_DEFAULTS,
} as const;

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  /** Open sessions. */
  sessionCount(): number;
  /** Open episodes of episode URLs (the 2026-07-28 era). */
  episodeCount(): number;
  /**
   * The session of the open episode `id` of an episode URL, for a caller in this process (`eval
   * --era 2026-07-28`: it starts the episode, writes its notes into the recording and ends it).
   */
  episodeSession(id: string): EpisodeSession | undefined;
  /** Closes the sessions idle for longer than the limit (the server also does this every minute). Returns how many. */
  closeIdleSessions(): number;
  /** Ends every open episode (recordings close as `interrupted`) and stops listening. */
  close(): Promise<void>;
}

interface OpenSession {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: EpisodeServer;
}

/**
 * Streamable HTTP on express: one episode per MCP session, chosen per connection with
 * `/mcp?scenario=ID&seed=N&mode=M&clock=C`, or taken in turn from the catalogue.
 */
export async function startHttpServer(options: HttpServeOptions): Promise<HttpServer> {
  const now = options.now ?? Date.now;
  const sessions = new SessionRegistry<OpenSession>(
    {
      maxSessions: options.maxSessions ?? HTTP_DEFAULTS.maxSessions,
      maxPerClient: options.maxSessionsPerClient ?? HTTP_DEFAULTS.maxSessionsPerClient,
      idleMs: options.sessionIdleMs ?? HTTP_DEFAULTS.sessionIdleMs,
      unusedMs: options.unusedSessionMs ?? HTTP_DEFAULTS.unusedSessionMs,
    },
    now,
  );
  // Episodes of the 2026-07-28 era, named by their URLs (episode-urls.ts), under the same limits.
  const episodes = new SessionRegistry<OpenEpisode>(sessions.limits, now);
  let port = 0;
  let shared: EpisodeSession | undefined;
  // Jobs of recent sessions: a client that connects once per call is told about --shared-episode.
  const jobDirectory = options.sharedEpisode ? undefined : new JobDirectory();
  const allowedHosts = hostNames(options.allowedHosts);
  const withDashboard = options.dashboard !== false;
  const live = options.live ?? (withDashboard ? new LiveRecordings() : undefined);
  const tickets = new ReportTickets(Date.now);
  const app = express();
  app.disable("x-powered-by");
  serveHealth(app, options.session.server);
  app.use(hostValidation(allowedHosts));
  app.use(
    originValidation({
      hostNames: allowedHosts,
      port: () => port,
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    }),
  );
  // The dashboard's pages hold no data (the token is entered there); its data needs the token.
  if (withDashboard && live) serveDashboardPages(app, tickets, live);
  if (options.authToken !== undefined) app.use(bearerAuth(options.authToken));
  const dashboard = withDashboard && live ? serveDashboardData(app, { live }, tickets) : undefined;
  app.use(jsonBody(options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes));

  // Not async: a call on an open session (every POST but the first) hands the transport's own
  // promise to express, which passes its rejection to the error handler as it would an async
  // handler's, without a promise of this function's to resolve with it (a microtask per call).
  app.post("/mcp", (req: Request, res: Response) => {
    // JSON-RPC answers an empty batch with one Invalid Request; the SDK would accept it silently (202).
    if (Array.isArray(req.body) && req.body.length === 0)
      return jsonRpcError(res, 400, JSONRPC.INVALID_REQUEST, "Invalid Request: an empty batch.");
    const sessionId = req.header("mcp-session-id");
    if (sessionId) {
      const entry = sessions.touch(sessionId, makesToolCall(req.body));
      if (!entry)
        return jsonRpcError(
          res,
          404,
          JSONRPC.SESSION_NOT_FOUND,
          "Session not found: it ended or never existed. Start a new session with initialize.",
        );
      cancelWhenAbandoned(req.body, res, entry.value.transport);
      return entry.value.transport.handleRequest(req, res, req.body);
    }
    return initialize(req, res);
  });

  /** A POST without a session id: an initialize opens a session, anything else is refused. */
  const initialize = async (req: Request, res: Response) => {
    if (!isInitializeRequest(req.body)) {
      return jsonRpcError(
        res,
        400,
        JSONRPC.SERVER_REFUSED,
        "Bad Request: no Mcp-Session-Id header; the first request of a session must be initialize.",
      );
    }
    const client = req.socket.remoteAddress ?? "unknown";
    const slot = sessions.reserve(client);
    if ("refused" in slot) return jsonRpcError(res, 503, JSONRPC.SERVER_REFUSED, slot.refused);
    try {
      await openSession(req, res, client);
    } finally {
      slot.release();
    }
  };

  const openSession = async (req: Request, res: Response, client: string) => {
    let sessionOptions: SessionOptions;
    const id = randomUUID();
    try {
      sessionOptions = {
        ...sessionFromQuery(req.query as Record<string, unknown>, id, options),
        ...(live ? { live } : {}),
      };
      if (jobDirectory) sessionOptions = { ...sessionOptions, jobDirectory };
    } catch (error) {
      const message = error instanceof AsyncToolError ? error.message : String(error);
      return jsonRpcError(
        res,
        error instanceof AsyncToolError && error.code === "SCENARIO_NOT_FOUND" ? 404 : 400,
        JSONRPC.INVALID_PARAMS,
        message,
      );
    }
    let server: EpisodeServer;
    if (options.sharedEpisode) {
      if (!shared || (shared.started && shared.episode.ended)) shared = new EpisodeSession(sessionOptions);
      server = createEpisodeServer(sessionOptions, shared);
    } else {
      server = createEpisodeServer(sessionOptions);
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      onsessioninitialized: (sid) => {
        sessions.add(sid, client, { transport, server });
      },
    });
    transport.onclose = () => {
      sessions.delete(id);
      void server.close("disconnected", "the session was closed");
    };
    await server.mcp.connect(transport);
    // The recording's file is made in the thread pool before initialize is answered, so that the
    // episode's start (at `initialized`) does not block the event loop creating it.
    await server.session.prepareRecording();
    await transport.handleRequest(req, res, req.body);
    // An initialize the SDK refused opened no session: nothing will start or close this one.
    if (transport.sessionId === undefined && !server.session.started) server.session.close("disconnected");
  };

  const bySession = async (req: Request, res: Response) => {
    const sessionId = req.header("mcp-session-id");
    const entry = sessionId ? sessions.touch(sessionId, false) : undefined;
    if (!entry)
      return jsonRpcError(
        res,
        sessionId ? 404 : 400,
        sessionId ? JSONRPC.SESSION_NOT_FOUND : JSONRPC.SERVER_REFUSED,
        sessionId ? "Session not found." : "Bad Request: Mcp-Session-Id header required.",
      );
    if (req.method === "DELETE") {
      // The episode ends first, and every call in flight gets its answer on its own stream;
      // only then does the transport close those streams.
      await entry.value.server.end("disconnected", "the client ended the session (DELETE)");
    }
    await entry.value.transport.handleRequest(req, res);
  };
  app.get("/mcp", bySession);
  app.delete("/mcp", bySession);

  serveEpisodeUrls(app, episodes, { ...options, live });

  unknownRoutes(app);
  app.use(errorHandler(options.logger));

  const httpServer: NodeHttpServer = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
    s.once("error", reject);
  });
  // Responses still being written, so that a shutdown lets them finish before it cuts the sockets.
  const open = new Set<ServerResponse>();
  // One listener for every response (the response is `this`), rather than a closure per request.
  function forget(this: ServerResponse) {
    open.delete(this);
  }
  httpServer.on("request", (_req, res: ServerResponse) => {
    open.add(res);
    // `on`, not `once`: a response closes once, and this runs for every request.
    res.on("close", forget);
  });
  port = (httpServer.address() as AddressInfo).port;
  // Abandoned sessions (a client that vanished without DELETE, or never called a tool) are
  // closed, freeing their slots and timers; the transport closes after the episode has drained
  // its calls in flight.
  const sweeper = sweepIdleSessions(sessions, ({ server, transport }, reason) => {
    void server.close("disconnected", reason).finally(() => transport.close().catch(() => {}));
  });
  const episodeSweeper = sweepIdleSessions(episodes, (entry, reason) => {
    void closeEpisode(entry, "disconnected", reason);
  });
  const hostForUrl = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostForUrl}:${port}/mcp`,
    port,
    sessionCount: () => sessions.size,
    episodeCount: () => episodes.size,
    episodeSession: (id) => episodes.peek(id)?.session,
    closeIdleSessions: () => sweeper.sweep() + episodeSweeper.sweep(),
    async close() {
      sweeper.stop();
      dashboard?.close();
      episodeSweeper.stop();
      const urlEpisodes = episodes.values().map((entry) => entry.value);
      episodes.clear();
      const entries = sessions.values().map((entry) => entry.value);
      sessions.clear();
      // Each episode ends and drains (its calls in flight answered), then its transport closes.
      await Promise.all(
        entries.map(async ({ transport, server }) => {
          await server.close("interrupted", "the server shut down");
          await transport.close().catch(() => {});
        }),
      );
      await Promise.all(urlEpisodes.map((e) => closeEpisode(e, "interrupted", "the server shut down")));
      shared?.close("interrupted", "the server shut down");
      await shared?.closed();
      // The streams are closed: wait for their last bytes to leave before cutting the sockets.
      await Promise.all([...open].map((res) => new Promise((resolve) => res.once("close", resolve))));
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
