import { join } from "node:path";
import type { EpisodeConnection } from "../agents/episode-connection.js";
import type { ClockKind, DeliveryMode } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import type { SessionOptions } from "../mcp/episode-session.js";
import type { EpisodeServer } from "../mcp/server.js";
import { packageRoot } from "../paths.js";
import { Catalogue } from "../scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../transports/http.js";
import { type ClientIdentity, connectHttp, connectInMemory, connectStdio, sessionNote } from "./connect.js";
import { episodeCreateRefused, episodeCreateUnreachable } from "./episode-create-error.js";
import { connectModernHttp, connectModernStdio } from "./modern-connect.js";
import type { Sleep } from "./tasks-extension-tools.js";

/** An open episode, with its server when that runs in this process (its recording then in reach). */
export type OpenedEpisode = EpisodeConnection & { readonly server: EpisodeServer | undefined };

/** Opens one episode over one transport, with the server it needs. */
export type EpisodeOpener = (options: SessionOptions, identity: ClientIdentity) => Promise<OpenedEpisode>;

/**
 * The ways `run` reaches a server, by the name `--transport` takes: in this process, a `serve`
 * child over stdio, a local HTTP server. Adding a transport to `run`, `demo` and the dataset's
 * check is an entry here.
 */
export const EPISODE_OPENERS = {
  memory: (options, identity) => connectInMemory(options, identity),
  stdio: async (options, identity) => {
    const connection = await connectStdio(process.execPath, serveArgs(options), identity);
    return { ...connection, server: undefined };
  },
  http: (options, identity) => overLocalHttp(options, (server) => connectHttp(new URL(server.url), identity)),
} as const satisfies Record<string, EpisodeOpener>;

/**
 * The openers of the 2026-07-28 era (`run --era 2026-07-28`), spoken through our own requester
 * (modern-rpc.ts): an episode URL of a local HTTP server, created with `POST /episodes`, or a
 * `serve` child over stdio whose first message opens the modern era. Not in this process: the
 * in-memory transport is the v1 SDK's, of the handshake era.
 */
export const MODERN_EPISODE_OPENERS = {
  stdio: async (options, identity) => {
    const connection = await connectModernStdio(process.execPath, serveArgs(options), identity);
    return { ...connection, server: undefined };
  },
  http: (options, identity) =>
    overLocalHttp(options, async (server) =>
      connectModernHttp(await createEpisodeUrl(server.url, options), identity),
    ),
} as const satisfies Partial<Record<TransportName, EpisodeOpener>>;

/** The protocol eras `run` speaks: the handshake era (the v1 client), or 2026-07-28 (our requester). */
export const ERAS = ["2025-11-25", "2026-07-28"] as const;
export type Era = (typeof ERAS)[number];

export type TransportName = keyof typeof EPISODE_OPENERS;
export const TRANSPORTS = Object.keys(EPISODE_OPENERS) as readonly TransportName[];

/**
 * Opens one episode over a transport, with the server it needs: in this process (`server` is
 * then set, its recording in reach), a `serve` child process over stdio, or an HTTP server on a
 * free loopback port that closing the connection stops. What `run`, `demo` and the dataset's
 * check use. Over stdio and HTTP the recording can only be handed over through a file, so
 * `options.recordingsDir` must be set.
 */
export function openEpisode(
  transport: TransportName,
  options: SessionOptions,
  identity: ClientIdentity,
  era: Era = "2025-11-25",
): Promise<OpenedEpisode> {
  if (era === "2025-11-25") return EPISODE_OPENERS[transport](options, identity);
  if (transport === "memory") throw new AsyncToolError("USAGE", MODERN_IN_MEMORY);
  return MODERN_EPISODE_OPENERS[transport](options, identity);
}

/** Why `--era 2026-07-28` does not go with the in-memory transport, and what to use instead. */
export const MODERN_IN_MEMORY =
  "The 2026-07-28 era is served over HTTP (episode URLs) and stdio, not in this process: add -t http or -t stdio to --era 2026-07-28 (or leave --era out for the 2025-11-25 era in memory).";

/** A local HTTP server for this one episode on a free loopback port, stopped when the connection closes. */
async function overLocalHttp(
  options: SessionOptions,
  connect: (server: HttpServer) => Promise<EpisodeConnection>,
): Promise<OpenedEpisode> {
  const { sessionId: _id, scenario: _s, ...shared } = options;
  const server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue: new Catalogue([options.scenario]),
    defaultScenario: options.scenario.id,
    session: shared,
  });
  let connection: EpisodeConnection;
  try {
    connection = await connect(server);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    ...connection,
    server: undefined,
    close: async (status, reason) => {
      try {
        await connection.close(status, reason);
      } finally {
        await server.close();
      }
    },
  };
}

/**
 * An episode of the 2026-07-28 era on an episode URL of an HTTP server in this process (on a free
 * loopback port, stopped on close), for `eval --era 2026-07-28`: created with `POST /episodes`
 * under `options.sessionId` (which must be a valid episode id), and started before it is handed
 * over, as `connectInMemoryStarted` does in the handshake era: its recording is open (in
 * `options.recordingsDir`, with `options.headerOptions` and the era in its header), the runner's
 * notes go into it, and `close(status, reason)` ends it with that status.
 */
