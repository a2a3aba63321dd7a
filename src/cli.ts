#!/usr/bin/env node
import { exitOnceWritten } from "./cli/exit.js";
import { main } from "./cli/main.js";

// The only place that reads argv and sets the exit status: everything else is a function.

// A reader that closed the pipe early (`asynctool serve --help | head -3`) has what it wanted:
// stop quietly, as Unix tools do, rather than dying on an unhandled EPIPE with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Servers may leave sockets or timers behind once stopped; do not let them hold the exit, but
// let every command's output reach its reader first, however long a stalled pipe takes.
await exitOnceWritten(code, [process.stdout, process.stderr], (status) => process.exit(status));
