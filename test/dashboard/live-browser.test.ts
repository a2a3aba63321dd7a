import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runAgent } from "../../src/agents/index.js";
import { agentTools } from "../../src/client/sdk-tools.js";
import { exampleScenariosDir, packageRoot } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";
import { browserAvailable, launchChromium } from "../helpers/chromium.js";

/** What the page functions below touch of the browser (the test's types have no DOM). */
declare const document: {
  getElementById(id: string): BrowserElement | null;
  querySelector(selector: string): BrowserElement | null;
};
declare const window: { __pwned?: number };
interface BrowserElement {
  readonly children: ArrayLike<{ readonly textContent: string | null }>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): BrowserElement | null;
}

/**
 * The dashboard as a person sees it, in headless Chromium: the oracle plays an episode over HTTP
 * in the wall clock at a slow time scale while the page follows it. Nothing is timed: each step
 * waits for a condition of the page, with generous timeouts only as failure guards. Screenshots
 * go to test-output/dashboard/.
 */

const SHOTS = join(packageRoot, "test-output", "dashboard");
const GUARD = 30_000;
const SCENARIO = "travel-and-files";
/** Real time per scenario time: the episode takes a few seconds, long enough to watch bars grow. */
const TIME_SCALE = 0.25;
/** A client name that would run script if the page put it into markup: it must show as text. */
const HOSTILE_CLIENT = `<img src=x onerror="window.__pwned=1">oracle`;

let browser: Browser | undefined;
let server: HttpServer | undefined;
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
  await server?.close();
  server = undefined;
});

async function start(authToken?: string): Promise<{ base: string; mcp: string }> {
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue: await Catalogue.load([exampleScenariosDir]),
    defaultScenario: SCENARIO,
    session: {
      seed: 1,
      clock: "wall",
      timeScale: TIME_SCALE,
      recordingsDir: null,
      server: { name: "asynctool-mcp", version: "test" },
    },
    ...(authToken ? { authToken } : {}),
  });
  return { base: server.url.replace(/\/mcp$/, ""), mcp: server.url };
}

