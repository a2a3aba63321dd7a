import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const inspectorCli = require.resolve("@modelcontextprotocol/inspector-cli/build/cli.js");

/**
 * Runs the MCP Inspector's CLI once (one connection, one method) and returns the JSON it prints.
 * It runs from its own build folder: inspector-cli 1.0.3 looks for its package.json relative to
 * the working directory, and fails to start from anywhere else.
 */
export async function inspector(args: readonly string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [inspectorCli, "--cli", ...args], {
    cwd: dirname(inspectorCli),
    timeout: 90_000,
  });
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
