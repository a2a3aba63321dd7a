import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { writeDatasheet } from "../../src/cli/stats.js";
import { suiteStats } from "../../src/dataset/stats.js";
import { allTemplates } from "../../src/domains/index.js";
import { packageRoot } from "../../src/paths.js";
import { baselinesMarkdown, readBaselineReport } from "../../src/runner/baselines.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import { captureOutput } from "../helpers/capture-output.js";
import { suiteDir } from "./suite-dir.js";

const scenarios = (await loadScenariosAt(suiteDir)).flatMap((o) => (o.scenario ? [o.scenario] : []));
const datasheetFile = join(packageRoot, "docs", "datasheet.md");
const datasheet = readFileSync(datasheetFile, "utf8");

describe("the default suite's shape", () => {
  it("has its planned size: 712 episodes of 2 or 3 tasks, within and across domains, over 9 of the 12 categories (the calculator-only numbers, strings and data-format are left out)", () => {
    const stats = suiteStats(scenarios);
    expect(stats.episodes).toBe(712);
    expect(Object.keys(stats.byTaskCount).sort()).toEqual(["2", "3"]);
    expect(stats.withinDomain).toBeGreaterThan(100);
    expect(stats.acrossDomains).toBeGreaterThan(100);
    expect(Object.keys(stats.byCategory)).toHaveLength(9);
  });

  it("comes from at least 350 templates over the 12 domains", () => {
    expect(allTemplates.length).toBeGreaterThanOrEqual(350);
    const perDomain = new Map<string, number>();
    for (const t of allTemplates)
      perDomain.set(t.domains[0] ?? "", (perDomain.get(t.domains[0] ?? "") ?? 0) + 1);
    expect(perDomain.size).toBe(12);
    expect(new Set(allTemplates.map((t) => t.id)).size).toBe(allTemplates.length);
  });

  it("is described by the datasheet's tables and generated sections, as the stats command writes them", () => {
    // Everything but the baselines, which come from runs of the reference agents (below).
    expect(writeDatasheet(datasheet, suiteStats(scenarios), datasheetFile)).toBe(datasheet);
  });

  it("says in the datasheet what v2 leaves out and why, what is the paper's, and how to cite", () => {
    expect(datasheet).toMatch(/^# Datasheet: the asynctool-v2 suite/);
    expect(datasheet).toContain(
      "**v2 has no Number Operations, String Manipulation or DataFormat episodes.**",
    );
    expect(datasheet).toMatch(/calculator: a stateless computation on\s+data the instruction itself carries/);
    for (const heading of [
      "## What is the paper's, and what is ours",
      "## How to cite",
      "## Reference agents",
    ])
      expect(datasheet).toContain(heading);
  });
});

describe("the datasheet's baselines", () => {
  const fixture = join(packageRoot, "test", "fixtures", "reports", "poller-report.json");

  it("render the overall row of each run's report.json, in the columns run --suite prints", () => {
    const table = baselinesMarkdown([readBaselineReport(fixture)]);
    expect(table).toMatch(/^Overall rows of 1 run \(2 seeds each, step clock\)/);
    expect(table).toContain(
      "| Agent | Mode | Runs | Unfinished | Episode success | SE | 95% CI | Over seeds (mean ± sd) | Task success | Step F1 | SWE (mean ± sd) | SWE 95% CI | pass^1 | pass^2 | Infra failures |",
    );
    expect(table).toContain(
      "| poller | async | 4 | 1 | 0.75 | 0.25 | [0.25, 1] | 0.75 ± 0.354 | 0.875 | 0.9 | 0.612 ± 0.2 | [0.4, 0.8] | 0.75 | 0.5 | 0 |",
    );
  });

  it("go between their markers, and only there; a missing report.json is a usage error", () => {
    const table = baselinesMarkdown([readBaselineReport(fixture)]);
    const written = writeDatasheet(datasheet, suiteStats(scenarios), datasheetFile, table);
    const section = (text: string) =>
      text.slice(text.indexOf("<!-- baselines:start"), text.indexOf("<!-- baselines:end"));
    expect(section(written)).toContain(table);
    expect(written.replace(section(written), "")).toBe(datasheet.replace(section(datasheet), ""));
    expect(() => readBaselineReport(join(packageRoot, "test", "fixtures", "reports"))).toThrow(
      /no .*report\.json/,
    );
  });

  it("are written by stats --datasheet --baselines, on the default suite when no directory is given", async () => {
    const copy = join(mkdtempSync(join(tmpdir(), "asynctool-datasheet-")), "datasheet.md");
    writeFileSync(copy, datasheet);
    const io = captureOutput();
    expect(await main(["stats", "--datasheet", copy, "--baselines", fixture], io)).toBe(0);
    const table = baselinesMarkdown([readBaselineReport(fixture)]);
    expect(readFileSync(copy, "utf8")).toBe(writeDatasheet(datasheet, suiteStats(scenarios), copy, table));
    const alone = captureOutput();
    expect(await main(["stats", "--baselines", fixture], alone)).toBe(2);
    expect(alone.stderr()).toMatch(/--baselines goes with --datasheet/);
  });

  it("in the committed datasheet, are the three reference agents over the whole suite, seeds 1 and 2", () => {
    const section = datasheet.slice(
      datasheet.indexOf("<!-- baselines:start"),
      datasheet.indexOf("<!-- baselines:end"),
    );
    for (const agent of ["oracle", "poller", "sequential"])
      expect(section).toMatch(
        new RegExp(`\\| ${agent} \\| async \\| ${2 * scenarios.length} \\| 0 \\| 1 \\|`),
      );
  });
});
