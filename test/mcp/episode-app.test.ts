import { describe, expect, it } from "vitest";
import { episodeAppHtml } from "../../src/dashboard/app-page.js";
import { connectInMemory } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * `serve --app`: the episode as an MCP App page. Opt-in: without it nothing changes in
 * tools/list or resources/list; with it, the page is a ui:// resource of the MCP Apps profile,
 * linked from the tools that look at the jobs, and drawn from the recording so far.
 */

const APP_URI = "ui://asynctool/episode";
const appView = (recording: Parameters<typeof episodeAppHtml>[0]) => episodeAppHtml(recording, 0);

describe("the episode as an MCP App page", () => {
  it("is absent unless asked for", async () => {
    const { client } = await connectInMemory({ scenario: declaredScenario() });
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).not.toContain(APP_URI);
    const { tools } = await client.listTools();
    expect(tools.filter((t) => t._meta?.ui !== undefined)).toEqual([]);
  });

  it("is listed with the Apps profile, linked from the job tools, and shows the session so far, escaped", async () => {
    const { client, call } = await connectInMemory({ scenario: declaredScenario(), appView });
    const { resources } = await client.listResources();
    expect(resources.find((r) => r.uri === APP_URI)?.mimeType).toBe("text/html;profile=mcp-app");
    const { tools } = await client.listTools();
    const linked = tools.filter(
      (t) => (t._meta?.ui as { resourceUri?: string } | undefined)?.resourceUri === APP_URI,
    );
    expect(linked.map((t) => t.name).sort()).toEqual(["check_job", "list_jobs", "wait_for_jobs"]);

    await call("fetch", { key: "<b>a</b>" });
    const read = await client.readResource({ uri: APP_URI });
    const page = read.contents[0] as { mimeType: string; text: string };
    expect(page.mimeType).toBe("text/html;profile=mcp-app");
    expect(page.text).toContain("<svg");
    expect(page.text).toContain("Declared tools for engine tests");
    expect(page.text).toContain("test-client 1.2.3");
    // No script: the page needs no bridge, and what a client sent cannot run in it.
    expect(page.text).not.toContain("<script");
    expect(page.text).not.toContain("<b>a</b>");
  });
});
