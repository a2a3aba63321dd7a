import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AgentTools } from "../../src/agents/agent-tools.js";
import { runAgent } from "../../src/agents/index.js";
import { replyOf } from "../../src/client/sdk-tools.js";
import { episodeApp } from "../../src/dashboard/app-page.js";
import { exampleScenariosDir, packageRoot } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { browserAvailable, launchChromium } from "../helpers/chromium.js";
import { startHttpCli, stopProcess } from "../helpers/cli-process.js";

/**
 * `serve -t http --app` seen through a minimal MCP Apps host in headless Chromium: the host page
 * frames the `ui://asynctool/episode` page in a sandboxed iframe (scripts only, opaque origin,
 * as hosts do), answers its `ui/initialize`, forwards its `resources/read` to the server through
 * the test's SDK client, and shows it the results of the job tools the agent calls. The oracle
 * plays over the same MCP session, as the agent of a conversation would, in the wall clock at a
 * slow time scale. Nothing is timed: each step waits for a condition of the page, with generous
 * timeouts only as failure guards. Needs `npm run build`. Screenshots go to test-output/app/.
 */

const SHOTS = join(packageRoot, "test-output", "app");
const GUARD = 30_000;
const SCENARIO = "travel-and-files";
/** Real time per scenario time: jobs last seconds, so the page's reads catch them working. */
const TIME_SCALE = 0.25;
const APP_URI = "ui://asynctool/episode";
const APP_TOOLS = new Set(["list_jobs", "wait_for_jobs", "check_job"]);
/** A client name that would run script if the page put it into markup: it must show as text. */
const HOSTILE_CLIENT = `<img src=x onerror="window.__pwned=1">host`;

