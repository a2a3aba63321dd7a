import { Command, CommanderError } from "commander";
import { AsyncToolError } from "../errors.js";
import { serverInfo } from "../paths.js";
import { accEvalCommand } from "./acc-eval.js";
import { dashboardCommand } from "./dashboard.js";
import { demoCommand } from "./demo.js";
import { evalCommand } from "./eval.js";
import { exportCommand } from "./export.js";
import { generateCommand } from "./generate.js";
import { listCommand } from "./list.js";
import { type Output, processOutput } from "./output.js";
import { proxyCommand } from "./proxy.js";
import { reportCommand } from "./report.js";
import { runCommand } from "./run.js";
import { type StopServer, serveCommand } from "./serve.js";
import { statsCommand } from "./stats.js";
import { validateCommand } from "./validate.js";

/** Exit statuses: 0 success, 1 the work failed (invalid scenario, failed run), 2 wrong usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function buildProgram(
  io: Output,
  setExit: (code: number) => void,
  onRunning: (stop: StopServer, endsWithStdin: boolean, stopWhen?: AbortSignal) => void = () => {},
): Command {
  const program = new Command("asynctool")
    .description("An MCP server of delayed tools, and the AsyncTool metrics of how an agent copes with them.")
    .version(serverInfo.version, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  const commands = [
    validateCommand(io, setExit),
    listCommand(io),
    serveCommand(io, onRunning),
    proxyCommand(io, onRunning),
    dashboardCommand(io, onRunning),
    reportCommand(io, setExit),
    evalCommand(io, setExit),
    runCommand(io, setExit),
    demoCommand(io),
    generateCommand(io),
    statsCommand(io),
    exportCommand(io, setExit),
    accEvalCommand(io),
  ];
  for (const command of commands) {
    // addCommand does not pass on output and exit settings the way .command() does.
    program.addCommand(command.copyInheritedSettings(program));
    // Subcommands (`export acc`) inherit too, or a usage error would exit the process.
    for (const sub of command.commands) sub.copyInheritedSettings(command);
  }
  return program;
}

/** Runs the CLI and returns the exit status. Errors a user can cause are printed, never thrown. */
export async function main(argv: readonly string[], io: Output = processOutput): Promise<number> {
  let status = EXIT_OK;
  let stopped: Promise<void> | undefined;
  const program = buildProgram(
    io,
    (code) => {
      status = Math.max(status, code);
    },
    (stop, endsWithStdin, stopWhen) => {
      stopped = untilStopped(stop, endsWithStdin, stopWhen);
      // A server that stops because something it needs is gone (the proxy's upstream) failed.
      stopWhen?.addEventListener("abort", () => {
        status = Math.max(status, EXIT_FAILURE);
      });
    },
  );
  try {
    await program.parseAsync([...argv], { from: "user" });
    // A server runs until a signal (or, on stdio, until the client closes stdin).
    if (stopped) await stopped;
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof AsyncToolError) {
      io.err(`error [${error.code}]: ${error.message}`);
      return error.code === "USAGE" ? EXIT_USAGE : EXIT_FAILURE;
    }
    io.err(`internal error: ${(error as Error).stack ?? String(error)}`);
    return EXIT_FAILURE;
  }
}

/**
 * Resolves once the server has stopped after SIGINT, SIGTERM, (stdio) the end of stdin, or
 * `stopWhen` (the proxy's upstream went away).
 */
function untilStopped(stop: StopServer, endsWithStdin: boolean, stopWhen?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const shutdown = (why: "signal" | "stdin") => {
      if (stopping) return;
      stopping = true;
      // Whatever happens, exit within 5 s: a stuck close must not keep a killed server alive.
      setTimeout(() => resolve(), 5_000).unref();
      stop(why).then(resolve, resolve);
    };
    process.once("SIGINT", () => shutdown("signal"));
    process.once("SIGTERM", () => shutdown("signal"));
    if (endsWithStdin) process.stdin.once("end", () => shutdown("stdin"));
    if (stopWhen?.aborted) shutdown("signal");
    else stopWhen?.addEventListener("abort", () => shutdown("signal"), { once: true });
  });
}
