import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { readRecording } from "../../src/recorder/reader.js";
import { captureOutput } from "../helpers/capture-output.js";
import { httpServerPerTest } from "../helpers/raw-http.js";

const start = httpServerPerTest();

async function session(url: string, name: string, work: (client: Client) => Promise<unknown>) {
  const client = new Client({ name, version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  await work(client);
  await transport.terminateSession();
  await client.close();
}

/**
 * The Inspector's `tools/list`, a client's connection test: sessions that make no tool call
 * measured nothing. Their recordings are marked `probe`, and `report` leaves them out of its
 * tables unless asked, saying how many it left out.
 */
describe("sessions that made no tool call", () => {
  it("are recorded as probes, and left out of report's tables unless --include-probes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-probes-"));
    const server = await start({
      session: { seed: 1, recordingsDir: dir, server: { name: "asynctool-mcp", version: "test" } },
    });
    await session(server.url, "prober", (client) => client.listTools());
    await session(server.url, "player", (client) => client.callTool({ name: "list_tasks", arguments: {} }));
    await server.close();

    const files = readdirSync(dir).map((name) => join(dir, name));
    const recordings = await Promise.all(files.map((file) => readRecording(file)));
    const byClient = new Map(recordings.map((r) => [r.header.client?.name, r]));
    expect(byClient.get("prober")?.end).toMatchObject({ status: "disconnected", probe: true });
    expect(byClient.get("player")?.end?.status).toBe("disconnected");
    expect(byClient.get("player")?.end).not.toHaveProperty("probe");

    const io = captureOutput();
    expect(await main(["report", dir, "--json"], io)).toBe(0);
    const table = JSON.parse(io.stdout()) as { recordings: { client: string }[] };
    expect(table.recordings.map((r) => r.client)).toEqual(["player"]);
    expect(io.stderr()).toContain("Left out 1 probe recording (sessions that made no tool call)");

    const all = captureOutput();
    expect(await main(["report", dir, "--json", "--include-probes"], all)).toBe(0);
    const both = JSON.parse(all.stdout()) as { recordings: { client: string }[] };
    expect(both.recordings.map((r) => r.client).sort()).toEqual(["player", "prober"]);
    expect(all.stderr()).not.toContain("Left out");
  });
});
