// Runs the MCP conformance suite (@modelcontextprotocol/conformance, the 0.2 line) against our
// HTTP server: every server scenario the suite lists is either run (and must pass) or skipped
// with its reason, from the two tables below; a scenario in neither fails the run, so a new suite
// release cannot add scenarios unseen. Run after a build: `npm run conformance`.
//
// Scenarios run at the 2025-11-25 era against a session at /mcp in each delivery mode (the
// scenario's own, and ?mode=tasks), and at the 2026-07-28 era against an episode URL of their
// own (/mcp/episodes/{id}, opened on first use). The Tasks extension's scenarios (SEP-2663; the
// suite lists them as [extension], so they run with --force at 2026-07-28) run against episode
// URLs in --mode tasks of a second server, which serves scripts/conformance-tasks.yaml: the
// suite's fixture tools as an episode's delayed tools. docs/testing.md, "Conformance", has the
// tables and why.
//
// The suite needs Node >= 22 (it imports fs.globSync); the server runs under the Node running
// this script. Under an older Node the suite runs under the pinned Node 22 of test/inspector-node,
// installed here (npm ci) when missing. ASYNCTOOL_CONFORMANCE_NODE names another Node to use, and
// ASYNCTOOL_CONFORMANCE_DIR another installed copy of the suite (to try a release).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ERA = "2025-11-25";
const NEXT_ERA = "2026-07-28";
const SUITE_NODE_MAJOR = 22;

/** Scenarios run (each in both delivery modes, at 2025-11-25): every one must pass. */
const RUN = {
  "server-initialize": "initialize: result structure, visible-ASCII session id",
  "server-session-lifecycle":
    "sessions: initialized on the issued Mcp-Session-Id, ended by DELETE, 404 after",
  ping: "ping",
  "logging-set-level": "logging/setLevel",
  "tools-list": "tools/list: names, descriptions, input schemas",
  "resources-list": "resources/list (the brief; the jobs once the episode has started)",
  "prompts-list": "prompts/list (the brief prompt)",
  "dns-rebinding-protection": "Host and Origin checks on the HTTP endpoint",
  "server-sse-multiple-streams": "concurrent POST requests (SSE streams) on one session",
};

/** Scenarios run at 2026-07-28, each against an episode URL of its own: every one must pass. */
const MODERN_RUN = {
  "server-stateless": "the stateless wire: _meta envelope, server/discover, version and header errors",
  "tools-list": "tools/list: names, descriptions, input schemas",
  "resources-list": "resources/list (the brief; the jobs once the episode has started)",
  "prompts-list": "prompts/list (the brief prompt)",
  caching: "ttlMs and cacheScope on the cacheable results",
  "http-header-validation": "the Mcp-Method header against the body (pending in the suite)",
  "sep-2164-resource-not-found": "resources/read of an unknown URI: resource-not-found",
  "dns-rebinding-protection": "Host and Origin checks on the episode URL",
  "server-sse-multiple-streams": "concurrent POST requests (SSE streams) on one episode",
};

/**
 * The Tasks extension's scenarios, run at 2026-07-28 (with --force: they are on no spec's
 * timeline) against an episode URL of their own in --mode tasks, on the fixture scenario.
 */
const EXTENSION_RUN = {
  "tasks-lifecycle":
    "a tools/call answered with a task; tasks/get working, completed with the result, completed with a tool error, failed (an abandoned job); tasks/cancel acks",
  "tasks-capability-negotiation":
    "the extension in server/discover; tasks/* refused with -32021 and tools/call answered with a job handle without it; per-request opt-in",
  "tasks-wire-fields":
    "ttlMs and pollIntervalMs, no v1 ttl/pollInterval, no related-task _meta on the inlined result",
  "tasks-request-state-removal": "no requestState on CreateTaskResult or tasks/get",
  "tasks-request-headers": "Mcp-Method and Mcp-Name (the taskId) validated on tools/call and tasks/get",
  "tasks-dispatch-and-envelope":
    "tasks/result and tasks/list method-not-found; server-directed creation; the legacy task param ignored; resultType complete on tasks/get, tasks/update and tasks/cancel; unknown taskId -32602",
};

/** The fixture scenario the extension's scenarios run on (its header says what each tool is). */
const TASKS_FIXTURE = "scripts/conformance-tasks.yaml";

/**
 * Checks of a run scenario that fail here for a reason outside this server's behaviour: each
 * named check may fail (and only it), the rest of the scenario must pass.
 */
const KNOWN_FAILED_CHECKS = {
  "server-stateless": {
    ServerRejectsUndeclaredCapability:
      "calls the suite's diagnostic tool test_missing_capability; ours answers TOOL_NOT_FOUND as a tool result, which the check reads as executed",
    MissingCapabilityHttp400: "the same diagnostic tool, not listed by an episode, so not testable",
  },
  "tasks-request-headers": {
    TasksHeadersTolerateMcpMethodOnToolsCall:
      "wants the exact text 'Hello, sep-2243!' of the suite's greet; an episode's tool answers with its job handle, the greeting inside",
  },
};

