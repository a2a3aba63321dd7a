import { describe, expect, it } from "vitest";
import { LiveRecordings } from "../../src/recorder/live-recordings.js";
import { testHeader } from "./helpers.js";

/** The live registry keeps every running session and only the latest ended ones. */

function endOf(seq: number) {
  return { type: "end" as const, seq, wall: 1, t: 1, status: "finished" as const };
}

describe("LiveRecordings", () => {
  it("forgets the ended sessions opened first, past keepEnded, and never a running one", () => {
    const live = new LiveRecordings({ keepEnded: 2 });
    const feeds = ["a", "b", "c", "d", "e"].map((id) => live.open(testHeader({ session: id }), null));
    const ids = () =>
      live
        .list()
        .map((entry) => entry.id)
        .sort();
    // a stays running; the others end in the order d, b, e, c.
    feeds[3]?.(endOf(0));
    feeds[1]?.(endOf(0));
    expect(ids()).toEqual(["a", "b", "c", "d", "e"]);
    feeds[4]?.(endOf(0));
    // Three ended, two kept: b went, the ended one opened first (not d, the first to end).
    expect(ids()).toEqual(["a", "c", "d", "e"]);
    feeds[2]?.(endOf(0));
    // c had just ended, but was opened before d.
    expect(ids()).toEqual(["a", "d", "e"]);
    expect(live.get("a")?.end).toBeNull();
    // Sessions opened later are counted as they end.
    const f = live.open(testHeader({ session: "f" }), null);
    f(endOf(0));
    expect(ids()).toEqual(["a", "e", "f"]);
  });
});
