import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { packageRoot } from "../../src/paths.js";
import {
  type ProxySnapshot,
  parseProxyConfig,
  proxyScenario,
  proxySnapshotHash,
  publishedName,
  snapshotOf,
} from "../../src/scenarios/proxy-scenario.js";

/** The scenario of a proxy, built from the upstream's tools and the config, and rebuilt from a header. */

const snapshot: ProxySnapshot = {
  upstream: { name: "upstream-test", version: "2.0.0" },
  config: parseProxyConfig({
    latency: { "*": 2, search: { uniform: { min: 1, max: 4 } } },
    faults: { delete_page: { failureRate: 0.5 } },
    tasks: [{ id: "t1", instruction: "Find the page.", answer: { contains: "home" } }],
  }),
  tools: [
    {
      name: "search",
      upstreamName: "search",
      description: "Searches.",
      inputSchema: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
      annotations: { readOnlyHint: true },
    },
    {
      name: "delete_page",
      upstreamName: "delete_page",
      description: "Deletes a page.",
      // A schema zod cannot convert: the argument names are still checked.
      inputSchema: { type: "object", properties: { id: { $ref: "#/definitions/id" } } },
    },
  ],
};

describe("proxyScenario", () => {
  it("gives each upstream tool its latency, faults and MCP's default hints", () => {
    const scenario = proxyScenario(snapshot);
    const search = scenario.tools.get("search");
    const del = scenario.tools.get("delete_page");
    expect(search).toMatchObject({
      latency: { uniform: { min: 1, max: 4 } },
      readOnly: true,
      destructive: false,
    });
    expect(del).toMatchObject({
      latency: 2,
      faults: { failureRate: 0.5 },
      readOnly: false,
      destructive: true,
    });
    expect(del?.input.safeParse({ id: "p1" }).success).toBe(true);
    expect(Object.keys(del?.input.shape ?? {})).toEqual(["id"]);
    // A task without gold steps is scored by its answer.
    expect(scenario.tasks).toMatchObject([{ id: "t1", steps: [] }]);
  });

  it("is rebuilt with the same hash from the snapshot a recording header holds", () => {
    const header = JSON.parse(JSON.stringify({ proxy: snapshot }));
    const rebuilt = snapshotOf(header);
    expect(rebuilt).toBeDefined();
    expect(proxyScenario(rebuilt as ProxySnapshot).hash).toBe(proxyScenario(snapshot).hash);
    expect(proxySnapshotHash(snapshot)).toBe(proxyScenario(snapshot).hash);
    expect(snapshotOf({ inlineMs: 0 })).toBeUndefined();
  });

  it("publishes an upstream tool named like one of the proxy's job tools under upstream_<name>", () => {
    expect(publishedName("check_job")).toBe("upstream_check_job");
    expect(publishedName("finish")).toBe("upstream_finish");
    expect(publishedName("search")).toBe("search");
  });
});

describe("docs/proxy.md", () => {
  it("shows a config that compiles against an upstream with the tools it names", () => {
    const doc = readFileSync(join(packageRoot, "docs", "proxy.md"), "utf8");
    const yaml = doc.split("```yaml\n")[1]?.split("```")[0] ?? "";
    const tool = (name: string, property: string) => ({
      name,
      upstreamName: name,
      description: name,
      inputSchema: { type: "object", properties: { [property]: { type: "string" } } },
    });
    const scenario = proxyScenario({
      upstream: { name: "search-server", version: "1" },
      config: parseProxyConfig(parse(yaml)),
      tools: [tool("search", "query"), tool("fetch_page", "url"), tool("other", "x")],
    });
    expect(scenario.tasks[0]?.steps.map((step) => step.id)).toEqual(["find", "read"]);
    expect(scenario.tools.get("other")?.latency).toBe(2);
  });
});
