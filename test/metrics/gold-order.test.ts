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

  it("orders steps of equal depth in a later task by the file, not by the order they were reached", () => {
    // Task w (the second) lists y (after z), q, z, r: building it reaches z first (y needs it),
    // then y, q and r. At depth 1 the file's order is q (1), z (2), r (3); y (depth 2) comes last.
    const scenario = declaredScenario({
      tasks: [
        {
          id: "x",
          instruction: "Fetch a.",
          steps: [{ id: "a", tool: "fetch", args: { key: "a" } }],
          answer: { exact: "v-a" },
        },
        {
          id: "w",
          instruction: "Fetch z, q and r, then y.",
          steps: [
            { id: "y", tool: "fetch", args: { key: "y" }, after: ["z"] },
            { id: "q", tool: "fetch", args: { key: "q" } },
            { id: "z", tool: "fetch", args: { key: "z" } },
            { id: "r", tool: "fetch", args: { key: "r" } },
          ],
          answer: { exact: "v-y" },
        },
      ],
    });
    const gold = buildGold(scenario, {}, 1);
    expect(gold.nodes.map((n) => n.key)).toEqual(["x/a", "w/q", "w/z", "w/r", "w/y"]);
  });
});
