import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { ensureInspectorNode } from "./helpers/inspector-node.js";

/**
 * End-to-end tests run the built CLI (`node dist/cli.js ...`) as a real process, so `npm test`
 * on a fresh clone builds first. ASYNCTOOL_SKIP_BUILD=1 skips it when dist/ is known fresh
 * (CI builds just before; a developer running one unit test file does not need it). Under a Node
 * older than the MCP Inspector needs, the pinned Node 22 of test/inspector-node is installed once
 * first (test/helpers/inspector-node.ts).
 */
export default function setup(): void {
  ensureInspectorNode();
  if (process.env.ASYNCTOOL_SKIP_BUILD === "1") return;
  const require = createRequire(import.meta.url);
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
}
