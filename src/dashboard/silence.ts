import type { LiveRecording } from "../recorder/live-recordings.js";

/**
 * A recording followed from another process's file ends with an end line, unless its writer
 * died first (a stdio server killed by its client, a crash): then the file simply stops growing.
 * A follower cannot tell a dead writer from an agent that thinks for a long time, so past a
 * threshold without a write the dashboard says what it knows: how long the file has been silent,
 * and that its server may have stopped. A new line makes it live again. The report names the same
 * recording by its missing end line ("in progress (no end recorded; …)", end-status.ts): both say
 * "no end recorded", neither claims the server is dead.
 */

/** How long a running session's file may go without a write before it is shown as silent. */
export const STALE_AFTER_DEFAULT_MS = 10 * 60_000;

/**
 * For how long (ms) the session has been silent, when that is at least `staleAfterMs`; null when
 * it is not silent: ended, recorded by this process (no file time), written recently, or no
 * threshold given.
 */
export function silence(live: LiveRecording, nowMs: number, staleAfterMs: number | undefined): number | null {
  if (staleAfterMs === undefined || live.end !== null || live.lastWriteAt === null) return null;
  const quiet = nowMs - live.lastWriteAt;
  return quiet >= staleAfterMs ? quiet : null;
}

/** "45 s", "12 min", "3 h 5 min": whole units, rounded down, so the words change rarely. */
export function formatSilence(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** What the sessions list and the session page say of a silent session, in place of "running". */
export function silentWords(ms: number): string {
  return `silent for ${formatSilence(ms)}: no end recorded, its server may have stopped`;
}
