import { describe, expect, it } from "vitest";
import { exampleScenariosDir } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { sessionFromQuery } from "../../src/transports/session-query.js";

async function context() {
  const catalogue = await Catalogue.load([exampleScenariosDir]);
  return {
    catalogue,
    defaultScenario: "travel-and-files",
    session: { seed: 1, recordingsDir: null, server: { name: "asynctool-mcp", version: "test" } },
  };
}

describe("the session query", () => {
  // docs/deployment.md: behind nginx a legacy client keeps its session on one process with a key
  // of its own in the URL (`/mcp?...&route=<uuid>`, hashed with $request_uri). That works only
  // while the server chooses the episode from its own parameters and ignores the others.
  it("ignores parameters it does not know, so a balancer's routing key changes nothing", async () => {
    const ctx = await context();
    const asked = { scenario: "weather-and-rates", seed: "3", mode: "sync", clock: "step" };
    const plain = sessionFromQuery(asked, "s-1", ctx);
    const routed = sessionFromQuery({ ...asked, route: "0b6a4c1e-balancer-key" }, "s-1", ctx);
    expect(routed).toEqual(plain);
    expect(routed.scenario.id).toBe("weather-and-rates");
    expect(routed.seed).toBe(3);
    expect(routed.mode).toBe("sync");
  });

  it("still refuses a known parameter given twice, with what to do", async () => {
    const ctx = await context();
    expect(() => sessionFromQuery({ seed: ["1", "2"], route: "k" }, "s-1", ctx)).toThrow(
      /give \?seed= once, as a single value/,
    );
  });
});
