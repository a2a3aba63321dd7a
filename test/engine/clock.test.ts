import { afterEach, describe, expect, it, vi } from "vitest";
import { type RealTime, StepClock, systemRealTime, WallClock } from "../../src/engine/clock.js";

/** Real time driven by hand: `t` is the monotonic reading, timers are recorded, never run. */
function manualTime(start: number) {
  const timers: { fn: () => void; ms: number }[] = [];
  const cleared: unknown[] = [];
  const real: RealTime & { t: number } = {
    t: start,
    now: () => real.t,
    setTimeout: (fn: () => void, ms: number) => {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimeout: (handle: unknown) => {
      cleared.push(handle);
    },
  };
  return { real, timers, cleared };
}

describe("step clock", () => {
  it("starts at 0 and moves one step per tick", () => {
    const clock = new StepClock();
    expect(clock.now()).toBe(0);
    expect(clock.tick()).toBe(1);
    expect(clock.tick()).toBe(2);
    expect(clock.now()).toBe(2);
  });

  it("jumps forward to a later time and never goes back", () => {
    const clock = new StepClock();
    clock.advanceTo(5);
    expect(clock.now()).toBe(5);
    clock.advanceTo(3);
    expect(clock.now()).toBe(5);
    expect(clock.tick()).toBe(6);
  });
});

describe("wall clock", () => {
  it("reads real time since its start, divided by the time scale", () => {
    const { real } = manualTime(1000);
    const clock = new WallClock(real, 0.01);
    expect(clock.now()).toBe(0);
    real.t = 1010; // 10 real ms at scale 0.01: 10 / 0.01 = 1000 scenario ms
    expect(clock.now()).toBeCloseTo(1000, 9);
  });

  it("schedules a callback at an episode time, in real milliseconds from now", () => {
    const { real, timers, cleared } = manualTime(0);
    const clock = new WallClock(real, 0.5);
    real.t = 100; // episode time 100 / 0.5 = 200
    const fn = () => {};
    const handle = clock.at(500, fn);
    // (500 − 200) episode ms · 0.5 = 150 real ms.
    expect(timers).toEqual([{ fn, ms: 150 }]);
    clock.cancel(handle);
    expect(cleared).toEqual([handle]);
  });

  it("refuses a time scale that is not positive", () => {
    const { real } = manualTime(0);
    for (const scale of [0, -1, Number.NaN])
      expect(() => new WallClock(real, scale)).toThrow(new RangeError("timeScale must be positive"));
  });
});

describe("system real time", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads a monotonic clock", () => {
    const a = systemRealTime.now();
    const b = systemRealTime.now();
    expect(typeof a).toBe("number");
    expect(b).toBeGreaterThanOrEqual(a);
  });

  it("runs a timer after its delay, at once for a negative one, and not once cleared", () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    systemRealTime.setTimeout(() => fired.push("late"), 100);
    systemRealTime.setTimeout(() => fired.push("overdue"), -50); // a time already past: now
    const cleared = systemRealTime.setTimeout(() => fired.push("cleared"), 10);
    systemRealTime.clearTimeout(cleared);
    vi.advanceTimersByTime(0);
    expect(fired).toEqual(["overdue"]);
    vi.advanceTimersByTime(99);
    expect(fired).toEqual(["overdue"]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(["overdue", "late"]);
  });
});
