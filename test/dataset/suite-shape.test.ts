import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeDatasheet } from "../../src/cli/stats.js";
import { suiteStats } from "../../src/dataset/stats.js";
import { allTemplates } from "../../src/domains/index.js";
import { packageRoot } from "../../src/paths.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import { suiteDir } from "./suite-dir.js";

const scenarios = (await loadScenariosAt(suiteDir)).flatMap((o) => (o.scenario ? [o.scenario] : []));

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
    const file = join(packageRoot, "docs", "datasheet.md");
    const datasheet = readFileSync(file, "utf8");
    expect(writeDatasheet(datasheet, suiteStats(scenarios), file)).toBe(datasheet);
  });
});
