import { createHash } from "node:crypto";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import type { AgentTools } from "../../src/agents/agent-tools.js";
import { runAgent } from "../../src/agents/index.js";
import { replyOf } from "../../src/client/sdk-tools.js";
import { APP_PAGE_CSP, episodeApp } from "../../src/dashboard/app-page.js";
import { APP_SCRIPT } from "../../src/dashboard/app-script.js";
import { followingEpisode } from "../../src/mcp/episode-series.js";
import { createEpisodeServer } from "../../src/mcp/server.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { exampleScenariosDir } from "../../src/paths.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { connectInMemory } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * `serve --app`: the episode as an MCP App. Opt-in: without it nothing changes in tools/list,
 * resources/list or the recording's header; with it, the page is a ui:// resource of the MCP
 * Apps profile, linked from the tools that look at the jobs, drawn from the recording so far,
 * and kept current by its script through the view resource, whose reads are the app's: they
 * take none of the agent's calls and no metric counts them.
 */

const APP_URI = "ui://asynctool/episode";
const VIEW_URI = "asynctool://episode/view";
const app = episodeApp(() => 0);

function textOf(read: { contents: unknown[] }): string {
  return (read.contents[0] as { text: string }).text;
}

describe("the episode as an MCP App page", () => {
  it("is absent unless asked for", async () => {
    const { client, call, server } = await connectInMemory({ scenario: declaredScenario() });
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).not.toContain(APP_URI);
    expect(resources.map((r) => r.uri)).not.toContain(VIEW_URI);
    const { tools } = await client.listTools();
    expect(tools.filter((t) => t._meta?.ui !== undefined)).toEqual([]);
    await call("fetch", { key: "a" });
    expect(server.session.sink?.header.options?.app).toBeUndefined();
  });

  it("is listed with the Apps profile, linked from the job tools, and shows the session so far, escaped", async () => {
    const { client, call, server } = await connectInMemory({ scenario: declaredScenario(), app });
    const { resources } = await client.listResources();
    expect(resources.find((r) => r.uri === APP_URI)?.mimeType).toBe("text/html;profile=mcp-app");
    expect(resources.find((r) => r.uri === VIEW_URI)?.mimeType).toBe("application/json");
    const { tools } = await client.listTools();
    const linked = tools.filter(
      (t) => (t._meta?.ui as { resourceUri?: string } | undefined)?.resourceUri === APP_URI,
    );
    expect(linked.map((t) => t.name).sort()).toEqual(["check_job", "list_jobs", "wait_for_jobs"]);
    // No tool of the app's own: the agent under test is offered nothing more than the link.
    expect(tools.map((t) => t.name).sort()).toEqual((await toolNamesWithoutApp()).sort());

    await call("fetch", { key: "<b>a</b>" });
    const read = await client.readResource({ uri: APP_URI });
    const page = read.contents[0] as { mimeType: string; text: string; _meta?: unknown };
    expect(page.mimeType).toBe("text/html;profile=mcp-app");
    // It asks the host for no network at all.
    expect(page._meta).toEqual({
      ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true },
    });
    expect(page.text).toContain("<svg");
    expect(page.text).toContain("Declared tools for engine tests");
    expect(page.text).toContain("test-client 1.2.3");
    expect(page.text).not.toContain("<b>a</b>");
    // One script, its own, allowed by its hash and nothing else.
    expect(page.text.match(/<script/g)).toHaveLength(1);
    expect(page.text).toContain(`<script>${APP_SCRIPT}</script>`);
    const hash = createHash("sha256").update(APP_SCRIPT).digest("base64");
    expect(page.text).toContain(`content="${APP_PAGE_CSP}"`);
    expect(APP_PAGE_CSP).toContain(`script-src 'sha256-${hash}';`);
    expect(APP_PAGE_CSP).toContain("default-src 'none'");
    expect(APP_PAGE_CSP).toContain("connect-src 'none'");
    expect(server.session.sink?.header.options?.app).toBe(true);
  });

  it("serves the view the page redraws itself from, as the dashboard's event stream carries it", async () => {
    const { client, call } = await connectInMemory({ scenario: declaredScenario(), app });
    // The episode starts when the client has initialized: the host's first read finds it.
    const before = JSON.parse(textOf(await client.readResource({ uri: VIEW_URI })));
    expect([before.row.answered, before.ended]).toEqual([0, false]);
    expect(before.svg).not.toContain('class="job');
    await call("fetch", { key: "a" });
    const view = JSON.parse(textOf(await client.readResource({ uri: VIEW_URI })));
    expect(view.row.scenario).toBe("declared-test");
    expect(view.row.client).toBe("test-client 1.2.3");
    expect(view.svg).toContain('class="job');
    expect(view.tasks.length).toBeGreaterThan(0);
    expect(view.ended).toBe(false);
  });

  it("reads on a budget of its own: the agent's calls are never refused for the app's reads", async () => {
    const real = new FakeRealTime();
    const { client, call } = await connectInMemory({
      scenario: declaredScenario(),
      app,
      realTime: real,
      limits: { maxCallsPerSecond: 2 },
    });
    await client.readResource({ uri: VIEW_URI });
    await client.readResource({ uri: APP_URI });
    const refused = client.readResource({ uri: VIEW_URI });
    await expect(refused).rejects.toMatchObject({ code: -32003 });
    await expect(refused).rejects.toThrow(
      /the app page may read asynctool:\/\/episode\/view at most 2 times per second/,
    );
    // The agent still has both of its calls this second.
    expect((await call("fetch", { key: "a" })).isError).not.toBe(true);
    expect((await call("list_jobs")).isError).not.toBe(true);
    expect((await call("list_jobs")).isError).toBe(true);
  });
});

