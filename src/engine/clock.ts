import type { ClockKind } from "./types.js";

/** Real time, injected so that tests drive it by hand and never sleep. */
export interface RealTime {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemRealTime: RealTime = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The episode clock: steps, or scenario milliseconds (real time divided by the time scale). */
export interface EpisodeClock {
  readonly kind: ClockKind;
  now(): number;
}

/** Advances only when told: one step per agent call, or a jump when a wait needs it. */
export class StepClock implements EpisodeClock {
  readonly kind = "step" as const;
  private current = 0;

  now(): number {
    return this.current;
  }

  tick(): number {
    this.current += 1;
    return this.current;
  }

  advanceTo(time: number): void {
    if (time > this.current) this.current = time;
  }
}

/**
 * Real time since the episode started, scaled: with timeScale 0.01 a latency of 1000 scenario ms
 * passes in 10 real ms, and stamps read in scenario ms so latencies look as the scenario states.
 */
export class WallClock implements EpisodeClock {
  readonly kind = "wall" as const;
  private readonly t0: number;

  constructor(
    readonly real: RealTime,
    readonly timeScale: number,
  ) {
    if (!(timeScale > 0)) throw new RangeError("timeScale must be positive");
    this.t0 = real.now();
  }

  now(): number {
    return (this.real.now() - this.t0) / this.timeScale;
  }

  /** Runs fn when the episode clock reaches `time`. */
  at(time: number, fn: () => void): unknown {
    return this.real.setTimeout(fn, (time - this.now()) * this.timeScale);
  }

  cancel(handle: unknown): void {
    this.real.clearTimeout(handle);
  }
}
