// The deployment check (docs/deployment.md): two `serve -t http` processes behind a real nginx,
// one shared recordings directory. Through nginx it plays the oracle through episodes on episode
// URLs (2026-07-28, routed by path hash) and through legacy sessions (2025-11-25, routed by
// request URI hash), then checks that every episode succeeded, both processes served some, each
// episode has exactly one recording holding every call its client made (a request on the wrong
// process would have opened a second one there), and `report` of the shared directory reads
// them all, as does one `asynctool dashboard` behind the same nginx; and that a foreign Host is
// refused through the proxy, POST /episodes?id= creates its episode on the process the id routes
// to (without ?id= it is refused at the balancer), an episode of a stopped process answers 502
// rather than opening on the other, and once that process is back, 409 EPISODE_ID_USED rather
// than opening afresh.
// Run after a build: `npm run deployment-check`. Exit status 1 on any failure.
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const EPISODES = 8; // on episode URLs, half routed to each process
const SESSIONS = 2; // legacy sessions
const TIMEOUT_S = 50; // CI runs it near its own limit: it must stay well under a minute
const MODERN = "2026-07-28";
const UPSTREAM_HEADER = "x-asynctool-upstream";

const dist = new URL("../dist/", import.meta.url);
const cli = new URL("cli.js", dist).pathname;
const load = (path) => import(new URL(path, dist).href);
if (!existsSync(cli)) {
  console.error("FAIL dist/cli.js is missing: run `npm run build` first (npm run deployment-check does).");
  process.exit(1);
}
const [
  { runAgent },
  { replyOf },
  { Catalogue },
  { exampleScenariosDir },
  { readRecording },
  { computeMetrics },
] = await Promise.all([
  load("agents/index.js"),
  load("client/sdk-tools.js"),
  load("scenarios/catalogue.js"),
  load("paths.js"),
  load("recorder/reader.js"),
  load("metrics/index.js"),
]);

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`FAIL ${message}`);
};
const step = (message) =>
  console.log(`-- ${((performance.now() - started) / 1000).toFixed(1)} s: ${message}`);

/** nginx: on PATH, or where Debian's package puts it (/usr/sbin is not on every user's PATH). */
function findNginx() {
  const onPath = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return onPath;
  return ["/usr/sbin/nginx", "/usr/local/sbin/nginx"].find((p) => existsSync(p));
}
const nginx = findNginx();
if (!nginx) {
  console.error(
    "FAIL nginx is not installed: the check runs a real nginx. Install it: apt-get install -y nginx",
  );
  process.exit(1);
}

const started = performance.now();
const children = [];
const stopAll = () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
};
// Bounded: whatever hangs, the run ends with status 1 within the timeout.
const hardStop = setTimeout(() => {
  console.error(`FAIL the deployment check did not finish within ${TIMEOUT_S} s`);
  stopAll();
  process.exit(1);
}, TIMEOUT_S * 1000);

/** A free port for nginx: asked of the kernel, then released (nginx cannot report a port 0). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns a child and keeps its output, for the failure message. */
function launch(name, command, args) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.output = "";
  const keep = (chunk) => {
    child.output += chunk;
  };
  child.stdout.setEncoding("utf8").on("data", keep);
  child.stderr.setEncoding("utf8").on("data", keep);
  child.label = name;
  children.push(child);
  return child;
}

/** Resolves when `pattern` shows in the child's output; rejects if it exits first. */
function awaitOutput(child, pattern) {
  return new Promise((resolve, reject) => {
    const look = () => {
      const match = pattern.exec(child.output);
      if (match) {
        child.stdout.off("data", look);
        child.stderr.off("data", look);
        child.off("exit", early);
        resolve(match);
      }
    };
    const early = (code) =>
      reject(new Error(`${child.label} exited (${code}) before it was ready:\n${child.output}`));
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.once("exit", early);
    look();
  });
}

const exited = (child) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", resolve));

