import { describe, expect, it } from "vitest";
import { z } from "zod";
import { builtInDomains, findDomain } from "../../src/domains/all-built-in-domains.js";
import { latencySpecSchema } from "../../src/scenarios/latency-spec.js";

const tools = builtInDomains.flatMap((d) => d.tools.map((t) => ({ domain: d.name, tool: t })));

/** Paths of the properties, at any depth, that carry no description. */
function undescribed(schema: unknown, at = ""): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const { properties, items } = schema as {
    properties?: Record<string, { description?: string }>;
    items?: unknown;
  };
  const own = Object.entries(properties ?? {}).flatMap(([key, prop]) => [
    ...(prop.description?.trim() ? [] : [`${at}${key}`]),
    ...undescribed(prop, `${at}${key}.`),
  ]);
  return [...own, ...undescribed(items, `${at}[].`)];
}

describe("built-in domains", () => {
  it("have unique lowercase names that findDomain finds", () => {
    const names = builtInDomains.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const domain of builtInDomains) {
      expect(domain.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(findDomain(domain.name)).toBe(domain);
      expect(domain.category).not.toBe("");
      expect(domain.description).not.toBe("");
      expect(domain.tools.length).toBeGreaterThanOrEqual(6);
      expect(domain.tools.length).toBeLessThanOrEqual(9);
    }
    expect(findDomain("nope")).toBeUndefined();
    expect(findDomain("Travel")).toBeUndefined();
  });

  it("accept an empty state", () => {
    for (const domain of builtInDomains) expect(domain.state.safeParse({}).success).toBe(true);
  });

  it("give tools unique snake_case names, since the agent sees bare names", () => {
    const names = tools.map(({ tool }) => tool.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it.each(tools.map(({ domain, tool }) => [`${domain}.${tool.name}`, tool] as const))(
    "%s is documented and has a valid latency",
    (_, tool) => {
      expect(tool.description.trim().length).toBeGreaterThan(40);
      expect(tool.description).toMatch(/Returns/);
      expect(undescribed(z.toJSONSchema(tool.input, { io: "input" }))).toEqual([]);
      expect(latencySpecSchema.safeParse(tool.latency).success).toBe(true);
      expect(typeof tool.readOnly).toBe("boolean");
    },
  );
});
