import { type ChildProcess, execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "../../src/paths.js";

export const cliPath = join(packageRoot, "dist", "cli.js");

/** Starts `node dist/cli.js serve -t http -p 0 ...` and resolves with its URL once it listens. */
export function startHttpCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  return startListeningCli(["serve", "-t", "http", "-p", "0", ...args], env);
}

/** Starts `node dist/cli.js ...args` (an HTTP serve) and resolves with its URL once it listens. */
export async function startListeningCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /at (http:\/\/\S+\/mcp)/.exec(stderr);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { url, child, stderr: () => stderr };
}

/** Sends a signal and resolves with the exit code once the process has gone. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill(signal);
  });
}

const execCli = promisify(execFile);

/** Runs `node dist/cli.js ...args` from the package root to its end: exit code, stdout, stderr. */
export async function runCli(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execCli(process.execPath, [cliPath, ...args], { cwd: packageRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
