import { join } from "node:path";
import type { EpisodeConnection } from "../agents/episode-connection.js";
import type { ClockKind, DeliveryMode } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import type { SessionOptions } from "../mcp/episode-session.js";
import type { EpisodeServer } from "../mcp/server.js";
import { packageRoot } from "../paths.js";
import { Catalogue } from "../scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../transports/http.js";
import { type ClientIdentity, connectHttp, connectInMemory, connectStdio } from "./connect.js";
import { connectModernHttp, connectModernStdio } from "./modern-connect.js";

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

/** `POST /episodes?scenario=&seed=&mode=&clock=` on a server at `mcpUrl` (its `/mcp`): the new episode's URL. */
async function createEpisodeUrl(mcpUrl: string, options: SessionOptions): Promise<string> {
  const url = new URL(mcpUrl.replace(/\/mcp$/, "/episodes"));
  url.searchParams.set("scenario", options.scenario.id);
  url.searchParams.set("seed", String(options.seed));
  url.searchParams.set("mode", options.mode ?? options.scenario.mode);
  url.searchParams.set("clock", options.clock ?? options.scenario.clock);
  const response = await fetch(url, { method: "POST" });
  const body = (await response.json().catch(() => ({}))) as { url?: unknown };
  if (response.status !== 201 || typeof body.url !== "string")
    throw new Error(`POST ${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return body.url;
}

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

/** An episode on a running server: the session picks it with ?scenario=&seed=&mode=&clock=. */
export function openUrlEpisode(
  serverUrl: string,
  choice: EpisodeChoice,
  identity: ClientIdentity,
): Promise<EpisodeConnection> {
  const url = new URL(serverUrl);
  url.searchParams.set("scenario", choice.scenarioId);
  url.searchParams.set("seed", String(choice.seed));
  url.searchParams.set("mode", choice.mode);
  url.searchParams.set("clock", choice.clock);
  return connectHttp(url, identity);
}
