import { randomFillSync } from "node:crypto";

/**
 * Unguessable job ids: `job_` and 21 characters of the URL-safe alphabet (126 random bits),
 * each character one random byte's low 6 bits, as nanoid draws them. Made here rather than
 * by nanoid because nanoid builds its id a character at a time (21 strings per id, most of a
 * call's garbage in the engine); this writes the id's bytes into one buffer and makes one
 * string of them.
 */

/** The 64 characters, as nanoid orders them (any order gives the same distribution). */
const ALPHABET = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PREFIX = "job_";
const RANDOM_CHARS = 21;
/** Random bytes drawn per system call: a batch of ids, not one id per call. */
const POOL_IDS = 128;

const pool = Buffer.allocUnsafe(RANDOM_CHARS * POOL_IDS);
let poolOffset = pool.length;
const id = Buffer.from(PREFIX.padEnd(PREFIX.length + RANDOM_CHARS, "_"), "latin1");

export function randomJobId(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  for (let i = 0; i < RANDOM_CHARS; i++)
    id[PREFIX.length + i] = CODES[(pool[poolOffset + i] as number) & 63] as number;
  poolOffset += RANDOM_CHARS;
  return id.toString("latin1");
}
