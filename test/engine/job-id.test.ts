import { describe, expect, it } from "vitest";
import { randomJobId } from "../../src/engine/job-id.js";

describe("randomJobId", () => {
  it("makes job_ and 21 characters of the URL-safe alphabet, each id its own across pool refills", () => {
    // 1,000 ids draw the random pool (128 ids) again several times.
    const ids = Array.from({ length: 1000 }, () => randomJobId());
    for (const id of ids) expect(id).toMatch(/^job_[A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses every character of the alphabet", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) for (const c of randomJobId().slice(4)) seen.add(c);
    expect(seen.size).toBe(64);
  });
});
