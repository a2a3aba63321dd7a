import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { episodeBrief } from "../../src/mcp/brief.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";

/**
 * In --mode tasks the brief names the Tasks methods a client may use, and those differ by era:
 * 2025-11-25 has tasks/result and tasks/list, the 2026-07-28 extension (SEP-2663) has neither.
 * The legacy text is model-visible and pinned here word for word: it must not change.
 */
const LEGACY_TASKS =
  'Tools of this episode are slow. Calling one starts a job and returns at once with a job handle (status "working"), NOT with the result: get it with check_job or wait_for_jobs. A client that speaks MCP Tasks may call them as tasks instead (tasks/get, tasks/result, tasks/cancel, tasks/list on the same jobs). While a job works you can start others: jobs run in parallel.';
const MODERN_TASKS =
  'Tools of this episode are slow. Calling one starts a job and returns at once with a job handle (status "working"), NOT with the result: get it with check_job or wait_for_jobs. A client that declares the MCP Tasks extension gets a task instead: tasks/get on it carries the result once the task has ended, tasks/cancel cancels it (no tool here asks for input, so tasks/update is never needed). While a job works you can start others: jobs run in parallel.';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const catalogue = await Catalogue.load([exampleScenariosDir]);
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue,
    defaultScenario: "weather-and-rates",
    session: { seed: 1, recordingsDir: null, server: { name: "asynctool-mcp", version: "test" } },
  });
  return { catalogue, base: server.url.replace(/\/mcp$/, "") };
}

const textOf = (content: unknown): string =>
  (content as { type: string; text?: string }[]).map((c) => c.text ?? "").join("\n");

describe("the brief's Tasks wording follows the protocol era", () => {
  it("keeps the 2025-11-25 text, and names only the extension's methods for 2026-07-28", async () => {
    const { catalogue } = await start();
    const source = {
      scenario: catalogue.get("weather-and-rates"),
      mode: "tasks" as const,
      clockKind: "step" as const,
    };
    const legacy = episodeBrief(source);
    expect(episodeBrief(source, "2025-11-25")).toBe(legacy);
    expect(legacy).toContain(LEGACY_TASKS);
    const modern = episodeBrief(source, "2026-07-28");
    expect(modern).toContain(MODERN_TASKS);
    expect(modern).not.toMatch(/tasks\/result|tasks\/list/);
    // Only the Tasks sentence differs between the eras.
    expect(modern.replace(MODERN_TASKS, LEGACY_TASKS)).toBe(legacy);
    // Outside tasks mode the era changes nothing.
    const async = { ...source, mode: "async" as const };
    expect(episodeBrief(async, "2026-07-28")).toBe(episodeBrief(async));
  });

  it("on an episode URL, the instructions, list_tasks, the prompt and the resource all use the modern wording", async () => {
    const { base } = await start();
    const client = new ModernClient(
      { name: "modern", version: "1" },
      { versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    await client.connect(new ModernTransport(new URL(`${base}/mcp/episodes/brief-1?mode=tasks&clock=step`)));
    const texts = [
      client.getInstructions() ?? "",
      textOf((await client.callTool({ name: "list_tasks", arguments: {} })).content),
      textOf((await client.getPrompt({ name: "episode_brief" })).messages.map((m) => m.content)),
      textOf((await client.readResource({ uri: "asynctool://episode/brief" })).contents),
    ];
    await client.close();
    for (const text of texts) {
      expect(text).toContain(MODERN_TASKS);
      expect(text).not.toMatch(/tasks\/result|tasks\/list/);
    }
  });

  it("on /mcp (2025-11-25), the instructions and list_tasks keep the legacy wording", async () => {
    const { base } = await start();
    const client = new Client({ name: "legacy", version: "1" });
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp?mode=tasks&clock=step`));
    await client.connect(transport);
    expect(client.getInstructions()).toContain(LEGACY_TASKS);
    const listed = await client.callTool({ name: "list_tasks", arguments: {} });
    expect(textOf(listed.content)).toContain(LEGACY_TASKS);
    await transport.terminateSession();
    await client.close();
  });
});