/** Polls until `url` answers 200 (nginx has no "ready" line to wait for). */
async function healthy(url) {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer 200`);
}

/** nginx's config: the one docs/deployment.md shows, with this run's ports and a private prefix. */
function nginxConfig(port, backends, dashboard) {
  const list = (extra) => backends.map((b) => `server 127.0.0.1:${b}${extra};`).join(" ");
  // Run as root (CI containers), nginx would start its workers as nobody, who cannot enter the
  // private prefix (mkdtemp makes it 0700): as root, the workers stay root.
  return `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path temp/body;
  proxy_temp_path temp/proxy;
  fastcgi_temp_path temp/fastcgi;
  uwsgi_temp_path temp/uwsgi;
  scgi_temp_path temp/scgi;

  # 2026-07-28 episode URLs: an episode's id picks its process, from its path /mcp/episodes/{id}
  # or from the ?id= of POST /episodes, so that creating it and using it reach the same one.
  map $uri $episode_key {
    ~^/mcp/episodes/(?<episode_id>[^/]+)$ $episode_id;
    default $arg_id;
  }
  # max_fails=0 and no retry elsewhere: while its process is down an episode answers 502,
  # rather than being opened on another process.
  upstream asynctool_episodes { hash $episode_key consistent; ${list(" max_fails=0")} }
  # 2025-11-25 sessions (/mcp), and the rest: the whole request URI picks, so a client that puts
  # a key of its own in the query (?route=) keeps its session on one process.
  upstream asynctool_sessions { hash $request_uri consistent; ${list("")} }

  server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_buffering off;
    proxy_request_buffering off;
    proxy_read_timeout 1h;
    # Which process answered: what this check verifies routing by.
    add_header X-Asynctool-Upstream $upstream_addr always;

    location /mcp/episodes/ {
      proxy_next_upstream off;
      proxy_pass http://asynctool_episodes;
    }
    # POST /episodes?id= goes where that id's URL goes. Without ?id= the server would choose an
    # id, which may hash to another process than the one that made it: refused, saying why.
    location = /episodes {
      default_type application/json;
      if ($arg_id = "") {
        return 421 '{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Behind this load balancer, POST /episodes needs an id of yours: POST /episodes?id=<id>&scenario=&seed=&mode=&clock=, or open the episode at /mcp/episodes/<id>?scenario=&seed=&mode=&clock= (its first request opens it)."}}';
      }
      proxy_next_upstream off;
      proxy_pass http://asynctool_episodes;
    }
    # One dashboard for all the processes: it follows the shared recordings directory.
    location /dashboard { proxy_pass http://127.0.0.1:${dashboard}; }
    location / { proxy_pass http://asynctool_sessions; }
  }
}
`;
}

/** A fetch that notes the upstream of every answer (nginx's header), for the routing checks. */
function observingFetch(upstreams) {
  return async (input, init) => {
    const response = await fetch(input, init);
    upstreams.add(response.headers.get(UPSTREAM_HEADER) ?? "(no upstream header)");
    return response;
  };
}

/** An agent's tools that count the calls made, to compare with the recording. */
function counted(call) {
  const seen = { calls: 0 };
  return {
    seen,
    tools: {
      async call(name, args) {
        seen.calls += 1;
        return call(name, args);
      },
    },
  };
}

/**
 * One episode on an episode URL, played by the oracle through the v2 client. With `create`, it
 * is made first with POST /episodes?id= and played at the URL that answers: the POST's process
 * counts among those its requests went to, so it must be the one that serves it.
 */
async function playModern(base, id, scenario, seed, create) {
  const upstreams = new Set();
  const query = `scenario=${scenario.id}&seed=${seed}&mode=async&clock=step`;
  let url = new URL(`${base}/mcp/episodes/${id}?${query}`);
  if (create) {
    const created = await observingFetch(upstreams)(`${base}/episodes?id=${id}&${query}`, { method: "POST" });
    const body = await created.json();
    if (created.status !== 201 || body.id !== id)
      throw new Error(`POST /episodes?id=${id} answered ${created.status} ${JSON.stringify(body)}`);
    url = new URL(body.url);
  }
  const client = new ModernClient(
    { name: `deploy-modern-${id}`, version: "1" },
    { versionNegotiation: { mode: { pin: MODERN } } },
  );
  await client.connect(new ModernTransport(url, { fetch: observingFetch(upstreams) }));
  const agent = counted(async (name, args) =>
    replyOf(await client.callTool({ name, arguments: args }, { timeout: 30_000 })),
  );
  const summary = await runAgent("oracle", agent.tools, { scenario, seed, mode: "async", clock: "step" });
  await client.close();
  return { id, scenario, seed, summary, calls: agent.seen.calls, upstreams };
}

/** One legacy session (Mcp-Session-Id) at /mcp, with a routing key of its own in the query. */
async function playLegacy(base, index, scenario, seed) {
  const upstreams = new Set();
  const route = randomUUID();
  const url = new URL(
    `${base}/mcp?scenario=${scenario.id}&seed=${seed}&mode=async&clock=step&route=${route}`,
  );
  const client = new Client({ name: `deploy-legacy-${index}`, version: "1" });
  const transport = new StreamableHTTPClientTransport(url, { fetch: observingFetch(upstreams) });
  await client.connect(transport);
  const id = transport.sessionId;
  const agent = counted(async (name, args) =>
    replyOf(await client.callTool({ name, arguments: args }, undefined, { timeout: 30_000 })),
  );
  const summary = await runAgent("oracle", agent.tools, { scenario, seed, mode: "async", clock: "step" });
  await transport.terminateSession();
  await client.close();
  return { id, scenario, seed, summary, calls: agent.seen.calls, upstreams };
}

/** Where nginx sends an episode id: a GET of an id not opened is a 404 that opens nothing. */
async function routeOf(base, id) {
  const response = await fetch(`${base}/mcp/episodes/${id}`);
  await response.body?.cancel();
  if (response.status !== 404)
    throw new Error(`GET of unopened episode ${id} answered ${response.status}, not 404`);
  return response.headers.get(UPSTREAM_HEADER);
}

/**
 * The dashboard's session rows, from its event stream: the first `sessions` message for which
 * `enough(rows)` holds, or the last one seen when `boundMs` runs out (it reads the directory
 * every 500 ms, so the rows of files just written come a message or two later).
 */
async function dashboardRows(url, enough, boundMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), boundMs);
  let rows = [];
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const message = buffer.slice(0, end).split("\n");
        buffer = buffer.slice(end + 2);
        if (message[0] !== "event: sessions") continue;
        const data = message.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6));
        rows = JSON.parse(data.join("\n")).rows;
        if (enough(rows)) return rows;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return rows;
}

/** A request with a Host of our choosing (fetch does not let one set Host). */
function statusWithHost(port, path, host) {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET", headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once("error", reject);
    req.end();
  });
}

const root = mkdtempSync(join(tmpdir(), "asynctool-deployment-"));
const recordings = join(root, "recordings");
try {
  mkdirSync(recordings);
  mkdirSync(join(root, "temp"));

  step(`two serve processes and a dashboard, recordings shared in ${recordings}`);
  // Started first, so that it follows every recording from its first line.
  const dashboard = launch("dashboard", process.execPath, [
    cli,
    "dashboard",
    "--recordings",
    recordings,
    "--port",
    "0",
  ]);
  const dashboardReady = awaitOutput(dashboard, /http:\/\/127\.0\.0\.1:(\d+)\/dashboard/);
  dashboardReady.catch(() => {}); // awaited below; a failure before then is reported there
  const backends = await Promise.all(
    ["a", "b"].map(async (name) => {
      const child = launch(`serve ${name}`, process.execPath, [
        cli,
        "serve",
        "--transport",
        "http",
        "--port",
        "0",
        "--recordings",
        recordings,
        "--log-level",
        "warn",
      ]);
      const [, port] = await awaitOutput(child, /http:\/\/127\.0\.0\.1:(\d+)\/mcp/);
      return { child, port: Number(port) };
    }),
  );
  const ports = backends.map((b) => b.port);
  const [, dashboardPort] = await dashboardReady;
  const port = await freePort();
  writeFileSync(join(root, "nginx.conf"), nginxConfig(port, ports, dashboardPort));
  step(`nginx ${nginx} on 127.0.0.1:${port} in front of 127.0.0.1:${ports.join(" and 127.0.0.1:")}`);
  const proxy = launch("nginx", nginx, [
    "-p",
    `${root}/`,
    "-c",
    join(root, "nginx.conf"),
    "-e",
    "stderr",
    "-g",
    `daemon off; pid ${join(root, "nginx.pid")};`,
  ]);
  const base = `http://127.0.0.1:${port}`;
  await Promise.race([
    healthy(`${base}/healthz`),
    exited(proxy).then(() => Promise.reject(new Error(`nginx exited:\n${proxy.output}`))),
  ]);

  // Host validation behind the proxy: nginx forwards the client's Host, which the servers check.
  const foreignHost = await statusWithHost(port, "/mcp/episodes/any", "attacker.example");
  if (foreignHost !== 403)
    fail(`a request with Host attacker.example through nginx answered ${foreignHost}, not 403`);

  const create = await fetch(`${base}/episodes?scenario=weather-and-rates`, { method: "POST" });
  const refusal = await create.text();
  if (create.status !== 421 || !refusal.includes("POST /episodes?id="))
    fail(
      `POST /episodes without ?id= through nginx answered ${create.status} ${refusal.slice(0, 200)}, not the 421 that says what to do`,
    );

  // Ids of our own, chosen so both processes get half: nginx says where each would go.
  const byUpstream = new Map(ports.map((p) => [`127.0.0.1:${p}`, []]));
  for (let i = 0; [...byUpstream.values()].some((ids) => ids.length < EPISODES / 2); i++) {
    if (i > 200) throw new Error("200 ids all hashed to one process: is the upstream hash configured?");
    const id = `deploy-${i}`;
    const ids = byUpstream.get(await routeOf(base, id));
    if (!ids) throw new Error(`nginx routed ${id} to an unknown upstream`);
    if (ids.length < EPISODES / 2) ids.push(id);
  }
  const ids = [...byUpstream.values()].flat();

  const catalogue = await Catalogue.load([exampleScenariosDir]);
  const scenarios = catalogue.ids().map((id) => catalogue.get(id));
  step(`${EPISODES} episodes on episode URLs and ${SESSIONS} legacy sessions, the oracle, step clock`);
  const outcomes = await Promise.allSettled([
    // Every other one created with POST /episodes?id= (ids alternate between the processes' halves).
    ...ids.map((id, i) => playModern(base, id, scenarios[i % scenarios.length], 1 + i, i % 2 === 0)),
    ...Array.from({ length: SESSIONS }, (_, i) =>
      playLegacy(base, i, scenarios[(EPISODES + i) % scenarios.length], 100 + i),
    ),
  ]);
  const played = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status === "rejected") fail(`episode ${i}: ${outcome.reason?.stack ?? outcome.reason}`);
    else played.push(outcome.value);
  }

  const served = new Map();
  for (const run of played) {
    if (!run.summary.finished) fail(`${run.id}: the oracle did not finish`);
    if (run.upstreams.size !== 1)
      fail(
        `${run.id}: its requests went to ${run.upstreams.size} processes (${[...run.upstreams].join(", ")})`,
      );
    for (const upstream of run.upstreams) served.set(upstream, (served.get(upstream) ?? 0) + 1);
  }
  console.log(`   served: ${[...served].map(([u, n]) => `${u} ${n}`).join(", ")}`);
  for (const p of ports)
    if (!served.get(`127.0.0.1:${p}`)) fail(`the process on port ${p} served no episode through nginx`);
  const inUse = await fetch(`${base}/episodes?id=${ids[0]}`, { method: "POST" });
  const inUseCode = (await inUse.json()).error?.data?.code;
  if (inUse.status !== 409 || inUseCode !== "EPISODE_ID_IN_USE")
    fail(
      `POST /episodes?id= of an open episode answered ${inUse.status} ${inUseCode}, not 409 EPISODE_ID_IN_USE`,
    );

  // A restart of a process ends its episodes: the recordings are complete once both have stopped.
  step("stopping the processes (SIGTERM), then reading the shared directory");
  // The first process stops; a request for one of its episodes must then fail (502), not open
  // that episode afresh on the other process (which would leave a second recording of it).
  const [first, second] = backends;
  first.child.kill("SIGTERM");
  await exited(first.child);
  const orphan = byUpstream.get(`127.0.0.1:${first.port}`)[0];
  const afterStop = await fetch(`${base}/mcp/episodes/${orphan}?scenario=weather-and-rates`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "server/discover", params: {} }),
  });
  await afterStop.body?.cancel();
  if (afterStop.status !== 502)
    fail(`an episode of the stopped process answered ${afterStop.status} through nginx, not 502`);
  // Back on its port, the process does not know the episode but finds its recording: refused,
  // not opened afresh under the same id.
  const restarted = launch("serve a (restarted)", process.execPath, [
    cli,
    "serve",
    "--transport",
    "http",
    "--port",
    String(first.port),
    "--recordings",
    recordings,
    "--log-level",
    "warn",
  ]);
  await awaitOutput(restarted, /http:\/\/127\.0\.0\.1:(\d+)\/mcp/);
  const reopen = await fetch(`${base}/mcp/episodes/${orphan}?scenario=weather-and-rates`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "server/discover", params: {} }),
  });
  const reopenCode = (await reopen.json()).error?.data?.code;
  if (reopen.status !== 409 || reopenCode !== "EPISODE_ID_USED")
    fail(
      `an episode of the restarted process answered ${reopen.status} ${reopenCode}, not 409 EPISODE_ID_USED`,
    );
  restarted.kill("SIGTERM");
  await exited(restarted);
  second.child.kill("SIGTERM");
  await exited(second.child);
  for (const backend of backends)
    if (backend.child.exitCode !== 0)
      fail(`${backend.child.label} exited ${backend.child.exitCode}:\n${backend.child.output}`);

  // The dashboard behind the same balancer shows every process's episodes, all tasks succeeded.
  const wanted = new Set(played.map((run) => run.id));
  const done = (rows) =>
    [...wanted].every((id) => rows.some((r) => r.id === id && r.tasks > 0 && r.succeeded === r.tasks));
  const rows = await dashboardRows(`${base}/dashboard/api/sessions`, done, 10_000);
  console.log(`   dashboard through nginx: ${rows.length} sessions`);
  if (!done(rows))
    fail(
      `the dashboard through nginx shows ${rows.filter((r) => wanted.has(r.id)).length} of the ${wanted.size} episodes with every task succeeded`,
    );
  dashboard.kill("SIGTERM");
  proxy.kill("SIGQUIT");
  await Promise.all([exited(dashboard), exited(proxy)]);

  const files = readdirSync(recordings).filter((f) => f.endsWith(".jsonl"));
  if (files.length !== outcomes.length)
    fail(`${files.length} recordings for ${outcomes.length} episodes: a request landed on the wrong process`);
  for (const run of played) {
    const mine = files.filter((f) => f.endsWith(`_${run.id}.jsonl`));
    if (mine.length !== 1) {
      fail(`${run.id}: ${mine.length} recordings, not one`);
      continue;
    }
    const recording = await readRecording(join(recordings, mine[0]));
    const requests = recording.events.filter((e) => e.type === "request").length;
    const responses = recording.events.filter((e) => e.type === "response").length;
    if (recording.header.session !== run.id)
      fail(`${run.id}: its recording names session ${recording.header.session}`);
    if (recording.end?.status !== "completed")
      fail(`${run.id}: recording ended ${recording.end?.status ?? "without an end line"}`);
    if (requests !== run.calls || responses !== run.calls)
      fail(
        `${run.id}: the client made ${run.calls} calls, its recording holds ${requests} requests and ${responses} answers`,
      );
    const metrics = computeMetrics(run.scenario, recording);
    const succeeded = metrics.tasks.filter((t) => t.success).length;
    if (!metrics.episodeSuccess || succeeded !== metrics.tasks.length)
      fail(`${run.id}: scored ${succeeded}/${metrics.tasks.length} tasks, not every one`);
  }

  const report = spawnSync(process.execPath, [cli, "report", recordings, "--json"], { encoding: "utf8" });
  if (report.status !== 0) fail(`report of the shared directory exited ${report.status}: ${report.stderr}`);
  else {
    const table = JSON.parse(report.stdout);
    const read = table.recordings ?? [];
    const won = read.filter((r) => r.episodeSuccess && r.tasksSucceeded === r.tasks).length;
    console.log(`   report ${recordings}: ${read.length} recordings, ${won} with every task succeeded`);
    if (read.length !== outcomes.length || won !== outcomes.length)
      fail(
        `report read ${read.length} recordings (${won} with every task succeeded), not ${outcomes.length}`,
      );
  }
} catch (error) {
  fail(error?.stack ?? String(error));
  for (const child of children)
    if (child.output) console.error(`--- ${child.label}:\n${child.output.slice(-2000)}`);
} finally {
  stopAll();
  clearTimeout(hardStop);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.error(`deployment check: ${failures.length} failure(s) in ${seconds} s (kept ${root})`);
  process.exit(1);
}
rmSync(root, { recursive: true, force: true });
console.log(`deployment check: ok in ${seconds} s`);