describe("the app page of a series of episodes (stdio)", () => {
  it("keeps showing the ended episode: its reads never begin the next one, the agent's next call does", async () => {
    const scenario = await loadScenarioFile(join(exampleScenariosDir, "weather-and-rates.yaml"));
    let ids = 0;
    const server = createEpisodeServer(
      {
        scenario,
        seed: 1,
        clock: "step",
        mode: "async",
        recordingsDir: null,
        server: { name: "asynctool-mcp", version: "test" },
        sessionId: `episode-${++ids}`,
        app,
      },
      undefined,
      (previous) => ({ ...followingEpisode(previous, undefined), sessionId: `episode-${++ids}` }),
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.mcp.connect(serverSide);
    const client = new Client({ name: "series-client", version: "1" });
    await client.connect(clientSide);
    const tools: AgentTools = {
      call: async (name, args) =>
        replyOf((await client.callTool({ name, arguments: args })) as CallToolResult),
    };
    await runAgent("oracle", tools, { scenario, seed: 1, mode: "async", clock: "step" });
    const view = async () => JSON.parse(textOf(await client.readResource({ uri: VIEW_URI })));
    const ended = await view();
    expect([ended.ended, ended.row.answered, ended.tasks.map((t: { answer: string }) => t.answer)]).toEqual([
      true,
      ended.tasks.length,
      ended.tasks.map(() => "pass"),
    ]);
    // Read again: still the ended episode, and no new one has begun.
    expect((await view()).ended).toBe(true);
    expect(server.session.sink?.header.session).toBe("episode-1");
    await client.callTool({ name: "list_tasks", arguments: {} });
    expect(server.session.sink?.header.session).toBe("episode-2");
    expect((await view()).ended).toBe(false);
    await server.close();
  });
});

describe("the app's reads and the scores", () => {
  it("leave every metric as it is: the same run with a read of the view before each call scores the same", async () => {
    const scenario = await loadScenarioFile(join(exampleScenariosDir, "weather-and-rates.yaml"));
    const run = async (withReads: boolean) => {
      const { client, server } = await connectInMemory({ scenario, clock: "step", mode: "async", app });
      const tools: AgentTools = {
        async call(name, args) {
          if (withReads) await client.readResource({ uri: VIEW_URI });
          return replyOf((await client.callTool({ name, arguments: args })) as CallToolResult);
        },
      };
      await runAgent("poller", tools, { scenario, seed: 1, mode: "async", clock: "step" });
      await server.close();
      return { recording: (server.session.sink as MemoryRecordingWriter).recording(), scenario };
    };
    const plain = await run(false);
    const read = await run(true);
    const notes = read.recording.events.filter((e) => e.type === "note");
    const calls = read.recording.events.filter((e) => e.type === "request").length;
    // Counted once, right before the end line, in a note: never as calls.
    expect(notes.map((n) => (n.type === "note" ? n.message : ""))).toEqual([
      `the app's resources (ui://asynctool/episode, asynctool://episode/view) were read ${calls} times: reads are not tool calls, and no metric counts them`,
    ]);
    // Right before the end line, at its time: it cannot move the end of any log.
    expect(read.recording.events.slice(-2).map((e) => e.type)).toEqual(["note", "end"]);
    expect(read.recording.events.at(-2)?.t).toBe(read.recording.end?.t);
    expect(plain.recording.events.filter((e) => e.type === "note")).toEqual([]);
    const expected = computeMetrics(scenario, plain.recording);
    expect(expected.polls).toBeGreaterThan(0);
    expect(expected.wastedPolls).toBeGreaterThan(0);
    expect(computeMetrics(scenario, read.recording)).toEqual(expected);
  });
});

async function toolNamesWithoutApp(): Promise<string[]> {
  const { client } = await connectInMemory({ scenario: declaredScenario() });
  return (await client.listTools()).tools.map((t) => t.name);
}
