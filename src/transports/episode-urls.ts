import { randomUUID } from "node:crypto";
import { createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import type { Express, Request, Response } from "express";
import { AsyncToolError } from "../errors.js";
import { JSONRPC } from "../jsonrpc-codes.js";
import { EpisodeSession } from "../mcp/episode-session.js";
import { createModernEpisodeServer, MODERN_PROTOCOL } from "../mcp/modern-server.js";
import type { LiveRecordings } from "../recorder/live-recordings.js";
import { recordingOfSession, UsedEpisodeIds } from "./episode-ids.js";
import { jsonRpcError } from "./json-errors.js";
import { type SessionQueryContext, sessionFromQuery } from "./session-query.js";
import { makesToolCall, type SessionRegistry } from "./session-registry.js";
import { servesTaskListen, serveTaskListenOverHttp } from "./task-listen-http.js";
import { serveThroughFetch } from "./web-bridge.js";

/** An episode of the 2026-07-28 era: named by its URL, not by a protocol session. */
export interface OpenEpisode {
  readonly session: EpisodeSession;
  readonly handler: McpHttpHandler;
}

/** Episode ids a client may choose (opened on first use): short, and safe in a path and a file name. */
const EPISODE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Ends an episode's recording (with its calls in flight answered) and its handler. */
export async function closeEpisode(
  episode: OpenEpisode,
  status: "disconnected" | "interrupted",
  reason: string,
): Promise<void> {
  episode.session.close(status, reason);
  await episode.session.closed();
  await episode.handler.close();
}

/**
 * The modern era beside the legacy `/mcp` sessions: `POST /episodes?scenario=&seed=&mode=&clock=`
 * creates an episode and answers its URL; `/mcp/episodes/{id}` serves it statelessly (every
 * request carries its version and client in `_meta`; the v2 SDK builds a server per request over
 * the episode's lasting `EpisodeSession`). An unknown id is opened on first use with the query of
 * that request, so a client can be configured with a URL it made up; `POST /episodes?id=` creates
 * one under the client's id (behind a balancer that routes by the id). `DELETE` of an episode URL
 * ends its episode (`disconnected`), as DELETE ends a legacy session. An id that already ran is
 * never opened again (EPISODE_ID_USED).
 */
export function serveEpisodeUrls(
  app: Express,
  episodes: SessionRegistry<OpenEpisode>,
  context: SessionQueryContext & {
    /** The sessions /dashboard shows while they run: episodes join them as legacy sessions do. */
    readonly live?: LiveRecordings | undefined;
  },
  used: UsedEpisodeIds = new UsedEpisodeIds(),
): void {
  const open = (id: string, client: string, query: Record<string, unknown>): OpenEpisode | string => {
    refuseUsed(id, used, context.session.recordingsDir);
    const slot = episodes.reserve(client);
    if ("refused" in slot) return slot.refused;
    try {
      const options = sessionFromQuery(query, id, context);
      const session = new EpisodeSession({
        ...options,
        ...(context.live ? { live: context.live } : {}),
        // The recording says which era its calls came in; nothing that scores it reads this.
        headerOptions: { ...options.headerOptions, protocol: MODERN_PROTOCOL },
        // The brief (instructions, list_tasks) names this era's Tasks methods.
        era: MODERN_PROTOCOL,
      });
      // Legacy clients have their sessions at /mcp; here a 2025-era request is refused with the
      // unsupported-version error that names 2026-07-28.
      const handler = createMcpHandler(() => createModernEpisodeServer(session), { legacy: "reject" });
      const episode = { session, handler };
      episodes.add(id, client, episode);
      used.add(id);
      return episode;
    } finally {
      slot.release();
    }
  };

  const refuse = (res: Response, error: unknown) => {
    if (error instanceof AsyncToolError && CONFLICTS.has(error.code))
      return jsonRpcError(res, 409, JSONRPC.SERVER_REFUSED, `[${error.code}] ${error.message}`, {
        code: error.code,
      });
    const message = error instanceof AsyncToolError ? error.message : String(error);
    const notFound = error instanceof AsyncToolError && error.code === "SCENARIO_NOT_FOUND";
    jsonRpcError(res, notFound ? 404 : 400, JSONRPC.INVALID_PARAMS, message);
  };

  const opened = (req: Request, res: Response, id: string): OpenEpisode | undefined => {
    try {
      const episode = open(id, req.socket.remoteAddress ?? "unknown", req.query as Record<string, unknown>);
      if (typeof episode === "string") {
        jsonRpcError(res, 503, JSONRPC.SERVER_REFUSED, episode);
        return undefined;
      }
      return episode;
    } catch (error) {
      refuse(res, error);
      return undefined;
    }
  };

  app.post("/episodes", (req: Request, res: Response) => {
    const id = chosenId(req.query.id) ?? randomUUID();
    if (typeof id !== "string") return refuse(res, id);
    if (episodes.has(id))
      return refuse(
        res,
        new AsyncToolError(
          "EPISODE_ID_IN_USE",
          `Episode ${id} is open already; POST /episodes creates a new one. Choose another id, or send this episode's requests to /mcp/episodes/${id}.`,
        ),
      );
    if (!opened(req, res, id)) return;
    const url = `${req.protocol}://${req.headers.host ?? "localhost"}/mcp/episodes/${id}`;
    res.status(201).location(url).json({ id, url });
  });

  app.all("/mcp/episodes/:id", async (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!EPISODE_ID.test(id))
      return jsonRpcError(
        res,
        404,
        JSONRPC.INVALID_PARAMS,
        `No episode ${JSON.stringify(id)}: an episode id is 1-64 letters, digits, '_' or '-'. Create one with POST /episodes.`,
      );
    const known = episodes.touch(id, makesToolCall(req.body))?.value;
    // Only a POST opens an episode: a GET or DELETE of an unknown id is a mistake, not a start.
    if (!known && req.method !== "POST")
      return jsonRpcError(
        res,
        404,
        JSONRPC.SESSION_NOT_FOUND,
        used.has(id)
          ? `No episode ${id}: it ended and was closed, and an id is never reopened. Open a new episode under a new id.`
          : `No episode ${id}: it ended and was swept, or never existed. Open it with a POST to this URL, or create one with POST /episodes.`,
      );
    // DELETE ends the episode, as it ends a session of the handshake era: a client that stops
    // before the episode is over (a runner at its turn budget) need not leave it to the idle sweep.
    if (known && req.method === "DELETE") {
      episodes.delete(id);
      await closeEpisode(known, "disconnected", "the client ended the episode (DELETE of its URL)");
      res.status(204).end();
      return;
    }
    const episode = known ?? opened(req, res, id);
    if (!episode) return;
    // A listen on tasks is ours to serve: the SDK's listen knows only list changes (task-listen.ts).
    if (servesTaskListen(req, episode.session)) return serveTaskListenOverHttp(req, res, episode.session);
    await serveThroughFetch(req, res, episode.handler.fetch);
  });
}

