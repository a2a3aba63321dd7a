import { describe, expect, it } from "vitest";
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
