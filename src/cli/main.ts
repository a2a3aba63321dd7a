import { Command, CommanderError } from "commander";
import { AsyncToolError } from "../errors.js";
import { serverInfo } from "../paths.js";
import { type Output, processOutput } from "./output.js";
import type { StopServer } from "./serve.js";

type OnRunning = (stop: StopServer, endsWithStdin: boolean, stopWhen?: AbortSignal) => void;
type MakeCommand = (io: Output, setExit: (code: number) => void, onRunning: OnRunning) => Command;

/**
 * The commands, in the order help lists them, each loaded when needed: a command's modules are
 * loaded only when it runs or help lists them all, so `report` does not load the SDK, express
 * and the runner (about half a CPU-second of start-up; docs/performance.md, figure 6).
 */
const COMMANDS: readonly (readonly [string, () => Promise<MakeCommand>])[] = [
  [
    "validate",
    async () => {
      const { validateCommand } = await import("./validate.js");
      return (io, setExit) => validateCommand(io, setExit);
    },
  ],
  [
    "list",
    async () => {
      const { listCommand } = await import("./list.js");
      return (io) => listCommand(io);
    },
  ],
  [
    "serve",
    async () => {
      const { serveCommand } = await import("./serve.js");
      return (io, _setExit, onRunning) => serveCommand(io, onRunning);
    },
  ],
  [
    "proxy",
    async () => {
      const { proxyCommand } = await import("./proxy.js");
      return (io, _setExit, onRunning) => proxyCommand(io, onRunning);
    },
  ],
  [
    "dashboard",
    async () => {
      const { dashboardCommand } = await import("./dashboard.js");
      return (io, _setExit, onRunning) => dashboardCommand(io, onRunning);
    },
  ],
  [
    "report",
    async () => {
      const { reportCommand } = await import("./report.js");
      return (io, setExit) => reportCommand(io, setExit);
    },
  ],
  [
    "eval",
    async () => {
      const { evalCommand } = await import("./eval.js");
      return (io, setExit) => evalCommand(io, setExit);
    },
  ],
  [
    "run",
    async () => {
      const { runCommand } = await import("./run.js");
      return (io, setExit) => runCommand(io, setExit);
    },
  ],
  [
    "demo",
    async () => {
      const { demoCommand } = await import("./demo.js");
      return (io) => demoCommand(io);
    },
  ],
  [
    "generate",
    async () => {
      const { generateCommand } = await import("./generate.js");
      return (io) => generateCommand(io);
    },
  ],
  [
    "stats",
    async () => {
      const { statsCommand } = await import("./stats.js");
      return (io) => statsCommand(io);
    },
  ],
  [
    "export",
    async () => {
      const { exportCommand } = await import("./export.js");
      return (io, setExit) => exportCommand(io, setExit);
    },
  ],
  [
    "acc-eval",
    async () => {
      const { accEvalCommand } = await import("./acc-eval.js");
      return (io) => accEvalCommand(io);
    },
  ],
];

/** Exit statuses: 0 success, 1 the work failed (invalid scenario, failed run), 2 wrong usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * The program with the command `argv` names, or with every command when it names none (help,
 * --version, a mistyped name: commander then lists or suggests them all).
 */
export async function buildProgram(
  io: Output,
  setExit: (code: number) => void,
  onRunning: OnRunning = () => {},
  argv: readonly string[] = [],
): Promise<Command> {
  const program = new Command("asynctool")
    .description("An MCP server of delayed tools, and the AsyncTool metrics of how an agent copes with them.")
    .version(serverInfo.version, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  const named = COMMANDS.filter(([name]) => name === argv[0]);
  const makers = await Promise.all((named.length > 0 ? named : COMMANDS).map(([, load]) => load()));
  const commands = makers.map((make) => make(io, setExit, onRunning));
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
  const program = await buildProgram(
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
    argv,
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
