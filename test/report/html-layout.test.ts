import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE, DEFINITIONS_LINK, shownIn, TERMS } from "../../src/metrics/catalog.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { packageRoot } from "../../src/paths.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { buildReport } from "../../src/report/build.js";
import { plain, renderHtml } from "../../src/report/html.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import {
  browserAvailable,
  CHROMIUM,
  launchChromium,
  MISSING_BROWSER,
  skipBrowser,
} from "../helpers/chromium.js";
import { connectInMemory } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { runTwoLookups } from "../helpers/two-lookups-session.js";
import { Session } from "../metrics/session.js";

/**
 * The HTML report as a person sees it, in headless Chromium at a small (900 px) and a large
 * (1600 px) window: the whole timeline fits (its axis to the last step), it zooms, and every
 * figure and term is explained with the catalogue's own words (a legend, tooltips, a link to
 * the definitions). Screenshots go to test-output/ for a look.
 */

/** A log the MCP server wrote for a real SDK client (two look-ups, ended, M = 8). */
async function serverPage(): Promise<string> {
  const scenario = await loadScenarioFile(
    join(packageRoot, "test", "fixtures", "scenarios", "two-lookups.yaml"),
  );
  const { server, client } = await connectInMemory({ scenario });
  await runTwoLookups(client);
  const recording = (server.session.sink as MemoryRecordingWriter).recording();
  await client.close();
  return renderHtml(buildReport(scenario, recording, computeMetrics(scenario, recording)));
}

/** A session still in progress at t = 11 (no end line): the case whose axis stopped at 8. */
function inProgressPage(): string {
  const scenario = declaredScenario();
  const s = new Session(scenario);
  const a = s.call(1, "fetch", { key: "a" }, { latency: 5 });
  s.call(2, "fetch", { key: "c" }, { latency: 3 });
  s.wait(3, [a]);
  s.call(7, "combine", { left: "v-a", right: "b" }, { latency: 2 });
  s.check(8, "j2");
  s.answer(9, "solo", "v-c");
  s.check(11, "j3");
  const recording = s.truncate();
  return renderHtml(buildReport(scenario, recording, computeMetrics(scenario, recording)));
}

