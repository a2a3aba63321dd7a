// Runs the MCP conformance suite's server scenarios that apply to any server against our HTTP
// server. The others need the suite's own test tools (test_image_content, test_sampling...),
// which an episode server does not have. Run after a build: `npm run conformance`.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const SCENARIOS = [
  "server-initialize",
  "ping",
  "tools-list",
  "logging-set-level",
  "dns-rebinding-protection",
  "server-sse-multiple-streams",
];

const require = createRequire(import.meta.url);
const conformance = require.resolve("@modelcontextprotocol/conformance/dist/index.js");
const cli = new URL("../dist/cli.js", import.meta.url).pathname;

const server = spawn(
  process.execPath,
  [cli, "serve", "-t", "http", "-p", "0", "--no-recordings", "--log-level", "warn"],
  {
    stdio: ["ignore", "ignore", "pipe"],
  },
);
let banner = "";
const url = await new Promise((resolve, reject) => {
  server.stderr.on("data", (chunk) => {
    banner += chunk;
    const match = /at (http:\/\/\S+\/mcp)/.exec(banner);
    if (match) resolve(match[1]);
  });
  server.once("exit", (code) =>
    reject(new Error(`the server exited (${code}) before listening:\n${banner}`)),
  );
});

const failed = [];
for (const scenario of SCENARIOS) {
  const run = spawnSync(process.execPath, [conformance, "server", "--url", url, "--scenario", scenario], {
    encoding: "utf8",
    timeout: 120_000,
  });
  const passed = run.status === 0 && /Passed: (\d+)\/\1, 0 failed/.test(run.stdout);
  console.log(`${passed ? "pass" : "FAIL"}  ${scenario}`);
  if (!passed) {
    failed.push(scenario);
    console.log(run.stdout, run.stderr);
  }
}
server.kill("SIGTERM");
console.log(`\n${SCENARIOS.length - failed.length} of ${SCENARIOS.length} conformance scenarios passed.`);
process.exitCode = failed.length === 0 ? 0 : 1;
