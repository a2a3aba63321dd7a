import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { packageRoot } from "../../src/paths.js";
import { buildReport } from "../../src/report/build.js";
import { renderHtml } from "../../src/report/html.js";
import {
  browserAvailable,
  CHROMIUM,
  launchChromium,
  MISSING_BROWSER,
  skipBrowser,
} from "../helpers/chromium.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "../metrics/session.js";

const scenario = declaredScenario();

/**
 * Tasks chain and solo. Jobs: #1 fetch a (chain, completed), #2 combine (chain, completed, a
 * violation), #3 quick n=13 (no task, failed), #4 quick (no task, cancelled), #5 fetch c (solo,
 * still working at the end). 10 calls. The wait blocks [4, 6] while solo/c is ready (avoidable),
 * and the wasted poll at 11 idles [10, 11] with nothing ready.
 */
function eventful() {
  const s = new Session(scenario);
  const a = s.call(1, "fetch", { key: "a" }, { latency: 5 }); // → 6
  s.call(2, "combine", { left: "v-a", right: "b" }); // → 4, before a is seen
  const f = s.call(3, "quick", { n: 13 }); // fails at 4
  s.wait(4, [a, f]); // → 6
  const q = s.call(7, "quick", { n: 2 }, { latency: 9 });
  s.cancel(8, q);
  s.call(9, "fetch", { key: "c" }, { latency: 20 }); // still working when the log ends
  s.check(10, "j2");
  s.check(11, "j5"); // working: a wasted poll
  s.answer(12, "chain", "v-a+b");
  return s.end("finished");
}

function page(): string {
  const recording = eventful();
  return renderHtml(buildReport(scenario, recording, computeMetrics(scenario, recording)));
}

describe("renderHtml, as text", () => {
  it("is self-contained: no external stylesheet, script, image or font", () => {
    const html = page();
    expect(html).not.toMatch(/<link\b|<script\b[^>]*\bsrc=|<img\b|@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it("escapes text from the recording", () => {
    const s = new Session(scenario);
    s.answer(1, "solo", "<script>alert(1)</script>");
    const recording = s.end();
    const html = renderHtml(buildReport(scenario, recording, computeMetrics(scenario, recording)));
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("labels an unfinished session: its end, a warning, the headline and the unanswered tasks", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "a" });
    const recording = s.truncate();
    const html = renderHtml(buildReport(scenario, recording, computeMetrics(scenario, recording)));
    expect(html).toMatch(
      /<p class="meta" id="end"[^>]*data-kind="in-progress" data-unfinished="true"[^>]*>End: in progress \(no end recorded; last event at t = 1 steps\)/,
    );
    expect(html).not.toContain("none at t");
    expect(html).toContain('<p id="unfinished" class="warning"><b>Unfinished session:</b>');
    expect(html).toContain('<table id="headline" data-unfinished="true">');
    expect(html).toContain("Unfinished session: figures so far</caption>");
    expect(html).toContain("<td>unanswered (session unfinished)</td>");
    // An episode that ended says none of it.
    expect(page()).not.toMatch(/unfinished session|data-unfinished="true"/i);
  });
});

describe.skipIf(skipBrowser)("Chromium for the browser test", () => {
  it(`is installed at ${CHROMIUM}`, () => {
    expect(existsSync(CHROMIUM), MISSING_BROWSER).toBe(true);
  });
});

describe.skipIf(!browserAvailable)("the HTML report in headless Chromium", () => {
  let browser: Browser;
  const outDir = join(packageRoot, "test-output");
  const file = join(outDir, "report.html");

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(file, page(), "utf8");
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders the timeline with one lane per task plus one for no task, a bar per job and a mark per call", async () => {
    const tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requested: string[] = [];
    tab.on("request", (request) => requested.push(request.url()));
    await tab.goto(pathToFileURL(file).href);

    expect(await tab.locator("#timeline .lane").count()).toBe(3);
    expect(
      await tab.locator("#timeline .lane").evaluateAll((els) => els.map((e) => e.getAttribute("data-task"))),
    ).toEqual(["chain", "solo", ""]);
    expect(await tab.locator("#timeline rect.job").count()).toBe(5);
    const outcomes = await tab
      .locator("#timeline rect.job")
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute("data-job"),
          e.getAttribute("data-lane"),
          e.getAttribute("data-outcome"),
        ]),
      );
    expect(outcomes).toEqual([
      ["1", "0", "completed"],
      ["2", "0", "completed"],
      ["3", "2", "failed"],
      ["4", "2", "cancelled"],
      ["5", "1", "working"],
    ]);
    expect(await tab.locator("#timeline g.call").count()).toBe(10);
    expect(await tab.locator('#timeline g.call[data-kind="wasted-poll"]').count()).toBe(1);
    expect(await tab.locator("#timeline g.violation").count()).toBe(1);
    expect(await tab.locator('#timeline g.violation[data-step="b"][data-call="2"]').count()).toBe(1);
    expect(await tab.locator("#timeline rect.idle").count()).toBeGreaterThan(0);
    expect(await tab.locator("#timeline rect.avoidable-idle").count()).toBeGreaterThan(0);

    // Every bar is drawn inside its lane, with a visible width.
    const misplaced: string[] = [];
    for (const bar of await tab.locator("#timeline rect.job").all()) {
      const lane = await bar.getAttribute("data-lane");
      const b = await bar.boundingBox();
      const l = await tab.locator(`#lane-${lane} .lane-bg`).boundingBox();
      if (!b || !l || b.width <= 0 || b.y < l.y || b.y + b.height > l.y + l.height) {
        misplaced.push(`job ${await bar.getAttribute("data-job")}`);
      }
    }
    expect(misplaced).toEqual([]);

    expect(await tab.locator("#headline tbody tr").count()).toBe(30);
    expect(await tab.locator('#headline tr[data-metric="speedup"] td.num').textContent()).toBe("—");
    expect(await tab.locator("#tasks tbody tr").count()).toBe(2);
    expect(await tab.locator("#delta").getAttribute("data-delta")).toBe("1");
    // Nothing but the page itself was fetched.
    expect(requested).toEqual([pathToFileURL(file).href]);

    await tab.locator("body").screenshot({ path: join(outDir, "report-timeline.png") });
    await tab.close();
  });
});
