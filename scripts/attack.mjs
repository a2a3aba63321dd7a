// The attack run: what one hostile or broken local client can do to a built server
// (`node dist/cli.js serve --transport http`), measured, with the server's defaults unless a
// flag says otherwise. It prints four figures and exits 1 if any bound does not hold:
//  - kills survived / events lost: sessions call tools while the server is SIGKILLed at random
//    moments and restarted; every call a client saw answered must be in a recording afterwards;
//  - bytes one client adds to one recording in 4 s, flooding it with 900 kB arguments, unknown
//    tool names and resource reads of long URIs (bounded by the per-session budget);
//  - sessions one client can hold (initialize, then nothing), and that they are reaped;
//  - scenario loading: 10 MB of invalid JSON and deep nesting are refused quickly.
// Run after a build: `node scripts/attack.mjs` (options: --kills N, --flood-seconds S, --seed N).
// Not part of `npm test`: it takes a few minutes (20 kills by default).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: flags } = parseArgs({
  options: {
    kills: { type: "string", default: "20" },
    "flood-seconds": { type: "string", default: "4" },
    seed: { type: "string", default: "1" },
  },
});
const KILLS = Number(flags.kills);
const FLOOD_MS = Number(flags["flood-seconds"]) * 1000;
let seed = Number(flags.seed) >>> 0 || 1;
/** xorshift32: the kill moments are reproducible for a seed. */
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const { readRecording } = await import(new URL("../dist/recorder/reader.js", import.meta.url).href);
const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`FAIL ${message}`);
};
const hardStop = setTimeout(() => {
  console.error("FAIL the attack run did not finish within 15 minutes");
  process.exit(1);
}, 15 * 60_000);

/** Starts the server; resolves with its URL and process once it listens. */
function serve(args) {
  const child = spawn(
    process.execPath,
    [cli, "serve", "-t", "http", "-p", "0", "--log-level", "warn", ...args],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = /at (http:\/\/\S+\/mcp)/.exec(stderr);
      if (match) resolve({ url: match[1], child, stderr: () => stderr });
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr.slice(-500)}`)));
  });
}

const stop = (child, signal = "SIGTERM") =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });

const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

/** One JSON-RPC exchange; the answer may come as JSON or as one SSE event. */
async function rpc(url, session, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...HEADERS, ...(session ? { "mcp-session-id": session } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const data = text.startsWith("{") ? text : /^data: (.*)$/m.exec(text)?.[1];
  return {
    status: response.status,
    session: response.headers.get("mcp-session-id"),
    body: data ? JSON.parse(data) : null,
  };
}

/** initialize + initialized: a session id, or the refusal. */
async function open(url, name = "attack") {
  const init = await rpc(url, null, {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name, version: "1" } },
  });
  if (init.status !== 200) return { refused: init };
  await rpc(url, init.session, { jsonrpc: "2.0", method: "notifications/initialized" });
  return { session: init.session };
}

let nextId = 1;
const callTool = (url, session, name, args) =>
  rpc(url, session, {
    jsonrpc: "2.0",
    id: nextId++,
    method: "tools/call",
    params: { name, arguments: args },
  });

// 1. SIGKILL: 4 sessions call tools; the server is killed at a random moment, then restarted.
async function kills() {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-attack-kill-"));
  let acknowledged = 0;
  let lost = 0;
  for (let round = 0; round < KILLS; round++) {
    const roundDir = join(dir, `round-${round}`);
    const server = await serve(["--recordings", roundDir]);
    const acked = new Map(); // session → count of answered tool calls
    let killed = false;
    const worker = async () => {
      const { session } = await open(server.url).catch(() => ({}));
      if (!session) return;
      acked.set(session, 0);
      const calls = [
        ["search_flights", { from: "SFO", to: "JFK", date: "2026-12-03" }],
        ["list_tasks", {}],
        ["list_jobs", {}],
      ];
      for (let i = 0; !killed; i++) {
        const [name, args] = calls[i % calls.length];
        try {
          const answer = await callTool(server.url, session, name, args);
          if (answer.status === 200 && answer.body?.result) acked.set(session, acked.get(session) + 1);
        } catch {
          return; // the server died under this call: it was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    // Killed at a random moment once calls are flowing.
    const sum = () => [...acked.values()].reduce((a, b) => a + b, 0);
    for (let waited = 0; sum() === 0 && waited < 20_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, random() * 1500));
    killed = true;
    await stop(server.child, "SIGKILL");
    await Promise.allSettled(workers);
    // Every answered call must be in its session's recording (a request and a response).
    const files = readdirSync(roundDir).filter((f) => f.endsWith(".jsonl"));
    const bySession = new Map();
    for (const file of files) {
      const recording = await readRecording(join(roundDir, file));
      bySession.set(recording.header.session, recording.events.filter((e) => e.type === "response").length);
    }
    for (const [session, count] of acked) {
      acknowledged += count;
      const recorded = bySession.get(session) ?? 0;
      if (recorded < count) lost += count - recorded;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  if (lost > 0) fail(`${lost} acknowledged calls are missing from the recordings`);
  return { kills: KILLS, acknowledged, lost };
}

// 2. Flooding one recording for 4 s by every route a client fills.
async function flood(budget = 16 * 1024 * 1024) {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-attack-flood-"));
  const server = await serve(["--recordings", dir, "--max-recording-bytes", String(budget)]);
  const { session } = await open(server.url);
  const big = "x".repeat(900_000);
  // Just under the argument cap: recorded in full, twice (request and job), the most per call.
  const underCap = "y".repeat(16_384 - 12);
  const deadline = Date.now() + FLOOD_MS;
  const routes = [
    () => callTool(server.url, session, "search_hotels", { city: underCap }),
    () => callTool(server.url, session, "search_hotels", { city: big }),
    () => callTool(server.url, session, `no_such_tool_${big}`, {}),
    () =>
      rpc(server.url, session, {
        jsonrpc: "2.0",
        id: nextId++,
        method: "resources/read",
        params: { uri: `asynctool://jobs/${big.slice(0, 800_000)}` },
      }),
  ];
  let requests = 0;
  await Promise.all(
    Array.from({ length: 8 }, async (_, lane) => {
      while (Date.now() < deadline) {
        await routes[lane % routes.length]().catch(() => {});
        requests += 1;
      }
    }),
  );
  const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
  const bytes = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  await stop(server.child);
  const recording = files[0] ? await readRecording(join(dir, files[0])) : null;
  rmSync(dir, { recursive: true, force: true });
  if (bytes > budget + 4096)
    fail(`one client added ${bytes} bytes to one recording, past the ${budget}-byte budget`);
  return { seconds: FLOOD_MS / 1000, budget, requests, bytes, end: recording?.end?.status ?? "(open)" };
}