/** The refusals that are about the id, not the query: answered 409 with the code. */
const CONFLICTS = new Set(["EPISODE_ID_IN_USE", "EPISODE_ID_USED"]);

/** `?id=` of POST /episodes: absent, an id, or why it is none. */
function chosenId(value: unknown): string | undefined | AsyncToolError {
  if (value === undefined) return undefined;
  if (typeof value === "string" && EPISODE_ID.test(value)) return value;
  return new AsyncToolError(
    "USAGE",
    `?id= takes one episode id of 1-64 letters, digits, '_' or '-' (starting with a letter or digit), not ${JSON.stringify(value)}.`,
  );
}

/** Throws EPISODE_ID_USED when `id` was opened before here, or a recording of it is in `dir`. */
function refuseUsed(id: string, used: UsedEpisodeIds, dir: string | null): void {
  const again = "it cannot be reopened: use a new id.";
  if (used.has(id))
    throw new AsyncToolError(
      "EPISODE_ID_USED",
      `Episode ${id} already ran on this server (it ended, or was closed); ${again}`,
    );
  const recording = dir === null ? undefined : recordingOfSession(dir, id);
  if (recording !== undefined)
    throw new AsyncToolError(
      "EPISODE_ID_USED",
      `Episode ${id} already ran (its recording: ${recording}); ${again}`,
    );
}
