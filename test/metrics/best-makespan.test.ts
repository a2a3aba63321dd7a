import { describe, expect, it } from "vitest";
import { computeBestMakespan } from "../../src/metrics/best-makespan.js";
import type { Gold } from "../../src/metrics/gold.js";
import type { RecordingHeader } from "../../src/recorder/format.js";
import type { ScenarioFileInput } from "../../src/scenarios/schema.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * M* as the metrics read it: the search's makespan in the step clock, the bound LB in the wall
 * clock or when the episode is too large to search. Only these header fields and LB are read.
 */
const header = (h: Pick<RecordingHeader, "clock" | "seed" | "mode" | "schedule">): RecordingHeader =>
  h as RecordingHeader;
const gold = { lowerBound: 42 } as Gold;

// declaredScenario: chain = a (fetch) → b (combine, reads a), solo = c (fetch).
const slow = { chain: { a: 3, b: 2 }, solo: { c: 3 } };
const fast = { chain: { a: 1, b: 1 }, solo: { c: 1 } };

describe("computeBestMakespan", () => {
  // First in this file, so that the cache is empty when it starts.
  it("holds the results of 512 episodes: the 512th episode after one clears it, and that one is searched again", () => {
    const scenario = declaredScenario();
    const at = (seed: number) =>
      computeBestMakespan(scenario, header({ clock: "step", seed, mode: "async", schedule: fast }), gold);
    const first = at(0);
    // The same episode again is the same result, not a second search.
    expect(at(0)).toBe(first);
    // 511 more episodes fill the cache (512 results); the next one clears it before it is kept.
    for (let seed = 1; seed <= 511; seed++) at(seed);
    expect(at(0)).toBe(first);
    at(512);
    const again = at(0);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it("in the step clock, the search's M*", () => {
    // start a at 1 (ends 4), start c at 2 (ends 5), a wait at 3 lands at 4 (a), start b at 5
    // (ends 7), a wait at 6 lands at 7 (b and c), answers at 8 and 9. The chain alone needs
    // 1 + 3 (a) + 1 + 2 (b) + 1 = 8 with its answer, and c's start and answer take two more
    // calls, one of which can hide in a wait only if a wait jumps two ticks with a task ready:
    // none does. M* = 9.
    const best = computeBestMakespan(
      declaredScenario(),
      header({ clock: "step", seed: 1, mode: "async", schedule: slow }),
      gold,
    );
    expect(best).toEqual({ value: 9, source: "search", reason: undefined });
  });

  it("in the wall clock, the bound LB, without a search", () => {
    const best = computeBestMakespan(
      declaredScenario(),
      header({ clock: "wall", seed: 1, mode: "async", schedule: slow }),
      gold,
    );
    expect(best).toEqual({ value: 42, source: "bound", reason: undefined });
  });

  it("a step that can never complete: no value, and the search's reason", () => {
    const scenario = declaredScenario({ faults: { fetch: { timeout: 2 } } });
    const best = computeBestMakespan(
      scenario,
      header({ clock: "step", seed: 1, mode: "async", schedule: slow }),
      gold,
    );
    expect(best.value).toBeNull();
    expect(best.source).toBe("search");
    expect(best.reason).toMatch(/can never complete/);
  });

  it("an episode too large to search falls back to LB, and says why", () => {
    // 31 steps, one more than the search's state encoding holds.
    const steps = Array.from({ length: 31 }, (_, i) => ({ id: `q${i}`, tool: "quick", args: { n: i } }));
    const tasks: ScenarioFileInput["tasks"] = [
      { id: "many", instruction: "Run them all.", steps, answer: { exact: "x" } },
    ];
    const schedule = { many: Object.fromEntries(steps.map((s) => [s.id, 1])) };
    const best = computeBestMakespan(
      declaredScenario({ tasks }),
      header({ clock: "step", seed: 1, mode: "async", schedule }),
      gold,
    );
    expect(best.value).toBe(42);
    expect(best.source).toBe("bound");
    expect(best.reason).toMatch(/31 steps/);
  });

  it("each episode gets its own result: the schedule, the mode, the seed and the scenario all count", () => {
    const scenario = declaredScenario();
    const of = (s: typeof scenario, h: Parameters<typeof header>[0]) =>
      computeBestMakespan(s, header(h), gold).value;
    expect(of(scenario, { clock: "step", seed: 1, mode: "async", schedule: slow })).toBe(9);
    // Latency 1 everywhere: start a (1), start c (2), a wait at 3 sees both (ended at 2 and 3),
    // start b (4), a wait at 5 sees it (ended at 5), answers at 6 and 7.
    expect(of(scenario, { clock: "step", seed: 1, mode: "async", schedule: fast })).toBe(7);
    // Sync: (1 + 3) + (1 + 2) + (1 + 3) and two answers.
    expect(of(scenario, { clock: "step", seed: 1, mode: "sync", schedule: slow })).toBe(13);
    // A fetch limit of 1 on another scenario (another hash): a and c cannot overlap. start a at 1
    // (ends 4), a wait at 2 lands at 4, start b and c at 5 and 6, (b ends at 7, c at 9), a wait
    // at 7 lands at 7 (b), answer chain at 8, a wait at 9 lands at 9 (c), answer solo at 10.
    const limited = declaredScenario({ faults: { fetch: { concurrency: 1 } } });
    expect(of(limited, { clock: "step", seed: 1, mode: "async", schedule: slow })).toBe(10);
    // Failing fetches: seed 1 and seed 2 draw different first attempts.
    const flaky = declaredScenario({ faults: { fetch: { failureRate: 0.5 } } });
    const seeded = [1, 2].map((seed) => of(flaky, { clock: "step", seed, mode: "async", schedule: slow }));
    expect(seeded[0]).not.toBe(seeded[1]);
  });
});
