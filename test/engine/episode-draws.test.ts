import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attemptFails, Episode, stepAttemptKey } from "../../src/engine/episode.js";
import { keyedRng } from "../../src/engine/rng.js";
import { canonicalJson, type JsonObject } from "../../src/json.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * Which draw a job's latency and fate come from. Every draw is SHA-256(seed, key, index)
 * (docs/architecture.md): a call that does no gold step draws by its tool, its arguments and
 * its attempt number; a gold step's fate by the step and the number of its attempts that failed,
 * the index the best-schedule search reads through `attemptFails`. These keys make a seed's
 * world: changing one re-rolls every seed, so they are pinned here.
 */
function stepEpisode(overrides: Parameters<typeof declaredScenario>[0], seed = 1) {
  let n = 0;
  return new Episode({
    scenario: declaredScenario(overrides),
    seed,
    clock: "step",
    newJobId: () => `job-${++n}`,
  });
}

/** The key of a call that does no gold step: its tool and its arguments as canonical JSON. */
const quickKey = 'call\u0000quick\u0000{"n":1}';

describe("the draws of a call that does no gold step", () => {
  it("takes attempt k's latency and fate from the draws (seed, latency | failure, tool and arguments, k)", async () => {
    const episode = stepEpisode({
      latency: { fetch: 3, combine: 2, quick: { uniform: { min: 1, max: 20 } } },
      faults: { quick: { failureRate: 0.5 } },
    });
    const latencies: number[] = [];
    const fates: boolean[] = [];
    for (let k = 0; k < 6; k++) {
      episode.beginCall();
      const job = episode.startJob("quick", { n: 1 });
      await episode.wait([job.id], { all: true });
      latencies.push(job.latency);
      fates.push(job.status === "failed");
    }
    // uniform(1, 20) in steps: 1 + 19·u, rounded, where u is the first draw of the latency key.
    const expectedLatencies = [0, 1, 2, 3, 4, 5].map((k) =>
      Math.max(1, Math.round(1 + 19 * keyedRng(1, "latency", quickKey, k).next())),
    );
    expect(latencies).toEqual(expectedLatencies);
    expect(fates).toEqual([0, 1, 2, 3, 4, 5].map((k) => attemptFails(1, quickKey, k, 0.5)));
    // Six draws of a fair coin and of 20 values: the pins above would hold by chance for a
    // wrong key or index only if these all repeated one value.
    expect(new Set(latencies).size).toBeGreaterThan(1);
    expect(new Set(fates).size).toBe(2);
  });

  it("fails exactly when the failure draw is below the rate: a draw equal to it does not fail", async () => {
    const u = keyedRng(1, "failure", quickKey, 0).next();
    const fateAt = async (failureRate: number) => {
      const episode = stepEpisode({ faults: { quick: { failureRate } } });
      episode.beginCall();
      const job = episode.startJob("quick", { n: 1 });
      await episode.wait([job.id], { all: true });
      return job.status;
    };
    expect(await fateAt(u)).toBe("completed");
    expect(await fateAt(u + 1e-9)).toBe("failed");
  });
});

describe("the fate of a gold step's attempts", () => {
  it("draws the retry after the n-th failure with index n, as the best-schedule search assumes", async () => {
    const key = stepAttemptKey("chain", "a");
    let retried = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const episode = stepEpisode({ faults: { fetch: { failureRate: 0.5 } } }, seed);
      const fates: boolean[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        episode.beginCall();
        const job = episode.startJob("fetch", { key: "a" });
        await episode.wait([job.id], { all: true });
        fates.push(job.status === "failed");
        if (job.status !== "failed") break;
      }
      // The attempts stop at the first success: each fate is the draw of its own index.
      expect(fates).toEqual(fates.map((_, n) => attemptFails(seed, key, n, 0.5)));
      if (fates.length > 1) retried += 1;
    }
    expect(retried).toBeGreaterThan(2); // several seeds reached a retry, so its index was tested
  });

  it("gives a duplicate started while an attempt runs that attempt's draw, not the next one", async () => {
    // Only failures advance a step's index: two attempts started together share index 0, so a
    // duplicate cannot draw a luckier fate than the attempt it doubles (best-schedule.ts).
    const key = stepAttemptKey("chain", "a");
    let differs = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const episode = stepEpisode({ faults: { fetch: { failureRate: 0.5 } } }, seed);
      episode.beginCall();
      const first = episode.startJob("fetch", { key: "a" });
      episode.beginCall();
      const duplicate = episode.startJob("fetch", { key: "a" });
      await episode.wait([first.id, duplicate.id], { all: true });
      const fate = attemptFails(seed, key, 0, 0.5) ? "failed" : "completed";
      expect([first.status, duplicate.status]).toEqual([fate, fate]);
      if (attemptFails(seed, key, 0, 0.5) !== attemptFails(seed, key, 1, 0.5)) differs += 1;
    }
    expect(differs).toBeGreaterThan(2); // seeds where index 1 would have drawn another fate
  });
});

describe("the draws of a call in instant mode", () => {
  // In instant mode a call that does no gold step has no latency draw, and a tool that cannot
  // fail no failure draw: the episode then neither makes the call's key nor counts its attempts.
  // What it must still do is what the count is for: attempt k of a tool that can fail takes its
  // fate from draw k of its arguments' key, whatever the other calls in between.
  it("fails attempt k of a call exactly as draw k of its key says, and never when the tool cannot fail", () => {
    const args = fc.constantFrom<JsonObject>({ n: 1 }, { n: 2 }, { n: 3.5 }, {});
    fc.assert(
      fc.property(
        fc.constantFrom(0, 0.3, 0.7),
        fc.integer({ min: 1, max: 50 }),
        fc.array(args, { minLength: 1, maxLength: 30 }),
        (failureRate, seed, calls) => {
          let n = 0;
          const episode = new Episode({
            scenario: declaredScenario({ faults: { quick: { failureRate } } }),
            seed,
            mode: "instant",
            clock: "step",
            newJobId: () => `job-${++n}`,
          });
          const attempts = new Map<string, number>();
          for (const a of calls) {
            episode.beginCall();
            const job = episode.startJob("quick", a);
            const key = `call\u0000quick\u0000${canonicalJson(a)}`;
            const k = attempts.get(key) ?? 0;
            attempts.set(key, k + 1);
            expect(job.latency).toBe(0);
            expect(job.status).toBe(attemptFails(seed, key, k, failureRate) ? "failed" : "completed");
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