/** The oracle over Streamable HTTP, started and left to run: the test watches it on the page. */
async function startOracle(mcp: string, token?: string): Promise<{ run: Promise<unknown> }> {
  const catalogue = await Catalogue.load([exampleScenariosDir]);
  const client = new Client({ name: HOSTILE_CLIENT, version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(`${mcp}?scenario=${SCENARIO}&clock=wall`), {
    ...(token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {}),
  });
  await client.connect(transport);
  clients.push(client);
  // Wrapped: an async function returning the run's promise would wait for the whole run.
  const run = runAgent("oracle", agentTools(client), {
    scenario: catalogue.get(SCENARIO),
    seed: 1,
    mode: "async",
    clock: "wall",
  });
  return { run };
}

/** Where a job's bar ends on the timeline, in episode time (the SVG's x scale changes as it grows). */
function barEnd(page: Page, job: string): Promise<number> {
  return page.evaluate((n) => {
    const svg = document.getElementById("timeline");
    const bar = svg?.querySelector(`rect.job[data-job="${n}"]`);
    if (!svg || !bar) return -1;
    const right = Number(bar.getAttribute("x")) + Number(bar.getAttribute("width"));
    return ((right - 120) / 960) * Number(svg.getAttribute("data-end"));
  }, job);
}

/** Opens the list, waits for the session, follows it to its end, and opens its final report. */
async function watchEpisode(page: Page, mcp: string, tag: string, token?: string) {
  const { run } = await startOracle(mcp, token);
  await page.locator("#sessions tbody tr.live").first().waitFor({ timeout: GUARD });
  // Read at once: the list is redrawn as the session goes on.
  const cells = await page.evaluate(() =>
    Array.from(document.querySelector("#sessions tbody tr.live")?.children ?? []).map((td) => td.textContent),
  );
  await page.screenshot({ path: join(SHOTS, `${tag}-list.png`), fullPage: true });
  expect(cells[1]).toBe(SCENARIO);
  // The client's name is shown as text, never run as markup.
  expect(cells[2]).toBe(`${HOSTILE_CLIENT} 1`);
  expect(cells[9]).toBe("running");
  await page.locator("#sessions tbody tr a").first().click();
  await page.waitForURL(/\/dashboard\/sessions\//, { timeout: GUARD });
  const working = page.locator("#timeline rect.job.outcome-working").first();
  await working.waitFor({ timeout: GUARD });
  const job = (await working.getAttribute("data-job")) as string;
  const before = await barEnd(page, job);
  await page.screenshot({ path: join(SHOTS, `${tag}-working-1.png`), fullPage: true });
  await page.waitForFunction(
    ([n, b]) => {
      const svg = document.getElementById("timeline");
      const bar = svg?.querySelector(`rect.job[data-job="${n}"]`);
      if (!svg || !bar) return false;
      const right = Number(bar.getAttribute("x")) + Number(bar.getAttribute("width"));
      return ((right - 120) / 960) * Number(svg.getAttribute("data-end")) > Number(b);
    },
    [job, String(before)] as const,
    { timeout: GUARD },
  );
  await page.screenshot({ path: join(SHOTS, `${tag}-working-2.png`), fullPage: true });
  expect(await barEnd(page, job)).toBeGreaterThan(before);

  await run;
  await page.locator("#report:not([hidden])").waitFor({ timeout: GUARD });
  const answers = await page.locator("#tasks tbody tr td:nth-child(3)").allTextContents();
  expect(answers.length).toBe(3);
  expect(answers).toEqual(["pass", "pass", "pass"]);
  expect(await page.locator("#timeline rect.job.outcome-working").count()).toBe(0);
  expect(await page.locator("#timeline .call.kind-answer").count()).toBe(3);
  await page.screenshot({ path: join(SHOTS, `${tag}-ended.png`), fullPage: true });

  await page.locator("#report-link").click();
  await page.waitForURL(/\/dashboard\/report\//, { timeout: GUARD });
  await page.locator("#headline").waitFor({ timeout: GUARD });
  expect(await page.locator("#end").getAttribute("data-status")).toBe("completed");
  await page.screenshot({ path: join(SHOTS, `${tag}-report.png`), fullPage: true });
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  // The report's link is spent: opened again, it is refused.
  const again = await page.request.get(page.url());
  expect(again.status()).toBe(404);
  expect((await again.json()).code).toBe("DASHBOARD_TICKET_INVALID");
}

describe.skipIf(!browserAvailable)("the dashboard in headless Chromium", () => {
  it("lists a live session, grows its job bars, shows its answers and opens its final report", {
    timeout: 90_000,
  }, async () => {
    const { base, mcp } = await start();
    const page = await (browser as Browser).newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${base}/dashboard`);
    await page.locator("#status").filter({ hasText: "Live" }).waitFor({ timeout: GUARD });
    await watchEpisode(page, mcp, "open");
    await page.close();
  });

  it("asks for the bearer token once, keeps it out of URLs, and refuses the data without it", {
    timeout: 90_000,
  }, async () => {
    const token = "dashboard-test-token-5f1c";
    const { base, mcp } = await start(token);
    const bare = await fetch(`${base}/dashboard/api/sessions`);
    expect(bare.status).toBe(401);
    const page = await (browser as Browser).newPage({ viewport: { width: 1400, height: 900 } });
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    await page.goto(`${base}/dashboard`);
    await page.locator("#auth:not([hidden])").waitFor({ timeout: GUARD });
    await page.fill("#token", token);
    await page.click("#token-form button");
    await page.locator("#status").filter({ hasText: "Live" }).waitFor({ timeout: GUARD });
    await watchEpisode(page, mcp, "token", token);
    expect(urls.filter((u) => u.includes(token))).toEqual([]);
    await page.close();
  });
});
