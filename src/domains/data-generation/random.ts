/**
 * The data_generation domain's pseudo-random numbers: mulberry32 (32-bit state, public domain,
 * by Tommy Ettinger). Small, fast and exactly reproducible, since it uses only 32-bit integer
 * arithmetic (Math.imul, shifts): the same seed gives the same draws on every machine and Node.
 */

export const MAX_SEED = 4_294_967_295;

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32-bit output of mulberry32. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1) with 53 random bits, from two outputs. */
  next(): number {
    const high = this.uint32() >>> 5; // 27 bits
    const low = this.uint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/** The seed after `seed` in the domain's chain of seeds: mulberry32's first output from it. */
export function nextSeed(seed: number): number {
  return new Random(seed).uint32();
}
