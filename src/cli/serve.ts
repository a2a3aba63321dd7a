import { resolve } from "node:path";
import { env } from "node:process";
import { Command, Option } from "commander";
import { episodeApp } from "../dashboard/app-page.js";
import { clockKindSchema, modeSchema } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import { createLogger, LOG_LEVELS } from "../log.js";
import { followingEpisode } from "../mcp/episode-series.js";
import type { SessionOptions } from "../mcp/episode-session.js";
import { serverInfo } from "../paths.js";
import { RECORDING_BUDGET_DEFAULT } from "../recorder/budget.js";
import { checkRecordingsDirectory } from "../recorder/check-directory.js";
import type { Catalogue } from "../scenarios/catalogue.js";
import { HTTP_DEFAULTS, startHttpServer } from "../transports/http.js";
import { serveStdio } from "../transports/stdio.js";
import { integer, type LoadFlags, positiveNumber, resolveScenarios, withLoadFlags } from "./options.js";
import type { Output } from "./output.js";
import { userRecordingsDir } from "./paths.js";
import { startBanner } from "./start-banner.js";

/** Stops a running server: after a signal (shutdown) or the end of stdin (the client left). */
export type StopServer = (why: "signal" | "stdin") => Promise<void>;

export interface ServeFlags extends LoadFlags, ServingFlags {
  scenario?: string;
  suite?: string[];
}

/** The flags of `withServingOptions`. */
export interface ServingFlags {
  transport: "stdio" | "http";
  seed: number;
  mode?: "async" | "sync" | "instant" | "tasks";
  clock?: "step" | "wall";
  timeScale: number;
  host: string;
  port: number;
  /** undefined: the per-user data directory (defaultRecordingsDir). */
  recordings?: string | false;
  inlineMs: number;
  waitCapMs: number;
  notify?: boolean;
  sharedEpisode?: boolean;
  oneEpisode?: boolean;
  authToken?: string;
  maxSessions: number;
  maxSessionsPerClient: number;
  unusedSessionMs: number;
  maxRecordingBytes: number;
  allowedOrigins?: string[];
  maxBodyBytes: number;
  maxCallsPerSecond: number;
  maxJobsPerSession: number;
  sessionIdleMs: number;
  logLevel: (typeof LOG_LEVELS)[number];
  allowedHosts?: string[];
  app?: boolean;
  /** false with --no-dashboard: no /dashboard on the HTTP server. */
  dashboard: boolean;
}

export function serveCommand(
  io: Output,
  onRunning: (stop: StopServer, endsWithStdin: boolean) => void,
): Command {
  const command = new Command("serve")
    .description("Serve episodes of delayed tools to MCP clients, over stdio (default) or Streamable HTTP.")
    .option(
      "-s, --scenario <id|file>",
      "the scenario: a shipped id or a scenario file (default: travel-and-files)",
    )
    .option(
      "--suite <dir...>",
      "serve a suite: sessions take its episodes in turn, or one by id with ?scenario=",
    );
  return withLoadFlags(withServingOptions(command))
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  asynctool serve                                   # stdio, for Claude Desktop / Claude Code",
        "  asynctool serve -t http -p 3000                   # http://127.0.0.1:3000/mcp",
        "  asynctool serve -t http --suite scenarios/asynctool-v2 --clock step --seed 7",
        "  asynctool serve -s weather-and-rates -m sync -c wall --time-scale 0.2",
        "",
        "Over HTTP a session may choose its episode: /mcp?scenario=ID&seed=N&mode=async&clock=step",
      ].join("\n"),
    )
    .action(async (flags: ServeFlags) => {
      const { catalogue, defaultId } = await resolveScenarios(flags);
      await startServing(flags, { catalogue, defaultId, suite: Boolean(flags.suite?.length) }, io, onRunning);
    });
}

/**
 * The options of a server of episodes (transport, seed, mode, clock, HTTP limits, recordings),
 * shared by `serve` and `proxy`.
 */