const testTool = (name) => `needs the suite's test tool ${name}; an episode serves only its scenario's tools`;
const vacuous = (name) =>
  `needs the suite's test tool ${name}; it would pass vacuously, on our TOOL_NOT_FOUND error result`;
const testResource = (uri) =>
  `needs the suite's test resource ${uri}; an episode serves only its own resources`;
const testPrompt = (name) => `needs the suite's test prompt ${name}; this server has one prompt, the brief`;
const INPUT_REQUIRED = `${NEXT_ERA} input-required results (MRTR): calls the suite's test tools that ask the client for input; no tool of an episode asks for any`;
const NO_INPUT =
  "its fixtures ask the client for input (input_required, tasks/update with inputResponses, MRTR); no tool of an episode asks for any";

/** Scenarios skipped, each with its reason. */
const SKIP = {
  "tools-call-simple-text": vacuous("test_simple_text"),
  "tools-call-error": vacuous("test_error_handling"),
  "tools-call-image": testTool("test_image_content"),
  "tools-call-audio": testTool("test_audio_content"),
  "tools-call-embedded-resource": testTool("test_embedded_resource"),
  "tools-call-mixed-content": testTool("test_multiple_content_types"),
  "tools-call-with-logging": testTool("test_tool_with_logging"),
  "tools-call-with-progress": testTool("test_tool_with_progress"),
  "tools-call-sampling": testTool("test_sampling"),
  "tools-call-elicitation": testTool("test_elicitation"),
  "elicitation-sep1034-defaults": testTool("test_elicitation_sep1034_defaults"),
  "elicitation-sep1330-enums": testTool("test_elicitation_sep1330_enums"),
  "json-schema-2020-12": `${testTool("json_schema_2020_12_tool")} (pending in the suite)`,
  "server-sse-polling": `${testTool("test_reconnection")} (pending in the suite)`,
  "completion-complete":
    "needs the suite's test prompt test_prompt_with_arguments and completion/complete; this server offers neither (its one prompt is the brief)",
  "resources-read-text": testResource("test://static-text"),
  "resources-read-binary": testResource("test://static-binary"),
  "resources-templates-read": testResource("test://template/123/data"),
  "resources-subscribe": `resources/subscribe is optional and not offered (no resources.subscribe capability); ${testResource("test://watched-resource")}`,
  "resources-unsubscribe":
    "resources/unsubscribe is optional and not offered (no resources.subscribe capability)",
  "prompts-get-simple": testPrompt("test_simple_prompt"),
  "prompts-get-with-args": testPrompt("test_prompt_with_arguments"),
  "prompts-get-embedded-resource": testPrompt("test_prompt_with_embedded_resource"),
  "prompts-get-with-image": testPrompt("test_prompt_with_image"),
  "http-custom-header-server-validation":
    "needs a tool with x-mcp-header annotations (SEP-2243); an episode's tools have none (pending in the suite)",
  "input-required-result-basic-elicitation": INPUT_REQUIRED,
  "input-required-result-basic-sampling": INPUT_REQUIRED,
  "input-required-result-basic-list-roots": INPUT_REQUIRED,
  "input-required-result-request-state": INPUT_REQUIRED,
  "input-required-result-multiple-input-requests": INPUT_REQUIRED,
  "input-required-result-multi-round": INPUT_REQUIRED,
  "input-required-result-missing-input-response": INPUT_REQUIRED,
  "input-required-result-non-tool-request": INPUT_REQUIRED,
  "input-required-result-result-type": INPUT_REQUIRED,
  "input-required-result-unsupported-methods": INPUT_REQUIRED,
  "input-required-result-tampered-state": INPUT_REQUIRED,
  "input-required-result-capability-check": INPUT_REQUIRED,
  "input-required-result-ignore-extra-params": INPUT_REQUIRED,
  "input-required-result-validate-input": `${INPUT_REQUIRED} (it passes, vacuously)`,
  "tasks-mrtr-input": NO_INPUT,
  "tasks-mrtr-composition": NO_INPUT,
  "tasks-required-task-error":
    "needs a tool that requires a task (-32021 without the extension); every tool of an episode answers a client without the extension with a job handle (--mode tasks is async for it)",
  "tasks-status-notifications":
    "the suite skips it itself (its harness awaits the subscriptions/listen rewrite); this server sends notifications/tasks on a subscriptions/listen naming taskIds, on episode URLs and stdio (test/transports/task-listen.test.ts)",
  "sep-2640-skills-directory": `Skills extension (SEP-2640) on the ${NEXT_ERA} wire: this server offers no skills`,
  "sep-2640-skills-enumeration": `Skills extension (SEP-2640) on the ${NEXT_ERA} wire: this server offers no skills`,
  "sep-2640-skills-manifest": `Skills extension (SEP-2640) on the ${NEXT_ERA} wire: this server offers no skills`,
};