// 3. Sessions one client can hold (initialize, then nothing), and that unused ones are reaped.
async function fill(url) {
  let held = 0;
  for (let i = 0; i < 2000; i++) {
    const opened = await open(url);
    if (!opened.session) return { held, refusal: opened.refused };
    held += 1;
  }
  return { held, refusal: null };
}
async function slots() {
  const server = await serve(["--no-recordings"]);
  const { held, refusal } = await fill(server.url);
  await stop(server.child);
  // With a 2 s unused limit (60 s by default): once it and a sweep (1 s at least) have passed,
  // every slot is free again.
  const short = await serve(["--no-recordings", "--unused-session-ms", "2000"]);
  await fill(short.url);
  await new Promise((resolve) => setTimeout(resolve, 4_500));
  const after = await open(short.url);
  await stop(short.child);
  if (held > 100) fail(`one client held ${held} sessions`);
  if (!after.session) fail("the unused sessions were not reaped: a new session was refused");
  return { held, refusal: refusal?.body?.error?.message ?? null, reaped: Boolean(after.session) };
}

// 4. Scenario files from someone else.
async function loading() {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-attack-load-"));
  const cases = {
    "a valid scenario (baseline: the CLI's start-up)": ["ok.json", JSON.stringify({ id: 1 })],
    "10 MB of invalid JSON": ["big.json", `{"id": ${"[1,".repeat(3_500_000)}`],
    "100k-deep nesting": ["deep.json", `{"id": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`],
  };
  const out = {};
  for (const [label, [name, text]] of Object.entries(cases)) {
    const path = join(dir, name);
    writeFileSync(path, text);
    const started = performance.now();
    const result = await new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, "validate", path, "--json"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      child.stdout.on("data", (c) => (stdout += c));
      child.once("exit", () => resolve(stdout));
    });
    const ms = Math.round(performance.now() - started);
    const code = JSON.parse(result)[0]?.error?.code;
    out[label] = `${code} in ${ms} ms`;
    if (!code) fail(`${label} was not refused`);
    if (code === "SCENARIO_INVALID") continue; // the baseline, refused by the compiler
  }
  rmSync(dir, { recursive: true, force: true });
  return out;
}

const results = {
  sigkill: await kills(),
  flood: await flood(),
  // The same flood against a 256 KiB budget: the budget, not the time, stops it.
  floodSmallBudget: await flood(256 * 1024),
  sessions: await slots(),
  loading: await loading(),
};
clearTimeout(hardStop);
console.log(JSON.stringify(results, null, 2));
console.log(
  [
    `kills survived: ${results.sigkill.kills}, acknowledged calls ${results.sigkill.acknowledged}, events lost ${results.sigkill.lost}`,
    ...[results.flood, results.floodSmallBudget].map(
      (f) =>
        `one client, one recording, ${f.seconds} s, budget ${f.budget} bytes: ${f.bytes} bytes from ${f.requests} requests; the episode ended ${f.end}`,
    ),
    `sessions one client can hold: ${results.sessions.held}; unused ones reaped: ${results.sessions.reaped ? "yes" : "no"}`,
    ...Object.entries(results.loading).map(([label, outcome]) => `${label}: ${outcome}`),
  ].join("\n"),
);
process.exit(failures.length > 0 ? 1 : 0);
