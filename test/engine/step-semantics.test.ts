import { describe, expect, it } from "vitest";
import { Episode, type EpisodeEvent } from "../../src/engine/episode.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * The step-clock rules that decide finish times, and through them pickup latency, concurrency
 * and the best makespan: each is pinned with times worked out by hand. `fetch {key: "a"}` is
 * the gold step chain/a (latency 3 here); `combine {left: "x", right: "y"}` fits no gold step
 * (chain/b needs the value a returned), so it runs with the tool's own latency (5 here).
 */
function ids() {
  let n = 0;
  return () => `job-${++n}`;
}

function episodeWith(latency: Record<string, unknown>, seed = 1) {
  return new Episode({
    scenario: declaredScenario({ latency: { fetch: 3, combine: 5, quick: 1, ...latency } as never }),
    seed,
    clock: "step",
    newJobId: ids(),
  });
}

function transitions(episode: Episode): string[] {
  const seen: string[] = [];
  episode.on((event: EpisodeEvent) => {
    if (event.type === "job") seen.push(`${event.job.id}:${event.job.status}@${event.t}`);
  });
  return seen;
}

describe("waiting in the step clock", () => {
  it("moves the clock to the LAST finish on a wait for all, stamping each job with its own end", async () => {
    const episode = episodeWith({});
    const seen = transitions(episode);
    episode.beginCall(); // t = 1
    const a = episode.startJob("fetch", { key: "a" }); // d = 3: ends at 1 + 3 = 4
    const c = episode.startJob("combine", { left: "x", right: "y" }); // d = 5: ends at 1 + 5 = 6
    expect([a.step, c.step]).toEqual([{ task: "chain", step: "a" }, undefined]);
    expect([a.endsAt, c.endsAt]).toEqual([4, 6]);

    const outcome = await episode.wait([a.id, c.id], { all: true });
    expect(outcome).toEqual({ timedOut: false, aborted: false });
    // One jump from 1 to 6: both end during it, a at its own end (4), not at the clock's 6.
    expect(episode.now()).toBe(6);
    expect([a.status, c.status]).toEqual(["completed", "completed"]);
    expect([a.endedAt, c.endedAt]).toEqual([4, 6]);
    expect(seen).toEqual(["job-1:working@1", "job-2:working@1", "job-1:completed@4", "job-2:completed@6"]);
  });

  it("moves the clock to the FIRST finish on a wait for any, leaving the other working", async () => {
    const episode = episodeWith({});
    episode.beginCall(); // t = 1
    const c = episode.startJob("combine", { left: "x", right: "y" }); // ends at 6
    const a = episode.startJob("fetch", { key: "a" }); // ends at 4
    await episode.wait([c.id, a.id], { all: false });
    expect(episode.now()).toBe(4);
    expect([a.status, c.status]).toEqual(["completed", "working"]);
    expect(a.endedAt).toBe(4);
    await episode.wait([c.id, a.id], { all: false }); // a is final already: no move
    expect(episode.now()).toBe(4);
    await episode.wait([c.id, a.id], { all: true });
    expect(episode.now()).toBe(6);
    expect(c.endedAt).toBe(6);
  });

  it("finishes jobs due at the same step in start order, and those due earlier first", async () => {
    const episode = episodeWith({});
    const seen = transitions(episode);
    episode.beginCall(); // t = 1
    const late = episode.startJob("combine", { left: "x", right: "y" }); // ends at 6
    episode.beginCall(); // t = 2
    const early = episode.startJob("fetch", { key: "zz" }); // not gold: d = 3, ends at 5
    episode.beginCall(); // t = 3
    const same = episode.startJob("fetch", { key: "a" }); // gold, d = 3: ends at 6, like `late`
    await episode.wait([late.id, early.id, same.id], { all: true });
    expect(episode.now()).toBe(6);
    expect(seen.slice(3)).toEqual(["job-2:completed@5", "job-1:completed@6", "job-3:completed@6"]);
  });

  it("stops a wait for all at its timeout when the last job ends after it", async () => {
    const episode = episodeWith({});
    episode.beginCall(); // t = 1
    const a = episode.startJob("fetch", { key: "a" }); // ends at 4
    const c = episode.startJob("combine", { left: "x", right: "y" }); // ends at 6
    const outcome = await episode.wait([a.id, c.id], { all: true, timeout: 4 }); // deadline 1 + 4 = 5
    expect(outcome.timedOut).toBe(true);
    expect(episode.now()).toBe(5);
    expect([a.status, c.status]).toEqual(["completed", "working"]);
    // A timeout exactly at the last finish is no timeout: the wait got what it asked for.
    const exact = episodeWith({});
    exact.beginCall();
    const x = exact.startJob("fetch", { key: "a" });
    const y = exact.startJob("combine", { left: "x", right: "y" });
    expect(await exact.wait([x.id, y.id], { all: true, timeout: 5 })).toEqual({
      timedOut: false,
      aborted: false,
    });
    expect(exact.now()).toBe(6);
  });

  it("stamps a cancelled job with the clock's now, not its planned end", () => {
    const episode = episodeWith({});
    episode.beginCall(); // t = 1
    const c = episode.startJob("combine", { left: "x", right: "y" }); // would end at 6
    episode.beginCall(); // t = 2
    episode.cancelJob(c.id, "agent");
    expect(c.endedAt).toBe(2);
    expect(c.status).toBe("cancelled");
  });
});

describe("latency of a call that fits no gold step", () => {
  // Uniform on [1, 50] steps: wide enough that two keys drawing the same value would be a fluke.
  const wide = { fetch: { uniform: { min: 1, max: 50 } } };

  function latencies(order: readonly string[]): Record<string, number[]> {
    const episode = episodeWith(wide, 7);
    const out: Record<string, number[]> = {};
    for (const key of order) {
      episode.beginCall();
      const job = episode.startJob("fetch", { key });
      expect(job.step).toBeUndefined();
      out[key] = [...(out[key] ?? []), job.latency];
    }
    return out;
  }

  it("does not depend on the order of calls, only on the seed, the call and its attempt", () => {
    const forward = latencies(["x", "y", "x"]);
    const backward = latencies(["y", "x", "x"]);
    expect(backward).toEqual(forward);
    // Distinct keys and distinct attempts draw distinct values (this seed), so the equality
    // above says each value followed its own call and attempt, not its place in the session.
    const [x1, x2] = forward.x as number[];
    expect(new Set([x1, x2, forward.y?.[0]]).size).toBe(3);
  });

  it("does not depend on calls of other tools in between", () => {
    const plain = latencies(["x"]);
    const episode = episodeWith(wide, 7);
    episode.beginCall();
    episode.startJob("quick", { n: 4 });
    episode.startJob("combine", { left: "p", right: "q" });
    episode.beginCall();
    expect(episode.startJob("fetch", { key: "x" }).latency).toBe(plain.x?.[0]);
  });

  it("differs from seed to seed", () => {
    const seven = latencies(["x"]).x?.[0];
    const other = episodeWith(wide, 8);
    other.beginCall();
    expect(other.startJob("fetch", { key: "x" }).latency).not.toBe(seven);
  });
});
