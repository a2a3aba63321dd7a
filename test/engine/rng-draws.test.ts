import { createHash } from "node:crypto";
import fc from "fast-check";
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

  it("uniformAt draws what the createHash reading of the same digest draws, for any seed, key and index", () => {
    // The former reading: a Hash object, the digest as a Buffer, two big-endian words. Keys hold
    // any UTF-16 text, lone surrogates included (both hash them as UTF-8 with U+FFFD in their place).
    const byCreateHash = (seed: number, key: readonly (string | number)[], index: number): number => {
      const digest = createHash("sha256")
        .update(`${seed}\u0000${key.join("\u0000")}\u0000${index}`)
        .digest();
      return ((digest.readUInt32BE(0) >>> 5) * 67108864 + (digest.readUInt32BE(4) >>> 6)) / 2 ** 53;
    };
    const anyText = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.double()),
        fc.array(fc.oneof(anyText, fc.integer(), fc.double()), { maxLength: 6 }),
        fc.nat(),
        (seed, key, index) => {
          expect(uniformAt(seed, key, index)).toBe(byCreateHash(seed, key, index));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("uniformAt's draws of known keys stay what they were (a change of mixer would move every schedule)", () => {
    expect([
      uniformAt(1, ["latency", "step\u0000t1\u0000s1"], 0),
      uniformAt(7, ["failure", "call\u0000lookup\u0000{}"], 3),
      uniformAt(123456, ["id", "travel", "BK", 3], 2),
    ]).toEqual([0.9562864594093695, 0.5143614358027326, 0.7778622155493753]);
  });
});