/** Delivery modes each run scenario is checked in (a query parameter of the session's URL). */
const MODES = [
  ["scenario's mode", ""],
  ["--mode tasks", "?mode=tasks"],
];

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const say = (line) => console.log(line);
const fail = (message) => {
  console.error(`conformance: ${message}`);
  process.exit(1);
};

// The suite, at the version package.json pins.
const require = createRequire(import.meta.url);
const suiteDir =
  process.env.ASYNCTOOL_CONFORMANCE_DIR ??
  dirname(require.resolve("@modelcontextprotocol/conformance/package.json"));
const suiteVersion = JSON.parse(readFileSync(join(suiteDir, "package.json"), "utf8")).version;
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies[
  "@modelcontextprotocol/conformance"
];
if (suiteVersion !== pinned) {
  fail(`${suiteDir} holds the suite ${suiteVersion}, package.json pins ${pinned}: run \`npm ci\``);
}
const suite = join(suiteDir, "dist", "index.js");

/** The major version of a Node binary, or undefined when it does not run. */
function nodeMajor(node) {
  const run = spawnSync(node, ["--version"], { encoding: "utf8" });
  const match = /^v(\d+)\./.exec(run.stdout ?? "");
  return match ? Number(match[1]) : undefined;
}

/** A Node >= 22 for the suite: this one, ASYNCTOOL_CONFORMANCE_NODE, or test/inspector-node's. */
function suiteNode() {
  const chosen = process.env.ASYNCTOOL_CONFORMANCE_NODE;
  if (chosen) {
    const major = nodeMajor(chosen);
    if (major === undefined || major < SUITE_NODE_MAJOR) {
      fail(`ASYNCTOOL_CONFORMANCE_NODE=${chosen} is not a Node >= ${SUITE_NODE_MAJOR} (the suite needs it)`);
    }
    return chosen;
  }
  if (Number(process.versions.node.split(".")[0]) >= SUITE_NODE_MAJOR) return process.execPath;
  const dir = join(root, "test", "inspector-node");
  const node = join(dir, "node_modules", "node", "bin", "node");
  if (!existsSync(node)) {
    say(`The suite needs Node >= ${SUITE_NODE_MAJOR}; this is ${process.version}. Installing the pinned`);
    say(`Node 22 of test/inspector-node (npm ci in ${dir}, once)...`);
    const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel", "error"], {
      cwd: dir,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (install.status !== 0 || !existsSync(node)) {
      fail(
        `no Node >= ${SUITE_NODE_MAJOR} for the suite: \`npm ci --prefix test/inspector-node\` failed; ` +
          `run this script under Node ${SUITE_NODE_MAJOR}+ or set ASYNCTOOL_CONFORMANCE_NODE to one`,
      );
    }
  }
  const major = nodeMajor(node);
  if (major === undefined || major < SUITE_NODE_MAJOR) {
    fail(
      `${node} is not a working Node >= ${SUITE_NODE_MAJOR}: reinstall it with \`npm ci --prefix test/inspector-node\``,
    );
  }
  return node;
}

const node = suiteNode();
say(
  `Conformance suite ${suiteVersion} under Node ${spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim()} (${node});`,
);
say(`server under Node ${process.version} (${process.execPath}).`);

// Every server scenario the suite lists, with the eras it belongs to.
const listing = spawnSync(node, [suite, "list", "--server"], { encoding: "utf8" });
if (listing.status !== 0) fail(`\`conformance list --server\` failed:\n${listing.stdout}${listing.stderr}`);
const listed = new Map(
  [...listing.stdout.matchAll(/^ {2}- (\S+) \[([^\]]*)\]$/gm)].map(([, name, eras]) => [
    name,
    eras.split(","),
  ]),
);
if (listed.size === 0) fail(`\`conformance list --server\` listed no scenarios:\n${listing.stdout}`);
const tables = [RUN, MODERN_RUN, EXTENSION_RUN, SKIP];
const unclassified = [...listed.keys()].filter((name) => !tables.some((table) => name in table));
const stale = tables.flatMap((table) => Object.keys(table)).filter((name) => !listed.has(name));
const notInEra = [
  ...Object.keys(RUN).filter((name) => listed.has(name) && !listed.get(name).includes(ERA)),
  ...Object.keys(MODERN_RUN).filter((name) => listed.has(name) && !listed.get(name).includes(NEXT_ERA)),
  ...Object.keys(EXTENSION_RUN).filter((name) => listed.has(name) && !listed.get(name).includes("extension")),
];
if (unclassified.length > 0 || stale.length > 0 || notInEra.length > 0) {
  fail(
    "the tables of scripts/conformance.mjs do not match the suite's scenarios:" +
      (unclassified.length
        ? `\n  listed by the suite, in neither RUN nor SKIP: ${unclassified.join(", ")}`
        : "") +
      (stale.length ? `\n  in RUN or SKIP, not listed by the suite: ${stale.join(", ")}` : "") +
      (notInEra.length ? `\n  run at an era they are not of: ${notInEra.join(", ")}` : ""),
  );
}

