import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { packageRoot } from "../../src/paths.js";

const require = createRequire(import.meta.url);
const manifestPath = require.resolve("@modelcontextprotocol/inspector/package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
  version: string;
  bin: Record<string, string>;
  engines: { node: string };
};

/** The Inspector release installed as a devDependency. */
export const inspectorVersion = manifest.version;

/** The Inspector's `inspector` bin, the launcher that `npx @modelcontextprotocol/inspector` runs. */
export const inspectorLauncher = join(dirname(manifestPath), manifest.bin.inspector as string);

/**
 * The pinned Node 22 of test/inspector-node. It is a package of its own, installed apart: as a
 * devDependency of the project its `node` bin would land in node_modules/.bin and run every npm
 * script (npm test, npm start) under Node 22 instead of the machine's Node.
 */
const pinnedNodeDir = join(packageRoot, "test", "inspector-node");
const pinnedNode = join(pinnedNodeDir, "node_modules", "node", "bin", "node");

/** The oldest Node the Inspector supports, from its `engines` (">=22.19.0"). */
function oldestSupportedNode(): [number, number] {
  const match = /^>=(\d+)\.(\d+)\.\d+$/.exec(manifest.engines.node);
  if (!match) throw new Error(`unexpected engines.node in the Inspector's package: ${manifest.engines.node}`);
  return [Number(match[1]), Number(match[2])];
}

function runningNodeSupported(): boolean {
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  const [oldestMajor, oldestMinor] = oldestSupportedNode();
  return major > oldestMajor || (major === oldestMajor && minor >= oldestMinor);
}

/**
 * The Node that runs the Inspector: the one running the tests when the Inspector supports it
 * (CI's runs under Node 22 and 24), else the pinned Node 22.
 */
export function inspectorNode(): string {
  if (runningNodeSupported()) return process.execPath;
  if (!existsSync(pinnedNode)) {
    throw new Error(
      `the MCP Inspector needs Node ${manifest.engines.node} and ${pinnedNode} is missing: run \`npm ci --prefix test/inspector-node\``,
    );
  }
  return pinnedNode;
}

/**
 * Installs the pinned Node 22 once (from test/inspector-node/package-lock.json) when the tests
 * run under an older Node. Called by the global setup, so that parallel test files never install
 * it at the same time.
 */
export function ensureInspectorNode(): void {
  if (runningNodeSupported() || existsSync(pinnedNode)) return;
  process.stderr.write(`Installing Node 22 for the MCP Inspector tests into ${pinnedNodeDir} (once)\n`);
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel", "error"], {
    cwd: pinnedNodeDir,
    stdio: ["ignore", "inherit", "inherit"],
  });
}
