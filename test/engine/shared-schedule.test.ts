import { describe, expect, it } from "vitest";
import { Episode, sampleSchedule } from "../../src/engine/episode.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * The episodes of one scenario, seed, mode and clock share one schedule, drawn once: the same
 * d(g) as drawing it for each, frozen so that no episode can change another's.
 */
describe("the schedule an episode starts with", () => {
  const scenario = declaredScenario({ latency: { fetch: { uniform: { min: 1, max: 20 } }, combine: 2 } });
  const episode = (seed: number, clock: "step" | "wall" = "step") => new Episode({ scenario, seed, clock });

  it("is the schedule drawn from its seed, shared by the episodes of the same seed, mode and clock", () => {
    const a = episode(7);
    const b = episode(7);
    expect(a.schedule).toEqual(sampleSchedule(scenario, 7, a.mode, "step"));
    expect(b.schedule).toBe(a.schedule);
    expect(Object.isFrozen(a.schedule)).toBe(true);
    for (const row of Object.values(a.schedule)) expect(Object.isFrozen(row)).toBe(true);
  });

  it("is drawn apart for another seed or clock, and again once a scenario's few kept are pushed out", () => {
    const first = episode(1).schedule;
    expect(episode(2).schedule).not.toBe(first);
    expect(episode(2).schedule).toEqual(sampleSchedule(scenario, 2, "async", "step"));
    expect(episode(1, "wall").schedule).not.toBe(first);
    expect(episode(1, "wall").schedule).toEqual(sampleSchedule(scenario, 1, "async", "wall"));
    for (let seed = 100; seed < 120; seed++) episode(seed);
    const again = episode(1).schedule;
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
