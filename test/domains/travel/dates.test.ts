import { describe, expect, it } from "vitest";
import { addDays, isCalendarDate } from "../../../src/domains/travel/dates.js";

describe("travel dates", () => {
  it.each(["2026-12-03", "2028-02-29", "2000-02-29", "2026-01-31"])("accepts %s", (d) => {
    expect(isCalendarDate(d)).toBe(true);
  });

  it.each([
    "2026-02-29",
    "1900-02-29",
    "2026-13-01",
    "2026-04-31",
    "2026-00-10",
    "2026-1-1",
    "03/12/2026",
    "",
  ])("rejects %j", (d) => {
    expect(isCalendarDate(d)).toBe(false);
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-12-03", 0)).toBe("2026-12-03");
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-31", 30)).toBe("2026-03-02");
  });
});
