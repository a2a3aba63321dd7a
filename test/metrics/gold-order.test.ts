import { describe, expect, it } from "vitest";
import { buildGold } from "../../src/metrics/gold.js";
import { declaredScenario } from "../helpers/scenarios.js";

describe("gold order", () => {
  it("lists the gold steps by depth, then task order, then the steps' order in the file", () => {
    const scenario = declaredScenario({
      tasks: [
        {
          id: "x",
          instruction: "Fetch z, then y.",
          steps: [
            { id: "y", tool: "fetch", args: { key: "y" }, after: ["z"] },
            { id: "z", tool: "fetch", args: { key: "z" } },
          ],
          answer: { exact: "v-y" },
        },
        {
          id: "w",
          instruction: "Fetch q and p.",
          steps: [
            { id: "q", tool: "fetch", args: { key: "q" } },
            { id: "p", tool: "fetch", args: { key: "p" } },
          ],
          answer: { exact: "v-p" },
        },
      ],
    });
    const gold = buildGold(scenario, {}, 1);
    // Depth 1: x/z (task x first), then w's q and p as the file lists them (q before p, not by
    // name); depth 2: x/y, though its task comes first and it is listed first in it.
    expect(gold.nodes.map((n) => n.key)).toEqual(["x/z", "w/q", "w/p", "x/y"]);
  });
});
