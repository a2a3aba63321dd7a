import fc from "fast-check";
import { describe, expect, it } from "vitest";

// The bench is plain JavaScript outside the package (bench/); its modules are loaded as they run.
const { answered, warmUpConnections } = await import(
  new URL("../bench/lib/stdio-warm-up.mjs", import.meta.url).href
);
const { MARK, callPhases } = await import(
  new URL("../bench/lib/stdio-phase-spans.mjs", import.meta.url).href
);

describe("bench: figure 1's stdio servers warmed up before they are timed", () => {
  it("makes every side's calls, i = 0 … calls − 1, one at a time, one side after the other", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 4 }),
        async (calls, count) => {
          const made: [string, number][] = [];
          let inFlight = 0;
          let most = 0;
          const side = (name: string) => async (i: number) => {
            inFlight += 1;
            most = Math.max(most, inFlight);
            await Promise.resolve();
            made.push([name, i]);
            inFlight -= 1;
            return { content: [] };
          };
          const names = Array.from({ length: count }, (_, k) => `side${k}`);
          await warmUpConnections(Object.fromEntries(names.map((name) => [name, side(name)])), calls);
          expect(made).toEqual(names.flatMap((name) => Array.from({ length: calls }, (_, i) => [name, i])));
          expect(most).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it("stops at a call answered with an error, naming the side and the error's text", async () => {
    let made = 0;
    const ending = async () => {
      made += 1;
      return made < 3
        ? { content: [] }
        : { isError: true, content: [{ type: "text", text: "RECORDING_BUDGET" }] };
    };
    await expect(warmUpConnections({ tool: ending }, 10)).rejects.toThrow(
      "tool: the call answered an error: RECORDING_BUDGET",
    );
    expect(made).toBe(3);
    const fine = { content: [{ type: "text", text: "ok" }] };
    expect(answered("echo", fine)).toBe(fine);
  });
});

/** Marks as stdio-marks.mjs keeps them: [code, ns, value, …]. */
function marks(list: [number, number, number?][]): Float64Array {
  return Float64Array.from(list.flatMap(([code, at, value = 0]) => [code, at, value]));
}

describe("bench: the phases of a call over stdio (stdio-phases.mjs)", () => {
  // One call a millisecond, each phase a fixed length (µs below); the server's answer write returns
  // after the client has sent the next request, as when the client takes the server's core.
  const n = 5;
  const client: [number, number, number?][] = [];
  const server: [number, number, number?][] = [];
  const at = (t: number, us: number) => t + us * 1_000;
  // A call before the n measured ones (warm-up) and one after (it closes the last measured call).
  for (let c = -1; c <= n; c++) {
    const t = 10_000_000 + c * 1_000_000;
    client.push(
      [MARK.clientSend, t],
      [MARK.clientCpu, at(t, 1), 100 * (c + 1)],
      [MARK.clientSent, at(t, 10)],
    );
    server.push(
      // The event loop's idle time (ms) grows by 10 µs a call.
      [MARK.serverRead, at(t, 50), 0.01 * (c + 1)],
      [MARK.serverCpu, at(t, 51), 300 * (c + 1)],
      [MARK.serverRequest, at(t, 70)],
      [MARK.serverHandler, at(t, 80)],
      [MARK.serverStat, at(t, 120)],
      [MARK.serverRecord, at(t, 130)],
      [MARK.serverRecorded, at(t, 140)],
      [MARK.serverAnswer, at(t, 160)],
      // 20 µs after the client's next send: in the next call's time.
      [MARK.serverAnswered, at(t, 1_020)],
    );
    client.push(
      [MARK.clientRead, at(t, 200)],
      [MARK.clientResponse, at(t, 230)],
      [MARK.clientDone, at(t, 250)],
    );
    // A scavenge in every call after the answer, and one mark-compact in the third measured call.
    server.push([MARK.serverGc, at(t, 500), 0.5]);
    if (c === 2) server.push([MARK.serverOtherGc, at(t, 600), 12.5]);
  }

  it("cuts each process's marks into calls by its own sends and reads, the last n of them", () => {
    const { phases, perCall, byThousand, otherGcs } = callPhases(marks(client), marks(server), n);
    const median = (label: string) => phases[label]?.median;
    expect(median("to the server (send → server reads)")).toBe(50);
    expect(median("SDK dispatch (request → tools/call handler)")).toBe(10);
    expect(median("handler → fstat")).toBe(40);
    expect(median("recording write")).toBe(10);
    expect(median("after recording → answer write")).toBe(20);
    expect(median("answer write (stdout.write)")).toBe(860);
    expect(median("server read → answer written")).toBe(970);
    expect(median("to the client (answer → client reads)")).toBe(40);
    expect(median("client resolve (response → promise)")).toBe(20);
    expect(median("client until next send")).toBe(750);
    expect(median("round trip (send → next send)")).toBe(1_000);
    expect(median("server CPU per call")).toBe(300);
    expect(median("client CPU per call")).toBe(100);
    // Busy from read to read (1,000 µs) less the 10 µs the idle time grew; after the answer,
    // less the 970 µs from the read to the answer's return.
    expect(median("server busy per call (loop)")).toBe(990);
    expect(median("server busy after the answer")).toBe(20);
    expect(perCall).toMatchObject({
      setImmediate: 0,
      setTimeout: 0,
      gcsPerThousandCalls: 1_000,
      gcUsPerCall: 500,
    });
    expect(otherGcs).toEqual([[2, 12.5]]);
    expect(byThousand).toEqual([]);
  });
});
