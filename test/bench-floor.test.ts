import { describe, expect, it } from "vitest";
import { LINK_CHECK_INTERVAL_MS } from "../src/recorder/link-check.js";

// The bench is plain JavaScript outside the package (bench/); its modules are loaded as they run.
const { floorAddsNote, floorKeepsNote, CALL_LINES_BYTES, LINK_CHECK_MS } = await import(
  new URL("../bench/lib/floor.mjs", import.meta.url).href
);

describe("bench: the durability floor's notes", () => {
  it("gives the share of the bare echo's calls/s the floor keeps repetition by repetition, not between medians", () => {
    // Repetitions 0.5 and 2 (median 1.25, the mean of the two middle values); the medians of the
    // two sides, 150 and 150, would say 1.00.
    const note = floorKeepsNote([100, 200], [200, 100], [400, 600]);
    expect(note).toContain("it keeps 1.25 (0.50–2.00) of the bare echo's calls/s");
    expect(note).toContain("server CPU per call: floor 500 µs");
    expect(note).toContain(`one ${CALL_LINES_BYTES}-byte write`);
  });

  it("checks its file on the recorder's interval: the floor pays the fstat the recording contract pays", () => {
    expect(LINK_CHECK_MS).toBe(LINK_CHECK_INTERVAL_MS);
  });

  it("gives what the floor adds to the echo's round trip repetition by repetition (figure 1's note)", () => {
    expect(floorAddsNote([50, 40, 90], [30, 38, 20])).toBe(
      "the floor: the bare echo plus, before each answer, one 812-byte write (a call's four lines) " +
        "to a file per session, and one fstat of it per 100 ms; it adds 20 µs (2–70) per call to the echo",
    );
  });
});
