import type { RealTime } from "../../src/engine/clock.js";

/** Real time driven by hand: tests advance it and due timers fire in order. Nothing sleeps. */
export class FakeRealTime implements RealTime {
  private current = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  private readonly watchers = new Set<() => void>();

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.current + Math.max(0, ms), fn });
    this.notify();
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
    this.notify();
  }

  /**
   * Resolves once exactly `count` timers are pending: a test waits on this event (a server's
   * wait arming its timers, or dropping them when released) instead of sleeping.
   */
  whenTimerCount(count: number): Promise<void> {
    if (this.pending.size === count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.pending.size !== count) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
    });
  }

  private notify(): void {
    for (const check of [...this.watchers]) check();
  }

  get timerCount(): number {
    return this.pending.size;
  }

  /** Moves time forward by ms, firing every timer due on the way, earliest first. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let nextId: number | undefined;
      let nextAt = Number.POSITIVE_INFINITY;
      for (const [id, timer] of this.pending) {
        if (timer.at <= target && timer.at < nextAt) {
          nextAt = timer.at;
          nextId = id;
        }
      }
      if (nextId === undefined) break;
      const timer = this.pending.get(nextId);
      this.pending.delete(nextId);
      this.current = nextAt;
      timer?.fn();
      this.notify();
    }
    this.current = target;
  }
}
