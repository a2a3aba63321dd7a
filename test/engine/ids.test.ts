import { beforeEach, describe, expect, it, vi } from "vitest";
import { counterIds } from "../../src/domains/shared/state-kit.js";
import { COUNTER_IDS, counterEpisodeIds, recordedIds, SEEDED_IDS, seededIds } from "../../src/engine/ids.js";

/**
 * How an episode mints ids (src/engine/ids.ts), with the draws injected: `uniformAt` is replaced
 * by a stub that records each key and index it is asked for and returns the next value queued,
 * so every id below is worked out by hand from the draw it is given. Symbols, in the order of
 * their value 0..29: 2 3 4 5 6 7 8 9 A B C D E F G H J K M N P Q R S T V W X Y Z.
 */
const draws = vi.hoisted(() => ({
  queue: [] as number[],
  asked: [] as { seed: number; key: readonly (string | number)[]; index: number }[],
}));

vi.mock("../../src/engine/rng.js", () => ({
  uniformAt: (seed: number, key: readonly (string | number)[], index: number) => {
    draws.asked.push({ seed, key: [...key], index });
    return draws.queue.shift() ?? 0;
  },
}));

const SPACE = 30 ** 6;
/** The draw that lands on the x-th id of the 30^6 (mid-way through its slot, so no rounding moves it). */
const slot = (x: number) => (x + 0.5) / SPACE;
const none = () => false;

beforeEach(() => {
  draws.queue = [];
  draws.asked = [];
});

describe("a seeded id's symbols", () => {
  it("write the draw's slot among 30^6 in base 30, most significant symbol first", () => {
    // 1·30^5 + 2·30^4 + 8·30^3 + 15·30^2 + 20·30 + 29 = 26 150 129: symbols 3 4 A H P Z.
    draws.queue = [slot(26_150_129)];
    expect(seededIds(1).forDomain("travel").text("BK", 1001, none)).toEqual({ id: "BK-34AHPZ", next: 1002 });
  });

  it("run from 222222 (draw 0) to ZZZZZZ (the last slot), six symbols whatever the draw", () => {
    draws.queue = [0, slot(SPACE - 1), slot(1), slot(30)];
    const source = seededIds(1).forDomain("social");
    expect(["P", "P", "C", "C"].map((prefix) => source.text(prefix, 1, none).id)).toEqual([
      "P-222222",
      "P-ZZZZZZ",
      "C-222223",
      "C-222232",
    ]);
  });
});

describe("seeded draws", () => {
  it("key an id by seed, domain, prefix and counter, and the next counter is one more", () => {
    draws.queue = [slot(0)];
    expect(seededIds(42).forDomain("travel").text("BK", 1007, none).next).toBe(1008);
    expect(draws.asked).toEqual([{ seed: 42, key: ["id", "travel", "BK", 1007], index: 0 }]);
  });

  it("draw again, at the next index of the same key, while the state already holds the id", () => {
    draws.queue = [slot(0), slot(1), slot(2)];
    const held = new Set(["BK-222222", "BK-222223"]);
    const offered: string[] = [];
    const { id } = seededIds(3)
      .forDomain("travel")
      .text("BK", 5, (candidate) => {
        offered.push(candidate);
        return held.has(candidate);
      });
    expect(id).toBe("BK-222224");
    expect(offered).toEqual(["BK-222222", "BK-222223", "BK-222224"]);
    expect(draws.asked.map((a) => a.index)).toEqual([0, 1, 2]);
  });

  it("give up after 1000 draws that are all taken, naming the key", () => {
    let offers = 0;
    const taken = () => {
      offers++;
      return true;
    };
    expect(() => seededIds(3).forDomain("travel").text("BK", 5, taken)).toThrow(
      new Error("1000 draws of id/travel/BK/5 were all taken"),
    );
    expect(offers).toBe(1000);
    expect(draws.asked.at(-1)?.index).toBe(999);
  });

  it("draw a generator's seed as a uint32 from the domain's chain", () => {
    // floor(u · 2^32): 0.5 → 2^31, the largest draw below 1 → 2^32 − 1.
    draws.queue = [0.5, 1 - 2 ** -53, 0];
    const source = seededIds(9).forDomain("data_management");
    expect([source.seed(0), source.seed(4), source.seed(7)]).toEqual([2 ** 31, 2 ** 32 - 1, 0]);
    expect(draws.asked).toEqual([
      { seed: 9, key: ["seed", "data_management"], index: 0 },
      { seed: 9, key: ["seed", "data_management"], index: 4 },
      { seed: 9, key: ["seed", "data_management"], index: 7 },
    ]);
  });
});

describe("the id rules", () => {
  it("name themselves seeded and counter; the counter rule mints from the state's counters", () => {
    expect(SEEDED_IDS).toBe("seeded");
    expect(COUNTER_IDS).toBe("counter");
    expect(seededIds(1).rule).toBe("seeded");
    expect(counterEpisodeIds.rule).toBe("counter");
    expect(counterEpisodeIds.forDomain("travel")).toBe(counterIds);
    expect(counterEpisodeIds.forDomain("travel").text("BK", 1001, (id) => id === "BK1001")).toEqual({
      id: "BK1002",
      next: 1003,
    });
  });

  it("read a recording's rule from its header's options: seeded only when they say so, with its seed", () => {
    expect(recordedIds(1, undefined)).toBe(counterEpisodeIds);
    expect(recordedIds(1, {})).toBe(counterEpisodeIds);
    expect(recordedIds(1, { ids: "counter" })).toBe(counterEpisodeIds);
    const seeded = recordedIds(77, { ids: "seeded" });
    expect(seeded.rule).toBe("seeded");
    draws.queue = [slot(0)];
    seeded.forDomain("travel").text("BK", 1, none);
    expect(draws.asked).toEqual([{ seed: 77, key: ["id", "travel", "BK", 1], index: 0 }]);
  });
});
