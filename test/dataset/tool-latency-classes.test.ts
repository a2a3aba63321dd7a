import { describe, expect, it } from "vitest";
import { LATENCY_PROFILES } from "../../src/dataset/latency-profiles.js";
import {
  LATENCY_CLASSES,
  latencyClassOf,
  TOOL_LATENCY_CLASS,
} from "../../src/dataset/tool-latency-classes.js";
import { builtInDomains } from "../../src/domains/all-built-in-domains.js";
import { typicalLatency } from "../../src/engine/latency.js";

const domainTools = builtInDomains.flatMap((d) => d.tools.map((t) => ({ domain: d.name, tool: t })));

describe("tool latency classes", () => {
  it("give every tool of every built-in domain a class (a new tool fails here until it has one)", () => {
    const missing = domainTools
      .map(({ domain, tool }) => `${domain}.${tool.name}`)
      .filter((key) => !(key in TOOL_LATENCY_CLASS));
    expect(missing).toEqual([]);
    expect(domainTools.length).toBeGreaterThanOrEqual(90);
  });

  it("name no tool that does not exist", () => {
    const known = new Set(domainTools.map(({ domain, tool }) => `${domain}.${tool.name}`));
    expect(Object.keys(TOOL_LATENCY_CLASS).filter((key) => !known.has(key))).toEqual([]);
  });

  it("refuse a tool without a class, saying where to add it", () => {
    expect(() => latencyClassOf("travel", "teleport")).toThrow(
      /travel\.teleport has no latency class: add it to TOOL_LATENCY_CLASS/,
    );
  });

  it("are plausible: a lookup or a computation is quicker than a search, a search than a booking, a booking than an export", () => {
    const median = (c: keyof typeof LATENCY_CLASSES) => LATENCY_CLASSES[c].spec.lognormal.median;
    expect(median("compute")).toBeLessThan(median("search"));
    expect(median("lookup")).toBeLessThan(median("search"));
    expect(median("write")).toBeLessThan(median("transaction"));
    expect(median("search")).toBeLessThan(median("transaction"));
    expect(median("transaction")).toBeLessThan(median("batch"));
    // Remote services have heavy tails: every p95 at least 2.5 times its median.
    for (const { spec } of Object.values(LATENCY_CLASSES))
      expect(spec.lognormal.p95 / spec.lognormal.median).toBeGreaterThanOrEqual(2.5);
    expect(TOOL_LATENCY_CLASS["travel.search_flights"]).toBe("search");
    expect(TOOL_LATENCY_CLASS["travel.book_flight"]).toBe("transaction");
    expect(TOOL_LATENCY_CLASS["data_management.export_table"]).toBe("batch");
  });

  it("set the service profiles' latencies, the busy one slower with a heavier tail", () => {
    for (const { domain, tool } of domainTools) {
      const input = { domain, name: tool.name, latency: tool.latency };
      const service = LATENCY_PROFILES.service(input);
      const busy = LATENCY_PROFILES["service-busy"](input);
      expect(service).toEqual(LATENCY_CLASSES[latencyClassOf(domain, tool.name)].spec);
      expect(typicalLatency(busy)).toBeGreaterThan(typicalLatency(service));
      if (!("lognormal" in busy) || !("lognormal" in service)) throw new Error("lognormal expected");
      expect(busy.lognormal.p95 / busy.lognormal.median).toBeGreaterThan(
        service.lognormal.p95 / service.lognormal.median,
      );
    }
  });
});
