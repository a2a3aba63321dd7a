import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { type CallToolResult, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { followingEpisode } from "../../src/mcp/episode-series.js";
import type { SessionOptions } from "../../src/mcp/episode-session.js";
import { createEpisodeServer } from "../../src/mcp/server.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { textOf } from "../helpers/in-memory.js";

const examples = await Catalogue.load([exampleScenariosDir]);
const [first, second, third] = examples.ids() as [string, string, string];

describe("the episode after another", () => {
  it("is the same scenario with the next seed when no suite is served", () => {
    const next = followingEpisode({ scenario: examples.get(second), seed: 7 }, undefined);
    expect(next.scenario.id).toBe(second);
    expect(next.seed).toBe(8);
  });

  it("is the suite's next scenario with the same seed, and the first again with the next seed after the last", () => {
    expect(followingEpisode({ scenario: examples.get(first), seed: 7 }, examples)).toMatchObject({
      scenario: { id: second },
      seed: 7,
    });
    expect(followingEpisode({ scenario: examples.get(third), seed: 7 }, examples)).toMatchObject({
      scenario: { id: first },
      seed: 8,
    });
  });
});

describe("a connection serving episode after episode", () => {
  async function series(suite: Catalogue | undefined) {
    let ids = 0;
    const options: SessionOptions = {
      scenario: examples.get(first),
      seed: 1,
      clock: "step",
      recordingsDir: null,
      server: { name: "asynctool-mcp", version: "test" },
      sessionId: `episode-${++ids}`,
    };
    const server = createEpisodeServer(options, undefined, (previous) => ({
      ...followingEpisode(previous, suite),
      sessionId: `episode-${++ids}`,
    }));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.mcp.connect(serverSide);
    const client = new Client({ name: "series-client", version: "1" });
    let listChanged = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      listChanged += 1;
    });
    await client.connect(clientSide);
    const call = async (name: string, args: Record<string, unknown> = {}) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult;
    return { server, client, call, listChanged: () => listChanged };
  }

  it("tells the client at initialize, and in the answer that ends an episode, that the next call starts a new one", async () => {
    const { client, call, server } = await series(undefined);
    expect(client.getInstructions()).toContain("your next tool call starts a new one");
    const firstSession = server.session;
    const finished = await call("finish", {});
    expect(finished.isError).toBeFalsy();
    expect(textOf(finished)).toContain("Your next tool call starts a new episode");
    // The next call is the next episode's: same scenario, next seed, its own session and recording.
    const tasks = await call("list_tasks", {});
    expect(tasks.isError).toBeFalsy();
    expect(server.session).not.toBe(firstSession);
    expect(server.session.options.seed).toBe(2);
    expect(server.session.options.sessionId).toBe("episode-2");
    expect(server.session.sink?.header.session).toBe("episode-2");
    expect(server.session.sink?.header.client).toEqual({ name: "series-client", version: "1" });
    expect(firstSession.sink?.closed).toBe(true);
    await server.close();
  });

  it("announces a new tool list when the next scenario of the suite has other tools", async () => {
    const { client, call, server, listChanged } = await series(examples);
    expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);
    const before = (await client.listTools()).tools.map((t) => t.name);
    await call("finish", {});
    const tasks = await call("list_tasks", {});
    expect(textOf(tasks)).toContain(`(${second})`);
    const after = (await client.listTools()).tools.map((t) => t.name);
    expect(after).not.toEqual(before);
    await eventually(() => listChanged() === 1);
    await server.close();
  });

  it("answers EPISODE_OVER after the end when it serves one episode only", async () => {
    const server = createEpisodeServer({
      scenario: examples.get(first),
      seed: 1,
      recordingsDir: null,
      server: { name: "asynctool-mcp", version: "test" },
      sessionId: "only",
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.mcp.connect(serverSide);
    const client = new Client({ name: "one", version: "1" });
    await client.connect(clientSide);
    const finished = (await client.callTool({ name: "finish", arguments: {} })) as CallToolResult;
    expect(textOf(finished)).not.toContain("new episode");
    const after = (await client.callTool({ name: "list_tasks", arguments: {} })) as CallToolResult;
    expect(textOf(after)).toMatch(/^\[EPISODE_OVER\]/);
    await server.close();
  });
});

/** Notifications arrive a few promise turns after the call that caused them. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