export function openModernLocalEpisode(
  options: SessionOptions,
  identity: ClientIdentity,
  sleep?: Sleep,
): Promise<OpenedEpisode> {
  return overLocalHttp(options, async (server) => {
    const url = await createEpisodeUrl(server.url, options, options.sessionId);
    const connection = await connectModernHttp(url, identity, sleep);
    const session = server.episodeSession(options.sessionId);
    if (!session)
      throw new Error(`POST /episodes answered ${url}, but no episode ${options.sessionId} is open`);
    // The first request would name the client; the episode starts before it, so name it here.
    session.setClient({ name: identity.name, version: identity.version });
    session.start();
    return {
      ...connection,
      recordingPath: session.sink?.path ?? null,
      note: sessionNote(session),
      close: async (status, reason) => {
        session.close(status ?? "disconnected", reason ?? "the client closed the connection");
        await session.closed();
        await connection.close();
      },
    };
  });
}

/** `POST /episodes?scenario=&seed=&mode=&clock=` (and `&id=`) on a server at `mcpUrl` (its `/mcp`): the new episode's URL. */
export async function createEpisodeUrl(
  mcpUrl: string,
  options: EpisodeOptions,
  id?: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<string> {
  const url = new URL(mcpUrl);
  url.pathname = url.pathname.replace(/\/mcp\/?$/, "/episodes");
  url.search = "";
  if (id !== undefined) url.searchParams.set("id", id);
  url.searchParams.set("scenario", options.scenario.id);
  url.searchParams.set("seed", String(options.seed));
  url.searchParams.set("mode", options.mode ?? options.scenario.mode);
  url.searchParams.set("clock", options.clock ?? options.scenario.clock);
  const response = await fetch(url, { method: "POST", headers }).catch((error: unknown) => {
    throw episodeCreateUnreachable(url, error);
  });
  const body = (await response.json().catch(() => undefined)) as { url?: unknown } | undefined;
  if (response.status !== 201 || typeof body?.url !== "string")
    throw episodeCreateRefused(url, response.status, body, headers.authorization !== undefined);
  return body.url;
}

/** What `POST /episodes` is told of an episode. */
type EpisodeOptions = Pick<SessionOptions, "seed" | "mode" | "clock"> & {
  readonly scenario: Pick<SessionOptions["scenario"], "id" | "mode" | "clock">;
};

/** `asynctool serve` for one episode, as a child process speaking stdio. */
function serveArgs(options: SessionOptions): string[] {
  const args = [
    join(packageRoot, "dist", "cli.js"),
    "serve",
    "--one-episode",
    "--scenario",
    options.scenario.file ?? options.scenario.id,
  ];
  const mode = options.mode ?? options.scenario.mode;
  const clock = options.clock ?? options.scenario.clock;
  args.push("--seed", String(options.seed), "--mode", mode, "--clock", clock);
  args.push("--log-level", "warn");
  if (options.timeScale !== undefined) args.push("--time-scale", String(options.timeScale));
  args.push("--recordings", options.recordingsDir as string);
  return args;
}

/** Which episode a session on a running server plays. */
export interface EpisodeChoice {
  readonly scenarioId: string;
  readonly seed: number;
  readonly mode: DeliveryMode;
  readonly clock: ClockKind;
}

/**
 * An episode on a running server: the session picks it with ?scenario=&seed=&mode=&clock=.
 * `headers` go with every request (a bearer token: `bearerHeaders`).
 */
export function openUrlEpisode(
  serverUrl: string,
  choice: EpisodeChoice,
  identity: ClientIdentity,
  headers: Readonly<Record<string, string>> = {},
): Promise<EpisodeConnection> {
  const url = new URL(serverUrl);
  url.searchParams.set("scenario", choice.scenarioId);
  url.searchParams.set("seed", String(choice.seed));
  url.searchParams.set("mode", choice.mode);
  url.searchParams.set("clock", choice.clock);
  return connectHttp(url, identity, headers);
}

/**
 * An episode of the 2026-07-28 era on a running server (`eval --url … --era 2026-07-28`): created
 * with `POST /episodes` beside the server's `/mcp` (its id chosen by the server), and played on
 * its episode URL. The recording is the server's, named by the episode id (`sessionId`).
 * `headers` go with every request (a bearer token: `bearerHeaders`).
 */
export async function openModernUrlEpisode(
  serverUrl: string,
  choice: EpisodeChoice,
  identity: ClientIdentity,
  sleep?: Sleep,
  headers: Readonly<Record<string, string>> = {},
): Promise<EpisodeConnection> {
  const { scenarioId, seed, mode, clock } = choice;
  const url = await createEpisodeUrl(
    serverUrl,
    { scenario: { id: scenarioId, mode, clock }, seed, mode, clock },
    undefined,
    headers,
  );
  return connectModernHttp(url, identity, sleep, headers);
}
