import type { LiveRecording } from "../recorder/live-recordings.js";

/**
 * The episode's time now, for drawing a running session up to the present: in the wall clock,
 * the real time since the header's start divided by the time scale (the clock's own rule), never
 * before the last event; in the step clock time moves only with calls, so it is the last event's.
 * `nowMs` is the real time (epoch ms), passed in so that tests choose it.
 */
export function episodeTimeNow(live: LiveRecording, nowMs: number): number {
  const last = live.events.at(-1)?.t ?? 0;
  if (live.end !== null || live.header.clock !== "wall") return last;
  const started = Date.parse(live.header.startedAt);
  if (!Number.isFinite(started)) return last;
  return Math.max(last, (nowMs - started) / live.header.timeScale);
}