export function withServingOptions(command: Command): Command {
  return command
    .addOption(
      new Option("-t, --transport <kind>", "stdio or http").choices(["stdio", "http"]).default("stdio"),
    )
    .option("--seed <n>", "seed of the latency schedule and faults", integer("--seed"), 1)
    .addOption(
      new Option(
        "-m, --mode <mode>",
        "delivery: async (job handles), sync (calls block), instant (no latency), tasks (async, plus MCP Tasks for clients that ask); default: the scenario's",
      ).choices(modeSchema.options),
    )
    .addOption(
      new Option(
        "-c, --clock <clock>",
        "step (reproducible) or wall (real time); default: the scenario's",
      ).choices(clockKindSchema.options),
    )
    .option(
      "--time-scale <x>",
      "wall clock: real time per scenario time (0.1 runs ten times faster)",
      positiveNumber("--time-scale"),
      1,
    )
    .option("--host <host>", "HTTP: address to bind", "127.0.0.1")
    .option("-p, --port <n>", "HTTP: port (0 picks a free one)", integer("--port", 0), 3000)
    .option("--allowed-hosts <names...>", "HTTP: Host/Origin names accepted (default: loopback names)")
    .option(
      "--allowed-origins <origins...>",
      "HTTP: browser origins accepted besides the server's own, exactly (e.g. http://localhost:6274)",
    )
    .option(
      "-r, --recordings <dir>",
      "directory for session recordings (default: the per-user data directory, e.g. ~/.local/share/asynctool/recordings)",
    )
    .option("--no-recordings", "keep recordings in memory only")
    .option(
      "--no-dashboard",
      "HTTP: serve no /dashboard (its addresses answer 404); the sessions are still recorded",
    )
    .option(
      "--inline-ms <n>",
      "live use: answer inline a job that finishes within n real ms (0 = off)",
      integer("--inline-ms", 0),
      0,
    )
    .option(
      "--wait-cap-ms <n>",
      "longest real time wait_for_jobs may block",
      integer("--wait-cap-ms", 1),
      25_000,
    )
    .option("--notify", "send a logging notification when a job ends (for clients that listen)")
    .option(
      "--app",
      "publish the episode as an MCP App page (ui://asynctool/episode), linked from list_jobs, wait_for_jobs and check_job",
    )
    .option(
      "--one-episode",
      "stdio: serve one episode, then answer EPISODE_OVER (default: when one ends, the next call starts the next)",
    )
    .option(
      "--shared-episode",
      "HTTP: every connection joins one episode (for clients that connect once per call)",
    )
    .option(
      "--auth-token <token>",
      "HTTP: require `Authorization: Bearer <token>` (prefer the ASYNCTOOL_AUTH_TOKEN variable: arguments show in ps)",
    )
    .option(
      "--max-sessions <n>",
      "HTTP: sessions open at once",
      integer("--max-sessions", 1),
      HTTP_DEFAULTS.maxSessions,
    )
    .option(
      "--max-sessions-per-client <n>",
      "HTTP: sessions open at once from one client address",
      integer("--max-sessions-per-client", 1),
      HTTP_DEFAULTS.maxSessionsPerClient,
    )
    .option(
      "--unused-session-ms <n>",
      "HTTP: close a session that has made no tool call after this long without a request",
      integer("--unused-session-ms", 1000),
      HTTP_DEFAULTS.unusedSessionMs,
    )
    .option(
      "--max-recording-bytes <n>",
      "bytes one session's recording may take; past it the episode ends with RECORDING_BUDGET",
      integer("--max-recording-bytes", 65_536),
      RECORDING_BUDGET_DEFAULT,
    )
    .option(
      "--max-body-bytes <n>",
      "HTTP: largest request body",
      integer("--max-body-bytes", 1024),
      HTTP_DEFAULTS.maxBodyBytes,
    )
    .option(
      "--session-idle-ms <n>",
      "HTTP: close a session after this long without a request",
      integer("--session-idle-ms", 1000),
      HTTP_DEFAULTS.sessionIdleMs,
    )
    .option(
      "--max-calls-per-second <n>",
      "tool calls per second a session may make",
      integer("--max-calls-per-second", 1),
      100,
    )
    .option(
      "--max-jobs-per-session <n>",
      "jobs a session may start (a scenario's lower cap wins)",
      integer("--max-jobs-per-session", 1),
      500,
    )
    .addOption(
      new Option("--log-level <level>", "log level (logs go to stderr)").choices(LOG_LEVELS).default("info"),
    );
}

