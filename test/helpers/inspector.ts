import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { inspectorLauncher, inspectorNode } from "./inspector-node.js";

const run = promisify(execFile);

/**
 * A home of its own for the Inspector: it keeps a catalog and a secret store under
 * ~/.mcp-inspector, which a test must not write into the user's home.
 */
export function inspectorEnv(): NodeJS.ProcessEnv {
  return { ...process.env, HOME: mkdtempSync(join(tmpdir(), "asynctool-inspector-home-")) };
}

/** The Inspector CLI's exit status when the tool answered with isError (it still prints the result). */
export const INSPECTOR_TOOL_ERROR_EXIT = 5;

/**
 * Runs the MCP Inspector's CLI once (one connection, one method) and returns the JSON it prints,
 * a tool error's result included. Over stdio the server's command goes last, after `--`.
 */
export async function inspector(args: readonly string[]): Promise<Record<string, unknown>> {
  const stdout = await run(inspectorNode(), [inspectorLauncher, "--cli", ...args], {
    env: inspectorEnv(),
    timeout: 90_000,
  }).then(
    (done) => done.stdout,
    (error: { code?: unknown; stdout?: string }) => {
      if (error.code === INSPECTOR_TOOL_ERROR_EXIT && error.stdout) return error.stdout;
      throw error;
    },
  );
  const start = stdout.indexOf("{");
  if (start < 0) throw new Error(`the Inspector printed no JSON: ${stdout}`);
  return JSON.parse(stdout.slice(start)) as Record<string, unknown>;
}

/** Arguments of a tools/call in the Inspector's syntax. */
export function toolCall(name: string, args: Record<string, unknown> = {}): string[] {
  return [
    "--method",
    "tools/call",
    "--tool-name",
    name,
    ...Object.entries(args).flatMap(([key, value]) => [
      "--tool-arg",
      `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`,
    ]),
  ];
}
