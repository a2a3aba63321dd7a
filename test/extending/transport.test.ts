import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import type { EpisodeConnection } from "../../src/agents/episode-connection.js";
import { runAgent } from "../../src/agents/index.js";
import type { ClientIdentity } from "../../src/client/connect.js";
import {
  EPISODE_OPENERS,
  type EpisodeOpener,
  openEpisode,
  TRANSPORTS,
} from "../../src/client/open-episode.js";
import { agentTools } from "../../src/client/sdk-tools.js";
import type { SessionOptions } from "../../src/mcp/episode-session.js";
import { createEpisodeServer, type EpisodeServer } from "../../src/mcp/server.js";
import { computeMetrics } from "../../src/metrics/index.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * docs/extending.md, "A transport", followed on a toy: a wire that carries every message as a
 * line of JSON text, so nothing crosses it but what survives serialisation. Step 1 serves an
 * episode on the server's end, step 2 turns the client's end into an EpisodeConnection with the
 * SDK tool adapter, step 3 registers the opener (here on a copy of EPISODE_OPENERS, so `run`
 * is untouched); a reference agent then plays a whole episode over it, recorded and scored.
 */

/** The toy wire: two linked ends that pass each message as a JSON line, never as an object. */
function toyWire(): [Transport, Transport] {
  const [a, b] = InMemoryTransport.createLinkedPair();
  const asText = (end: InMemoryTransport): Transport => {
    const wrapped: Transport = {
      start: () => end.start(),
      close: () => end.close(),
      send: (message: JSONRPCMessage) =>
        end.send(JSON.parse(`${JSON.stringify(message)}\n`) as JSONRPCMessage),
    };
    end.onmessage = (message) => wrapped.onmessage?.(JSON.parse(JSON.stringify(message)) as JSONRPCMessage);
    end.onclose = () => wrapped.onclose?.();
    end.onerror = (error) => wrapped.onerror?.(error);
    return wrapped;
  };
  return [asText(a), asText(b)];
}

/** Step 1, src/transports/<name>.ts: an episode server on the server's end of the wire. */
async function serveToy(options: SessionOptions, end: Transport): Promise<EpisodeServer> {
  const server = createEpisodeServer(options);
  await server.mcp.connect(end);
  return server;
}

/** Step 2, src/client/connect.ts: the client's end as an EpisodeConnection. */
async function connectToy(end: Transport, identity: ClientIdentity): Promise<EpisodeConnection> {
  const client = new Client(identity);
  await client.connect(end);
  return {
    tools: agentTools(client),
    instructions: client.getInstructions() ?? "",
    listTools: async () => (await client.listTools()).tools,
    sessionId: undefined,
    recordingPath: null,
    note: null,
    close: () => client.close(),
  };
}

/** Step 3, src/client/open-episode.ts: the opener, an entry of EPISODE_OPENERS. */
const openToy: EpisodeOpener = async (options, identity) => {
  const [serverEnd, clientEnd] = toyWire();
  const server = await serveToy(options, serverEnd);
  const connection = await connectToy(clientEnd, identity);
  return {
    ...connection,
    server,
    close: async (status, reason) => {
      await connection.close();
      await server.close(status ?? "disconnected", reason ?? "the client closed the connection");
    },
  };
};

const openers = { ...EPISODE_OPENERS, toy: openToy };

const sessionOptions = (sessionId: string): SessionOptions => ({
  scenario: declaredScenario(),
  seed: 1,
  mode: "async",
  clock: "step",
  recordingsDir: null,
  server: { name: "asynctool-mcp", version: "test" },
  sessionId,
});

describe("the transport recipe, on a toy", () => {
  it("offers `run` exactly the transports registered in EPISODE_OPENERS", () => {
    expect(TRANSPORTS).toEqual(Object.keys(EPISODE_OPENERS));
    expect(Object.keys(openers)).toEqual([...TRANSPORTS, "toy"]);
  });

  it("runs a whole episode over the toy wire, recorded and scored", async () => {
    const options = sessionOptions("toy-transport");
    const connection = await openers.toy(options, { name: "toy-client", version: "1" });
    expect(connection.instructions).not.toBe("");
    expect((await connection.listTools()).map((t) => t.name)).toContain("fetch");
    const summary = await runAgent("oracle", connection.tools, {
      scenario: options.scenario,
      seed: 1,
      mode: "async",
      clock: "step",
    });
    await connection.close();
    expect(summary.finished).toBe(true);
    const server = connection.server;
    if (!server) throw new Error("the toy opener serves in this process");
    const recording = (server.session.sink as MemoryRecordingWriter).recording();
    expect(recording.header.client).toMatchObject({ name: "toy-client" });
    const metrics = computeMetrics(options.scenario, recording);
    expect(metrics.tasks.map((t) => t.success)).toEqual(options.scenario.tasks.map(() => true));
    expect(metrics.episodeSuccess).toBe(true);
  });

  it("scores the same over the toy wire as in memory (the wire adds nothing, loses nothing)", async () => {
    const play = async (open: EpisodeOpener, id: string) => {
      const options = sessionOptions(id);
      const connection = await open(options, { name: "toy-client", version: "1" });
      await runAgent("sequential", connection.tools, {
        scenario: options.scenario,
        seed: 1,
        mode: "async",
        clock: "step",
      });
      await connection.close();
      const server = connection.server;
      if (!server) throw new Error("both openers serve in this process");
      const recording = (server.session.sink as MemoryRecordingWriter).recording();
      const { tasks, makespan, episodeSuccess } = computeMetrics(options.scenario, recording);
      return { tasks: tasks.map((t) => t.success), makespan, episodeSuccess };
    };
    const overToy = await play(openToy, "toy-a");
    const inMemory = await play((options, identity) => openEpisode("memory", options, identity), "toy-b");
    expect(overToy).toEqual(inMemory);
  });
});