describe("the HTML page's explanations, as text", () => {
  it("link the definitions relatively, to an anchor metrics.md has", () => {
    const html = inProgressPage();
    expect(DEFINITIONS_LINK).toBe("docs/metrics.md#headline-figures");
    expect(html).toContain(`<a id="definitions" href="${DEFINITIONS_LINK}">`);
    expect(readFileSync(join(packageRoot, "docs", "metrics.md"), "utf8")).toMatch(/^## Headline figures$/m);
    // Nothing of the machine that wrote it: the same bytes wherever the page is written from.
    expect(html).not.toContain(packageRoot);
    expect(html).not.toMatch(/file:|[A-Z]:\\\\|\/(home|tmp|work)\//);
    expect(inProgressPage()).toBe(html);
  });
});

describe.skipIf(skipBrowser)("Chromium for the layout test", () => {
  it(`is installed at ${CHROMIUM}`, () => {
    expect(existsSync(CHROMIUM), MISSING_BROWSER).toBe(true);
  });
});

const WIDTHS = [900, 1600] as const;

describe.skipIf(!browserAvailable)("the HTML report's layout in headless Chromium", () => {
  let browser: Browser;
  const outDir = join(packageRoot, "test-output");
  const files = { server: join(outDir, "layout-server.html"), live: join(outDir, "layout-in-progress.html") };

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(files.server, await serverPage(), "utf8");
    writeFileSync(files.live, inProgressPage(), "utf8");
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string, width: number): Promise<Page> {
    const tab = await browser.newPage({ viewport: { width, height: 1000 } });
    await tab.goto(pathToFileURL(file).href);
    return tab;
  }

  /** The timeline's horizontal extent and its axis end's, in the viewport. */
  async function extents(tab: Page) {
    const svg = await tab.locator("#timeline").boundingBox();
    const end = await tab.locator("#axis-end line").boundingBox();
    const endLabel = await tab.locator("#axis-end text").boundingBox();
    const lanes = await tab.locator("#timeline .lane-bg").evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right };
      }),
    );
    return { svg, end, endLabel, lanes };
  }

  for (const width of WIDTHS) {
    for (const which of ["server", "live"] as const) {
      it(`fits the whole timeline, to its last step, in a ${width} px window (${which})`, async () => {
        const tab = await open(files[which], width);
        const { svg, end, endLabel, lanes } = await extents(tab);
        expect(svg).not.toBeNull();
        expect(end).not.toBeNull();
        expect(endLabel).not.toBeNull();
        if (!svg || !end || !endLabel) return;
        // The SVG, the axis end's line and label, and every lane lie inside the window.
        expect(svg.x).toBeGreaterThanOrEqual(0);
        expect(svg.x + svg.width).toBeLessThanOrEqual(width);
        expect(end.x + end.width).toBeLessThanOrEqual(width);
        expect(endLabel.x + endLabel.width).toBeLessThanOrEqual(width);
        for (const lane of lanes) expect(lane.right).toBeLessThanOrEqual(width);
        // …and the axis end is the end of the recording: the last step is drawn.
        const drawnEnd = Number(await tab.locator("#timeline").getAttribute("data-end"));
        expect(await tab.locator("#axis-end").getAttribute("data-t")).toBe(String(drawnEnd));
        expect((await tab.locator("#axis-end text").textContent())?.trim()).toBe(String(drawnEnd));
        // The timeline's box does not scroll at the fitted zoom.
        const box = await tab
          .locator("#timeline-scroll")
          .evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
        expect(box.scroll).toBeLessThanOrEqual(box.client + 1);
        await tab.screenshot({ path: join(outDir, `report-layout-${which}-${width}.png`), fullPage: true });
        await tab.close();
      });
    }
  }

  it("draws an in-progress session to t = 11 and says it is unfinished", async () => {
    const tab = await open(files.live, 900);
    expect(await tab.locator("#timeline").getAttribute("data-end")).toBe("11");
    expect(await tab.locator("#end").textContent()).toContain(
      "End: in progress (no end recorded; last event at t = 11 steps)",
    );
    expect(await tab.locator("#unfinished").isVisible()).toBe(true);
    await tab.close();
  });

  it("zooms the timeline with its buttons, inside its own scrolling box, and back to fit", async () => {
    const tab = await open(files.server, 900);
    const widthOf = () => tab.locator("#timeline").evaluate((e) => e.getBoundingClientRect().width);
    const fitted = await widthOf();
    await tab.locator('#zoom button[data-zoom="in"]').click();
    await tab.locator('#zoom button[data-zoom="in"]').click();
    const zoomed = await widthOf();
    expect(zoomed).toBeGreaterThan(fitted * 2);
    expect(await tab.locator("#zoom-level").textContent()).toBe("225%");
    const box = await tab
      .locator("#timeline-scroll")
      .evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(box.scroll).toBeGreaterThan(box.client);
    // The page itself does not scroll sideways: only the timeline's box does.
    expect(await tab.locator("html").evaluate((e) => e.scrollWidth)).toBeLessThanOrEqual(900);
    await tab.locator('#zoom button[data-zoom="out"]').click();
    expect(await widthOf()).toBeCloseTo(zoomed / 1.5, 0);
    await tab.locator('#zoom button[data-zoom="fit"]').click();
    expect(await widthOf()).toBeCloseTo(fitted, 0);
    await tab.close();
  });

  it("explains every headline figure with the catalogue's text, in a column and a tooltip", async () => {
    const tab = await open(files.server, 1600);
    const rows = await tab.locator("#headline tbody tr").evaluateAll((els) =>
      els.map((e) => ({
        name: e.getAttribute("data-metric"),
        title: e.querySelector("th")?.getAttribute("title") ?? null,
        meaning: e.querySelector("td.meaning")?.textContent ?? null,
      })),
    );
    const expected = shownIn(CATALOGUE, "episode").map((entry) => ({
      name: entry.name,
      title: plain(entry.description),
      meaning: plain(entry.description),
    }));
    expect(rows).toEqual(expected);
    await tab.close();
  });

  it("has a legend of the terms from the catalogue's TERMS, tooltips where they are used, and the definitions link", async () => {
    const tab = await open(files.server, 900);
    const legend = await tab.locator("#terms dt").evaluateAll((els) =>
      els.map((dt) => ({
        name: dt.getAttribute("data-term"),
        label: dt.textContent,
        description: dt.nextElementSibling?.textContent ?? null,
      })),
    );
    expect(legend).toEqual(
      TERMS.map((t) => ({ name: t.name, label: t.label, description: plain(t.description) })),
    );
    expect(await tab.locator("#legend").isVisible()).toBe(true);

    const description = (name: string) => plain(TERMS.find((t) => t.name === name)?.description ?? "");
    expect(await tab.locator("#delta").getAttribute("title")).toBe(description("delta"));
    for (const name of ["stepsMatched", "violation", "grounded", "stretch"]) {
      expect(await tab.locator(`#tasks th[data-term="${name}"]`).getAttribute("title")).toBe(
        description(name),
      );
    }
    for (const name of ["idle", "avoidableIdle", "wastedPoll", "violation"]) {
      expect(await tab.locator(`.legend [data-term="${name}"]`).getAttribute("title")).toBe(
        description(name),
      );
    }
    const makespan = plain(CATALOGUE.find((e) => e.name === "makespan")?.description ?? "");
    expect(await tab.locator('.legend [data-term="makespan"]').getAttribute("title")).toBe(makespan);
    expect(await tab.locator("#timeline #makespan title").textContent()).toContain(makespan);
    expect(await tab.locator("#definitions").getAttribute("href")).toBe("docs/metrics.md#headline-figures");
    await tab.close();
  });
});
