import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";

const examples = join(import.meta.dirname, "../../scenarios/examples");

/** A fresh registry and loader: each test starts with no domain loaded, whatever the one before loaded. */
async function freshModules() {
  vi.resetModules();
  const registry = await import("../../src/domains/built-in-domains.js");
  const loader = await import("../../src/scenarios/loader.js");
  return { registry, loader };
}

describe("built-in domains loaded on demand", () => {
  it("loads only the domains a scenario file names", async () => {
    const { registry, loader } = await freshModules();
    const scenario = await loader.loadScenarioFile(join(examples, "filesystem-triage.yaml"));
    expect(scenario.domains.map((d) => d.name)).toEqual(["filesystem"]);
    expect(registry.loadedBuiltInDomain("filesystem")).toBe(scenario.domains[0]?.domain);
    expect(registry.loadedBuiltInDomain("travel")).toBeUndefined();
    expect(registry.everyBuiltInDomainLoaded()).toBe(false);
  });

  it("loads none for a scenario of declared tools only", async () => {
    const { registry, loader } = await freshModules();
    await loader.loadScenarioFile(join(examples, "weather-and-rates.yaml"));
    for (const name of registry.builtInDomainNames)
      expect(registry.loadedBuiltInDomain(name)).toBeUndefined();
  });

  it("loads in the registry's order, leaving out names that are not built in", async () => {
    const { registry } = await freshModules();
    const domains = await registry.loadBuiltInDomains(["travel", "nope", "filesystem"]);
    expect(domains.map((d) => d.name)).toEqual(["filesystem", "travel"]);
  });

  it("refuses to compile a scenario naming a built-in domain that was not loaded", async () => {
    vi.resetModules();
    const { compileScenario } = await import("../../src/scenarios/compile.js");
    const raw: unknown = parse(readFileSync(join(examples, "travel-and-files.yaml"), "utf8"));
    expect(() => compileScenario(raw)).toThrow(/travel is not loaded/);
  });
});
