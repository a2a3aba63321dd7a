import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pick, type Rng, randomInt, uniformAt } from "../../src/engine/rng.js";

/** A source that returns the given draws in turn: the values below are worked out from them. */
function fixed(...draws: number[]): Rng {
  let i = 0;
  return { next: () => draws[i++] as number };
}

describe("rng draws", () => {
  it("randomInt spreads [0, 1) evenly over min..max, both ends included", () => {
    // 3 values (3, 4, 5), each a third of [0, 1): 0 → 3, 0.5 → 4 (the middle third), 0.999 → 5.
    const rng = fixed(0, 0.5, 0.999);
    expect([randomInt(rng, 3, 5), randomInt(rng, 3, 5), randomInt(rng, 3, 5)]).toEqual([3, 4, 5]);
  });

  it("pick takes the item whose share of [0, 1) holds the draw, and refuses an empty list", () => {
    // 4 items, a quarter each: 0.5 is the start of the third quarter.
    expect(pick(fixed(0.5), ["a", "b", "c", "d"])).toBe("c");
    expect(pick(fixed(0.2499), ["a", "b", "c", "d"])).toBe("a");
    expect(() => pick(fixed(0.5), [])).toThrow(new RangeError("pick from an empty list"));
  });

  it("uniformAt reads 53 bits of SHA-256(seed, key, index) as a binary fraction: 27 of the first word, then 26 of the second", () => {
    for (const [seed, key, index] of [
      [7, ["latency", "fetch"], 0],
      [123456, ["id", "travel", "BK", 3], 2],
    ] as const) {
      const digest = createHash("sha256")
        .update(`${seed}\u0000${key.join("\u0000")}\u0000${index}`)
        .digest();
      // The top 27 bits of bytes 0–3, followed by the top 26 bits of bytes 4–7, over 2^53.
      const bits =
        (BigInt(digest.readUInt32BE(0)) >> 5n) * 2n ** 26n + (BigInt(digest.readUInt32BE(4)) >> 6n);
      expect(uniformAt(seed, key, index)).toBe(Number(bits) / 2 ** 53);
    }
  });
});
