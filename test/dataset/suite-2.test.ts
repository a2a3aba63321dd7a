import { describe, expect, it } from "vitest";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import { checkSuiteEpisodes } from "./suite-check.js";
import { suiteDir } from "./suite-dir.js";

// Half of the default suite (the other half is in the other shard, so two workers share it).
const outcomes = await loadScenariosAt(suiteDir);
const mine = outcomes.filter((_, i) => i % 2 === 2 - 1);

describe("the default suite, shard 2 of 2", () => {
  it("validates", () => {
    expect(mine.filter((o) => o.error).map((o) => o.error?.message)).toEqual([]);
  });

  it("in the step clock, seeds 1 and 2: the oracle reaches M* with full marks, the sequential agent takes exactly S, no agent beats M*", {
    timeout: 600_000,
  }, async () => {
    await checkSuiteEpisodes(mine.flatMap((o) => (o.scenario ? [o.scenario] : [])));
  });
});
