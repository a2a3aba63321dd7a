// `asynctool serve -t http` as a user starts it, in a child process (bench/lib/cli-child.mjs),
// with the limits lifted that would otherwise cut a measurement short. Its URL is read from the
// start-up banner; its CPU time is asked over IPC.
import { fork } from "node:child_process";
import { cliPath } from "./dist.mjs";

const cliChild = new URL("./cli-child.mjs", import.meta.url);

/** The limits of one session that a benchmark's long sessions would hit: call rate, jobs, recording budget. */
const SESSION_UNLIMITED = [
  "--max-calls-per-second",
  "1000000",
  "--max-jobs-per-session",
  "1000000",
  "--max-recording-bytes",
  "1000000000",
];

/** Flags that keep the server's own limits out of a benchmark's way. */
export const UNLIMITED = [
  ...SESSION_UNLIMITED,
  "--max-sessions",
  "5000",
  "--max-sessions-per-client",
  "5000",
  "--session-idle-ms",
  "3600000",
  "--unused-session-ms",
  "3600000",
];

/**
 * `asynctool serve` over stdio as figure 1 starts it (and `bench/lib/stdio-calls.mjs`, which
 * traces the same server): node's arguments after its own flags. The call rate, jobs per session
 * and the recording's budget are lifted (one session serves the whole figure: at the default
 * 16 MB its episode would end after about 20,000 instant calls, and every later call would be an
 * error; the budget's check costs the same whatever its limit); the other limits stay the
 * defaults of a stdio session.
 */
export function stdioServeArgs(scenarioFile, recordings) {
  return [
    cliPath,
    "serve",
    "--scenario",
    scenarioFile,
    "--recordings",
    recordings,
    ...SESSION_UNLIMITED,
    "--log-level",
    "warn",
  ];
}

/**
 * Starts `asynctool serve -t http -p 0 <args…>` and resolves { url, cpu(), probe(), close() }
 * once it listens.
 */
export async function startCliServer(args, execArgv = []) {
  const child = fork(
    cliChild,
    ["serve", "-t", "http", "-p", "0", "--log-level", "warn", ...UNLIMITED, ...args],
    {
      execArgv,
      stdio: ["ignore", "inherit", "pipe", "ipc"],
    },
  );
  const url = await new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk) => {
      text += chunk;
      const found = /http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(text);
      if (found) {
        child.stderr.off("data", onData);
        // Later output (warnings) still reaches the bench's stderr.
        child.stderr.pipe(process.stderr);
        resolve(found[0]);
      }
    };
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`asynctool serve exited (${code}) before listening:\n${text}`)),
    );
  });
  const ask = (message, key) =>
    new Promise((resolve, reject) => {
      const onMessage = (reply) => {
        if (!(key in reply)) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(reply[key]);
      };
      const onExit = (code) => reject(new Error(`asynctool serve exited (${code})`));
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send(message);
    });
  return {
    url,
    child,
    cpu: () => ask({ cmd: "cpu" }, "cpu"),
    memory: () => ask({ cmd: "memory" }, "memory"),
    probe: (options) => ask({ cmd: "probe", ...options }, "probe"),
    /** SIGTERM, as a user stops it: the server closes its sessions and recordings, then exits. */
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
