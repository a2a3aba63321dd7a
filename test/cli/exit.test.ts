import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { EXIT_GRACE_MS, exitOnceWritten, written } from "../../src/cli/exit.js";

// The CLI's exit (cli.ts): the output first, however long its reader takes; then a grace for
// the leftovers of a stopped server, after which the process exits even if they still hold it.

/** A stream whose writes complete only when the test says so (a pipe whose reader stalls). */
function stalledStream(): { stream: Writable; release: () => void; got: string[] } {
  const got: string[] = [];
  const pending: (() => void)[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      got.push(chunk.toString());
      pending.push(done);
    },
  });
  const release = () => {
    for (let next = pending.shift(); next; next = pending.shift()) next();
  };
  return { stream, release, got };
}

/** A clock that runs a scheduled exit only when the test fires it, and says whether it was unref'd. */
function manualClock() {
  const timers: { run: () => void; ms: number; unrefd: boolean }[] = [];
  const schedule = (run: () => void, ms: number) => {
    const timer = { run, ms, unrefd: false };
    timers.push(timer);
    return {
      unref: () => {
        timer.unrefd = true;
      },
    };
  };
  return { timers, schedule };
}

/** Lets every settled promise run its callbacks (the stream's callbacks run on later ticks). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("exitOnceWritten", () => {
  it("starts the grace only once a stalled reader has taken the whole output", async () => {
    const { stream, release, got } = stalledStream();
    stream.write("x".repeat(100_000));
    stream.write("the end\n");
    const clock = manualClock();
    const exits: number[] = [];
    const done = exitOnceWritten(3, [stream], (code) => exits.push(code), EXIT_GRACE_MS, clock.schedule);
    await settle();
    expect(clock.timers).toEqual([]); // no exit can be scheduled while the output waits
    release();
    await settle();
    release(); // the second write, then the empty write the wait is queued behind
    await settle();
    release();
    await done;
    expect(got.join("")).toBe(`${"x".repeat(100_000)}the end\n`);
    expect(clock.timers.map(({ ms, unrefd }) => ({ ms, unrefd }))).toEqual([
      { ms: EXIT_GRACE_MS, unrefd: true },
    ]);
    expect(exits).toEqual([]);
    clock.timers[0]?.run(); // something (a server's socket) still held the process: exit anyway
    expect(exits).toEqual([3]);
  });

  it("schedules the exit at once when nothing is waiting to be written", async () => {
    const clock = manualClock();
    const exits: number[] = [];
    await exitOnceWritten(
      0,
      [new Writable({ write: (_c, _e, done) => done() })],
      (c) => exits.push(c),
      50,
      clock.schedule,
    );
    expect(clock.timers.map(({ ms, unrefd }) => ({ ms, unrefd }))).toEqual([{ ms: 50, unrefd: true }]);
    clock.timers[0]?.run();
    expect(exits).toEqual([0]);
  });

  it("waits for every stream it is given (stdout and stderr)", async () => {
    const out = stalledStream();
    const err = stalledStream();
    out.stream.write("result\n");
    err.stream.write("progress\n");
    const clock = manualClock();
    const done = exitOnceWritten(0, [out.stream, err.stream], () => {}, EXIT_GRACE_MS, clock.schedule);
    for (let i = 0; i < 3; i++) {
      out.release();
      await settle();
    }
    expect(clock.timers).toEqual([]); // stderr's reader has not taken its line yet
    for (let i = 0; i < 3; i++) {
      err.release();
      await settle();
    }
    await done;
    expect(clock.timers).toHaveLength(1);
  });
});

describe("written", () => {
  it("does not wait on a stream that was destroyed (a reader that went away)", async () => {
    const { stream } = stalledStream();
    stream.write("lost\n");
    stream.destroy();
    await written(stream);
  });
});
