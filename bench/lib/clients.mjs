// The one SDK client every transport figure drives, against asynctool and against the bare
// echo server alike: `new Client()` over the SDK's in-memory, stdio and Streamable HTTP
// transports, tools listed once (so the client validates results as agents' clients do).
import { fork } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createBareServer } from "./bare.mjs";
import { load } from "./dist.mjs";

const { createEpisodeServer } = await load("mcp/server.js");
const { serverInfo } = await load("paths.js");

const IDENTITY = { name: "asynctool-bench", version: "1.0.0" };
const serverChild = new URL("./server-child.mjs", import.meta.url);

async function ready(client, transport, extra = {}, list = true) {
  await client.connect(transport);
  // Listing compiles every output schema in the client (Ajv): what an agent's client does once,
  // but for a thousand sessions opened only to hold them it is most of the time spent.
  if (list) await client.listTools();
  return {
    client,
    call: (name, args) => client.callTool({ name, arguments: args }),
    async close() {
      if (transport.terminateSession) await transport.terminateSession().catch(() => {});
      await client.close();
    },
    ...extra,
  };
}

/** The bare echo server in memory; `durable` ({ dir, lineBytes }): the durability floor of bare.mjs. */
export async function bareInMemory(durable) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createBareServer(durable).connect(serverSide);
  return ready(new Client(IDENTITY), clientSide);
}

let sessions = 0;
/** asynctool over the in-memory transport; `recordingsDir` null keeps the recording in memory. */
export async function productInMemory(scenario, { recordingsDir = null, mode, clock } = {}) {
  const server = createEpisodeServer({
    scenario,
    seed: 1,
    ...(mode ? { mode } : {}),
    ...(clock ? { clock } : {}),
    recordingsDir,
    server: serverInfo,
    sessionId: `bench-${process.pid}-${++sessions}`,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.mcp.connect(serverSide);
  const connection = await ready(new Client(IDENTITY), clientSide, { server });
  const close = connection.close;
  connection.close = async () => {
    await close();
    await server.close("disconnected", "the bench closed the connection");
  };
  return connection;
}

export async function overStdio(command, args) {
  return ready(new Client(IDENTITY), new StdioClientTransport({ command, args, stderr: "inherit" }));
}

export async function overHttp(url, { list = true } = {}) {
  return ready(new Client(IDENTITY), new StreamableHTTPClientTransport(new URL(url)), {}, list);
}

/**
 * Starts a server child (see server-child.mjs) and returns its URL and a handle that asks it
 * for its memory and CPU time, and stops it.
 */
export async function startServerChild(kind, options = {}, execArgv = []) {
  const child = fork(serverChild, [kind, JSON.stringify(options)], {
    execArgv: ["--expose-gc", ...execArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = (message, key) =>
    new Promise((resolve, reject) => {
      const onMessage = (reply) => {
        if (!(key in reply)) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(reply);
      };
      const onExit = (code) => reject(new Error(`server child ${kind} exited (${code})`));
      child.on("message", onMessage);
      child.once("exit", onExit);
      if (message) child.send(message);
    });
  const { url } = await ask(null, "url");
  return {
    url,
    child,
    /** Heap and RSS after forced GC, or as they are with `now` (no GC pause). */
    memory: (now = false) => ask({ cmd: "memory", now }, "memory"),
    cpu: async () => (await ask({ cmd: "cpu" }, "cpu")).cpu,
    /** Plain timers' lateness (ms) in the server's process (server-child.mjs). */
    probe: async (options) => (await ask({ cmd: "probe", ...options }, "probe")).probe,
    ask,
    async close() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ cmd: "close" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
