// The timer probe: plain setTimeout timers with random delays, set in a process beside whatever
// it is doing, each noting how late it fired. The same probe runs beside asynctool's jobs and
// beside the plain-timer baseline, so that the two are compared in the same conditions.

/** Sets `count` timers with delays uniform in [min, max] ms; resolves their lateness (ms). */
export function probeTimers({ count, min, max }) {
  const lateness = [];
  return new Promise((resolve) => {
    for (let i = 0; i < count; i++) {
      const delay = min + Math.random() * (max - min);
      const due = performance.now() + delay;
      setTimeout(() => {
        lateness.push(performance.now() - due);
        if (lateness.length === count) resolve(lateness);
      }, delay);
    }
  });
}