const cli = join(root, "dist", "cli.js");
/** Starts `serve -t http` on a free port with `extra` flags: the process and its /mcp URL. */
async function startServer(extra = []) {
  const child = spawn(
    process.execPath,
    [cli, "serve", "-t", "http", "-p", "0", "--no-recordings", "--log-level", "warn", ...extra],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let banner = "";
  const listening = await new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      banner += chunk;
      const match = /at (http:\/\/\S+\/mcp)/.exec(banner);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${banner}`)),
    );
  });
  return { child, url: listening };
}
const { child: server, url } = await startServer();

const failed = [];
let runs = 0;
/** Runs one scenario; it passes when every check passes but those KNOWN_FAILED_CHECKS names. */
function runScenario(scenario, target, era, label, force = false) {
  const run = spawnSync(
    node,
    [
      suite,
      "server",
      "--url",
      target,
      "--scenario",
      scenario,
      "--spec-version",
      era,
      ...(force ? ["--force"] : []),
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  const counts = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(run.stdout);
  const failedSection = run.stdout.split("=== Failed Checks ===")[1] ?? "";
  const failedChecks = [...failedSection.matchAll(/^ {2}- (\w+):/gm)].map((m) => m[1]);
  const known = KNOWN_FAILED_CHECKS[scenario] ?? {};
  const unexpected = failedChecks.filter((name) => !(name in known));
  const passed =
    counts !== null &&
    Number(counts[1]) > 0 &&
    Number(counts[3]) === failedChecks.length &&
    unexpected.length === 0;
  runs += 1;
  const excused = failedChecks.length > 0 ? ` (known: ${failedChecks.join(", ")})` : "";
  say(
    `  ${passed ? "pass" : "FAIL"}  ${scenario} (${label})${counts ? `: ${counts[1]}/${counts[2]} checks${excused}` : ""}`,
  );
  if (!passed) {
    failed.push(`${scenario} (${label})`);
    say(run.stdout + run.stderr);
  }
}

say(`\nRun at ${ERA} against ${url} (every one must pass):`);
for (const scenario of Object.keys(RUN))
  for (const [mode, query] of MODES) runScenario(scenario, url + query, ERA, mode);

const episodes = `${url}/episodes`;
say(`\nRun at ${NEXT_ERA} against episode URLs ${episodes}/{id} (every one must pass):`);
for (const scenario of Object.keys(MODERN_RUN))
  runScenario(scenario, `${episodes}/conformance-${scenario}`, NEXT_ERA, "episode URL");
server.kill("SIGTERM");

const fixture = await startServer(["-s", join(root, TASKS_FIXTURE)]);
const fixtureEpisodes = `${fixture.url}/episodes`;
say(
  `\nRun the Tasks extension at ${NEXT_ERA} (--force) against episode URLs ${fixtureEpisodes}/{id}?mode=tasks of ${TASKS_FIXTURE} (every one must pass):`,
);
for (const scenario of Object.keys(EXTENSION_RUN))
  runScenario(
    scenario,
    `${fixtureEpisodes}/conformance-${scenario}?mode=tasks`,
    NEXT_ERA,
    "Tasks extension",
    true,
  );
fixture.child.kill("SIGTERM");

const skipped = Object.entries(SKIP);
say(`\nSkipped (${skipped.length} scenarios), with why:`);
for (const [scenario, reason] of skipped)
  say(`  skip  ${scenario} [${listed.get(scenario).join(",")}]: ${reason}`);
for (const [scenario, checks] of Object.entries(KNOWN_FAILED_CHECKS))
  for (const [check, reason] of Object.entries(checks))
    say(`  known failure  ${scenario} ${check}: ${reason}`);

say(
  `\n${runs - failed.length} of ${runs} runs passed (${Object.keys(RUN).length} scenarios x ${MODES.length} modes at ${ERA}, ` +
    `${Object.keys(MODERN_RUN).length} at ${NEXT_ERA}, ${Object.keys(EXTENSION_RUN).length} of the Tasks extension); ` +
    `${skipped.length} of ${listed.size} scenarios skipped.`,
);
if (failed.length > 0) say(`Failed: ${failed.join(", ")}`);
process.exitCode = failed.length === 0 ? 0 : 1;