/** The host side of the MCP Apps protocol, as a page: what a client that renders MCP Apps does. */
const HOST_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>test host</title></head>
<body style="margin:0;font-family:sans-serif">
<p id="host">Conversation (a minimal MCP Apps host)</p>
<iframe id="app" sandbox="allow-scripts" style="width:1200px;height:700px;border:1px solid #999"></iframe>
<script>
var frame=document.getElementById("app");
window.hostSeen=[];
window.hostCapabilities={serverResources:{},serverTools:{}};
function post(message){frame.contentWindow.postMessage(message,"*");}
window.addEventListener("message",function(event){
  if(event.source!==frame.contentWindow)return;
  var m=event.data;window.hostSeen.push(m.method||"response");
  if(m.method==="ui/initialize"){
    post({jsonrpc:"2.0",id:m.id,result:{protocolVersion:m.params.protocolVersion,hostInfo:{name:"test-host",version:"1"},
      hostCapabilities:window.hostCapabilities,hostContext:{displayMode:"inline"}}});
    return;
  }
  if(m.method==="ui/notifications/size-changed"){frame.style.height=Math.min(m.params.height+4,2000)+"px";return;}
  if(m.id===undefined||m.method===undefined)return;
  window.forwardToServer(m.method,m.params).then(function(answer){
    post(Object.assign({jsonrpc:"2.0",id:m.id},answer));
  });
});
window.showApp=function(html){frame.srcdoc=html;};
window.sendToolResult=function(result){post({jsonrpc:"2.0",method:"ui/notifications/tool-result",params:result});};
</script>
</body></html>`;

let browser: Browser | undefined;
let server: { child: ChildProcess; url: string } | undefined;
let recordings: string | undefined;
const clients: Client[] = [];

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close().catch(() => {});
  if (server) await stopProcess(server.child);
  server = undefined;
  if (recordings) rmSync(recordings, { recursive: true, force: true });
  recordings = undefined;
});

/** The app's frame, once the host has put the page in it. */
async function appFrame(page: Page): Promise<Frame> {
  await page.waitForFunction(() => window.hostSeen.includes("ui/notifications/initialized"), undefined, {
    timeout: GUARD,
  });
  const frame = page.frames().find((f) => f !== page.mainFrame());
  if (!frame) throw new Error("the host page has no app frame");
  return frame;
}

/** What the page functions below touch of the browser (the test's types have no DOM). */
declare const window: {
  hostSeen: string[];
  hostCapabilities: Record<string, unknown>;
  showApp(html: string): void;
  sendToolResult(result: unknown): void;
  __pwned?: number;
};

describe.skipIf(!browserAvailable)("the MCP App page in a minimal host, in headless Chromium", () => {
  it("loads, follows the running episode (a job bar working, then done) and shows the answers at the end", {
    timeout: 120_000,
  }, async () => {
    recordings = mkdtempSync(join(tmpdir(), "asynctool-app-"));
    const started = await startHttpCli([
      "--app",
      "-s",
      SCENARIO,
      "--clock",
      "wall",
      "--time-scale",
      String(TIME_SCALE),
      "--recordings",
      recordings,
    ]);
    server = started;
    const client = new Client({ name: HOSTILE_CLIENT, version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(started.url)));
    clients.push(client);

    // The host reads the page that the job tools name, and shows it.
    const { tools } = await client.listTools();
    const linked = tools.find((t) => t.name === "wait_for_jobs")?._meta?.ui as { resourceUri?: string };
    expect(linked.resourceUri).toBe(APP_URI);
    const read = await client.readResource({ uri: APP_URI });
    const html = (read.contents[0] as { text: string }).text;
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    const forwarded: string[] = [];
    // The host forwards what the app asks of the server; only reads are allowed here.
    await page.exposeFunction("forwardToServer", async (method: string, params: { uri: string }) => {
      forwarded.push(`${method} ${params?.uri ?? ""}`);
      if (method !== "resources/read")
        return { error: { code: -32601, message: `not forwarded: ${method}` } };
      try {
        return { result: await client.readResource({ uri: params.uri }) };
      } catch (error) {
        return { error: { code: -32603, message: (error as Error).message } };
      }
    });
    await page.setContent(HOST_PAGE);
    await page.evaluate((h) => window.showApp(h), html);
    const app = await appFrame(page);
    await app.locator("#status").filter({ hasText: "Live" }).waitFor({ timeout: GUARD });
    expect(await app.locator("#timeline rect.job").count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, "app-start.png"), fullPage: true });

    // The agent of the conversation: the oracle, over the same session; the host shows the app
    // the results of the tools that name it.
    const calls: string[] = [];
    const agent: AgentTools = {
      async call(name, args) {
        calls.push(name);
        const result = (await client.callTool({ name, arguments: args }, undefined, {
          timeout: 120_000,
        })) as CallToolResult;
        if (APP_TOOLS.has(name)) await page.evaluate((r) => window.sendToolResult(r), result as unknown);
        return replyOf(result);
      },
    };
    const catalogue = await Catalogue.load([exampleScenariosDir]);
    const run = runAgent("oracle", agent, {
      scenario: catalogue.get(SCENARIO),
      seed: 1,
      mode: "async",
      clock: "wall",
    });

    const working = app.locator("#timeline rect.job.outcome-working").first();
    await working.waitFor({ timeout: GUARD });
    const job = (await working.getAttribute("data-job")) as string;
    await page.screenshot({ path: join(SHOTS, "app-working.png"), fullPage: true });
    // The same job's bar, redrawn with its outcome.
    await app.locator(`#timeline rect.job.outcome-completed[data-job="${job}"]`).waitFor({ timeout: GUARD });
    await page.screenshot({ path: join(SHOTS, "app-job-done.png"), fullPage: true });

    await run;
    await app.locator("#status").filter({ hasText: "Ended" }).waitFor({ timeout: GUARD });
    expect(await app.locator("#tasks tbody tr td:nth-child(3)").allTextContents()).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
    expect(await app.locator("#timeline rect.job.outcome-working").count()).toBe(0);
    expect(await app.locator("#timeline .call.kind-answer").count()).toBe(3);
    expect(await app.locator("#meta").textContent()).toContain(`${HOSTILE_CLIENT} 1`);
    expect(await app.evaluate(() => window.__pwned)).toBeUndefined();
    await page.screenshot({ path: join(SHOTS, "app-ended.png"), fullPage: true });

    // The app asked for nothing but the view, and its reads are not in the recording as calls.
    expect(new Set(forwarded)).toEqual(new Set(["resources/read asynctool://episode/view"]));
    await stopProcess(started.child);
    server = undefined;
    const [file] = readdirSync(recordings).filter((f) => f.endsWith(".jsonl"));
    const lines = readFileSync(join(recordings, file as string), "utf8")
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as { type: string; tool?: string; message?: string; options?: { app?: boolean } },
      );
    expect(lines[0]?.options?.app).toBe(true);
    expect(
      lines
        .filter((l) => l.type === "request")
        .map((l) => l.tool)
        .sort(),
    ).toEqual([...calls].sort());
    const note = lines.find((l) => l.type === "note")?.message ?? "";
    expect(Number(/were read (\d+) times/.exec(note)?.[1])).toBeGreaterThan(1);
    await page.close();
  });

  it("says so when the host forwards no reads, and when a read fails, without reading anything else", {
    timeout: 60_000,
  }, async () => {
    const html = episodeApp(() => 0).page(undefined);
    const page = await (browser as Browser).newPage();
    const forwarded: string[] = [];
    await page.exposeFunction("forwardToServer", async (method: string) => {
      forwarded.push(method);
      return { error: { code: -32003, message: "Rate limited: wait a moment" } };
    });
    await page.setContent(HOST_PAGE);
    // A host that renders the page but does not forward resource reads: it stays as it was read.
    await page.evaluate((h) => {
      window.hostCapabilities = { serverTools: {} };
      window.showApp(h);
    }, html);
    let app = await appFrame(page);
    await app.locator("#status").filter({ hasText: "This host does not forward resource reads" }).waitFor({
      timeout: GUARD,
    });
    expect(forwarded).toEqual([]);
    // A host that forwards them, but the server refuses the read: the page says why and tries again.
    await page.evaluate((h) => {
      window.hostSeen = [];
      window.hostCapabilities = { serverResources: {} };
      window.showApp(h);
    }, html);
    app = await appFrame(page);
    await app
      .locator("#status")
      .filter({ hasText: "Not updated: Rate limited: wait a moment. Trying again…" })
      .waitFor({ timeout: GUARD });
    await page.waitForFunction(
      () => window.hostSeen.filter((m) => m === "resources/read").length >= 2,
      undefined,
      {
        timeout: GUARD,
      },
    );
    expect(new Set(forwarded)).toEqual(new Set(["resources/read"]));
    await page.close();
  });
});
