import { describe, expect, it } from "vitest";
import {
  CATALOGUE,
  figureOf,
  type MetricCatalogue,
  shownIn,
  TERMS,
  termText,
  unitLabel,
} from "../../src/metrics/catalog.js";

// A catalogue of three toy entries, to tell the helpers' rules apart from the real catalogue's content.
const toy = [
  { name: "a", shown: ["episode"] },
  { name: "b", shown: ["episode", "aggregate", "eval"] },
  { name: "c", shown: ["eval"] },
] as unknown as MetricCatalogue;

describe("the catalogue's helpers", () => {
  it("figureOf reads a figure by its entry's name, and null for a figure the metrics lack", () => {
    const metrics = { a: 0.5, b: false, c: 0 };
    expect(figureOf(metrics, { name: "a" })).toBe(0.5);
    expect(figureOf(metrics, { name: "b" })).toBe(false);
    expect(figureOf(metrics, { name: "c" })).toBe(0);
    expect(figureOf(metrics, { name: "missing" })).toBeNull();
  });

  it("shownIn keeps the entries shown in one place, in catalogue order", () => {
    expect(shownIn(toy, "episode").map((e) => e.name)).toEqual(["a", "b"]);
    expect(shownIn(toy, "eval").map((e) => e.name)).toEqual(["b", "c"]);
    expect(shownIn(toy, "aggregate").map((e) => e.name)).toEqual(["b"]);
    expect(shownIn(CATALOGUE, "episode").length).toBe(CATALOGUE.length);
  });

  it("unitLabel names a time in the clock's unit and every other unit as itself", () => {
    expect(unitLabel("time", "steps")).toBe("steps");
    expect(unitLabel("time", "ms")).toBe("ms");
    expect(unitLabel("ratio", "ms")).toBe("ratio");
    expect(unitLabel("jobs", "steps")).toBe("jobs");
  });

  it("termText gives each term its own description", () => {
    for (const term of TERMS) expect(termText(term.name)).toBe(term.description);
    expect(new Set(TERMS.map((t) => termText(t.name))).size).toBe(TERMS.length);
  });
});
