import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { env } from "node:process";
import { Command } from "commander";
import { STALE_AFTER_DEFAULT_MS } from "../dashboard/silence.js";
import { AsyncToolError } from "../errors.js";
import { serverInfo, shippedScenariosDir } from "../paths.js";
import { LiveRecordings } from "../recorder/live-recordings.js";
import { RecordingsTail } from "../recorder/recordings-tail.js";
import { startDashboardServer } from "../transports/dashboard-server.js";
import { integer } from "./options.js";
import type { Output } from "./output.js";
import { userRecordingsDir } from "./paths.js";
import { ScenarioFinder } from "./report.js";
import { isLoopback, type StopServer } from "./serve.js";

interface DashboardFlags {
  recordings?: string;
  scenarios: string[];
  host: string;
  port: number;
  authToken?: string;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  staleAfter: number;
}

/** How often the recordings directory is read again for what other processes wrote. */
const TAIL_EVERY_MS = 500;

export function dashboardCommand(io: Output, onRunning: (stop: StopServer, endsWithStdin: boolean) => void) {
  return new Command("dashboard")
    .description(
      "Watch sessions live in the browser: follows a recordings directory that other processes write (stdio servers, e.g. Claude Desktop's) and serves /dashboard.",
    )
    .option("-r, --recordings <dir>", "the recordings directory to follow (default: where `serve` records)")
    .option(
      "--scenarios <dir>",
      "where to find the scenario files the recordings ran (repeatable; default: the shipped scenarios)",
      (dir: string, dirs: string[]) => [...dirs, dir],
      [],
    )
    .option(
      "--stale-after <minutes>",
      "show a running session as silent (its server may have stopped) after this long without a new line",
      integer("--stale-after", 1),
      STALE_AFTER_DEFAULT_MS / 60_000,
    )
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("-p, --port <n>", "port (0 picks a free one)", integer("--port", 0), 3001)
    .option(
      "--auth-token <token>",
      "require `Authorization: Bearer <token>` for the data (prefer the ASYNCTOOL_AUTH_TOKEN variable: arguments show in ps)",
    )
    .option("--allowed-hosts <names...>", "Host/Origin names accepted (default: loopback names)")
    .option("--allowed-origins <origins...>", "browser origins accepted besides the dashboard's own")
    .addHelpText(
      "after",
      "\nThe HTTP server (`serve -t http`) has /dashboard for its own sessions; this command is for sessions\n" +
        "recorded by other processes. A process that dies (killed by its client, crashed) writes no end line:\n" +
        "its session shows as silent, with how long, once --stale-after has passed, and live again if lines arrive.\n" +
        "Examples:\n  asynctool dashboard\n  asynctool dashboard --recordings runs/ --port 4000",
    )
    .action(async (flags: DashboardFlags) => {
      const authToken = flags.authToken ?? env.ASYNCTOOL_AUTH_TOKEN;
      if (!isLoopback(flags.host) && !authToken) {
        throw new AsyncToolError(
          "AUTH_REQUIRED",
          `binding ${flags.host} shows the recordings beyond this machine, so it needs a bearer token: set ASYNCTOOL_AUTH_TOKEN (or --auth-token), or bind 127.0.0.1.`,
        );
      }
      const dir = resolve(flags.recordings ?? userRecordingsDir());
      if (!(await stat(dir).catch(() => null))?.isDirectory()) {
        throw new AsyncToolError(
          "RECORDING_NOT_FOUND",
          `No recordings directory at ${dir}: give the directory the server records into with --recordings DIR.`,
          { where: dir },
        );
      }
      const finder = new ScenarioFinder(flags.scenarios.length > 0 ? flags.scenarios : [shippedScenariosDir]);
      const live = new LiveRecordings();
      const tail = new RecordingsTail(dir, live, async (header, file) => {
        try {
          return { scenario: await finder.find(header, file), problem: null };
        } catch (error) {
          if (!(error instanceof AsyncToolError)) throw error;
          return { scenario: null, problem: `[${error.code}] ${error.message}` };
        }
      });
      await tail.scan();
      const timer = setInterval(() => void tail.scan(), TAIL_EVERY_MS);
      const server = await startDashboardServer({
        host: flags.host,
        port: flags.port,
        live,
        server: serverInfo,
        staleAfterMs: flags.staleAfter * 60_000,
        ...(authToken ? { authToken } : {}),
        ...(flags.allowedHosts ? { allowedHosts: flags.allowedHosts } : {}),
        ...(flags.allowedOrigins ? { allowedOrigins: flags.allowedOrigins } : {}),
      });
      io.err(`Dashboard: ${server.url} (following ${dir})`);
      onRunning(async () => {
        clearInterval(timer);
        await server.close();
      }, false);
    });
}
