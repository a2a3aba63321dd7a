import { counterIds } from "../domains/shared/state-kit.js";
import type { IdSource } from "../domains/shared/types.js";
import type { JsonValue } from "../json.js";
import type { EpisodeIds } from "../scenarios/scenario.js";
import { uniformAt } from "./rng.js";

/**
 * The ids an episode's tools mint, drawn from its seed: the n-th booking of a travel domain is
 * SHA-256(seed, "id", domain, "BK", n) written in 6 letters and digits, so it cannot be guessed
 * from the tool descriptions or from another episode, and one seed still gives one world. The
 * draw depends on the domain's counter (which lives in its state), not on the order of other
 * calls, so the final-state replay, running the same jobs in the same order, mints it again.
 */

/** The rule of an episode run by this build. Recordings without it were made under the counter rule. */
export const SEEDED_IDS = "seeded";
export const COUNTER_IDS = "counter";

/** 30 symbols, without 0/O, 1/I/L and U, so an id read aloud or retyped comes back the same. */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 6; // 30^6 ≈ 7.3 × 10^8 ids per kind: a guess is hopeless, the id still short to read
const SPACE = ALPHABET.length ** LENGTH;
/** A redraw is needed only when the state already holds the id drawn; this many in a row is a fault. */
const MAX_DRAWS = 1000;

function symbols(u: number): string {
  let x = Math.floor(u * SPACE);
  let out = "";
  for (let i = 0; i < LENGTH; i++) {
    out = ALPHABET[x % ALPHABET.length] + out;
    x = Math.floor(x / ALPHABET.length);
  }
  return out;
}

/** The first draw of `key` (then the next, deterministically) that `taken` does not refuse. */
function firstFree<T>(
  seed: number,
  key: readonly (string | number)[],
  make: (u: number) => T,
  taken: (id: T) => boolean,
): T {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const id = make(uniformAt(seed, key, draw));
    if (!taken(id)) return id;
  }
  throw new Error(`${MAX_DRAWS} draws of ${key.join("/")} were all taken`);
}

function seededSource(seed: number, domain: string): IdSource {
  return {
    text: (prefix, counter, taken) => ({
      id: firstFree(seed, ["id", domain, prefix, counter], (u) => `${prefix}-${symbols(u)}`, taken),
      next: counter + 1,
    }),
    // A uint32, the range of a generator's seed.
    seed: (chain) => Math.floor(uniformAt(seed, ["seed", domain], chain) * 4_294_967_296),
  };
}

/** Ids drawn from `seed`: what every episode uses. */
export function seededIds(seed: number): EpisodeIds {
  return { rule: SEEDED_IDS, forDomain: (domain) => seededSource(seed, domain) };
}

/** The counter rule, for recordings made before ids were drawn from the seed. */
export const counterEpisodeIds: EpisodeIds = { rule: COUNTER_IDS, forDomain: () => counterIds };

/**
 * The ids of a recorded episode, by the `ids` its header's options name: seeded, or (absent, in
 * recordings made before ids were drawn) the counter rule.
 */
export function recordedIds(
  seed: number,
  options: Readonly<Record<string, JsonValue>> | undefined,
): EpisodeIds {
  return options?.ids === SEEDED_IDS ? seededIds(seed) : counterEpisodeIds;
}
