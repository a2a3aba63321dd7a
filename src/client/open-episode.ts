import { join } from "node:path";
import type { EpisodeConnection } from "../agents/episode-connection.js";
import type { ClockKind, DeliveryMode } from "../engine/types.js";
import type { SessionOptions } from "../mcp/episode-session.js";
import type { EpisodeServer } from "../mcp/server.js";
import { packageRoot } from "../paths.js";
import { Catalogue } from "../scenarios/catalogue.js";
import { startHttpServer } from "../transports/http.js";
import { type ClientIdentity, connectHttp, connectInMemory, connectStdio } from "./connect.js";

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
  http: async (options, identity) => {
    const { sessionId: _id, scenario: _s, ...shared } = options;
    const server = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      catalogue: new Catalogue([options.scenario]),
      defaultScenario: options.scenario.id,
      session: shared,
    });
    const connection = await connectHttp(new URL(server.url), identity);
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
  },
} as const satisfies Record<string, EpisodeOpener>;

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
): Promise<OpenedEpisode> {
  return EPISODE_OPENERS[transport](options, identity);
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
