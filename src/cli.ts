#!/usr/bin/env node
import { main } from "./cli/main.js";

// The only place that reads argv and sets the exit status: everything else is a function.
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Servers may leave sockets or timers behind once stopped; do not let them hold the exit.
setTimeout(() => process.exit(code), 1_000).unref();