/** What a server serves: a catalogue of scenarios, and which one a session gets when it names none. */
export interface Served {
  readonly catalogue: Catalogue;
  readonly defaultId: string | undefined;
  /** Episode after episode over stdio goes through the catalogue (a suite) rather than repeating one. */
  readonly suite: boolean;
}

/**
 * Starts serving over the chosen transport and hands the CLI its stop function. `extra` adds
 * session options (the proxy: its snapshot in the header, the upstream's loss as a stop signal).
 */
export async function startServing(
  flags: ServingFlags,
  served: Served,
  io: Output,
  onRunning: (stop: StopServer, endsWithStdin: boolean) => void,
  extra: Partial<Omit<SessionOptions, "scenario" | "sessionId">> = {},
): Promise<void> {
  const { catalogue, defaultId } = served;
  const logger = createLogger(flags.logLevel);
  const authToken = flags.authToken ?? env.ASYNCTOOL_AUTH_TOKEN;
  if (flags.transport === "http" && !isLoopback(flags.host) && !authToken) {
    throw new AsyncToolError(
      "AUTH_REQUIRED",
      `binding ${flags.host} exposes the server beyond this machine, so it needs a bearer token: set ASYNCTOOL_AUTH_TOKEN (or --auth-token), or bind 127.0.0.1.`,
    );
  }
  const recordingsDir = flags.recordings === false ? null : resolve(flags.recordings ?? userRecordingsDir());
  if (recordingsDir) checkRecordingsDirectory(recordingsDir);
  const shared: Omit<SessionOptions, "scenario" | "sessionId"> = {
    seed: flags.seed,
    ...(flags.mode ? { mode: flags.mode } : {}),
    ...(flags.clock ? { clock: flags.clock } : {}),
    timeScale: flags.timeScale,
    recordingsDir,
    server: serverInfo,
    settings: { inlineMs: flags.inlineMs, waitCapMs: flags.waitCapMs },
    notices: flags.notify === true,
    ...(flags.app ? { app: episodeApp(Date.now) } : {}),
    limits: {
      maxCallsPerSecond: flags.maxCallsPerSecond,
      maxJobs: flags.maxJobsPerSession,
      maxRecordingBytes: flags.maxRecordingBytes,
    },
    logger,
    ...extra,
  };
  if (flags.transport === "stdio") {
    const scenario = catalogue.get(defaultId ?? catalogue.ids()[0] ?? "");
    const suite = served.suite ? catalogue : undefined;
    const server = await serveStdio({
      ...shared,
      scenario,
      ...(flags.oneEpisode ? {} : { nextEpisode: (previous) => followingEpisode(previous, suite) }),
    });
    logger.info(
      { scenario: scenario.id, recordings: recordingsDir },
      flags.oneEpisode ? "serving one episode over stdio" : "serving episode after episode over stdio",
    );
    // The client closing stdin is a disconnect; a signal is a shutdown.
    onRunning(
      (why) =>
        why === "stdin"
          ? server.close("disconnected", "the client closed stdin")
          : server.close("interrupted", "the server shut down"),
      true,
    );
    return;
  }
  const http = await startHttpServer({
    host: flags.host,
    port: flags.port,
    catalogue,
    defaultScenario: defaultId,
    session: shared,
    ...(flags.allowedHosts ? { allowedHosts: flags.allowedHosts } : {}),
    ...(flags.allowedOrigins ? { allowedOrigins: flags.allowedOrigins } : {}),
    maxSessionsPerClient: flags.maxSessionsPerClient,
    unusedSessionMs: flags.unusedSessionMs,
    sharedEpisode: flags.sharedEpisode === true,
    maxSessions: flags.maxSessions,
    maxBodyBytes: flags.maxBodyBytes,
    sessionIdleMs: flags.sessionIdleMs,
    dashboard: flags.dashboard,
    ...(authToken ? { authToken } : {}),
    logger,
  });
  io.err(
    startBanner({
      url: http.url,
      host: flags.host,
      allowedHosts: flags.allowedHosts,
      auth: Boolean(authToken),
      scenario: defaultId,
      scenarioCount: catalogue.size,
      recordings: recordingsDir,
      sharedEpisode: flags.sharedEpisode === true,
    }),
  );
  onRunning(() => http.close(), false);
}

/** Loopback addresses: reachable only from this machine. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
