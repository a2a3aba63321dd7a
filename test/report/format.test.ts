import { describe, expect, it } from "vitest";
import { formatValue } from "../../src/report/format.js";

describe("formatValue", () => {
  it('writes "—" for no value, yes/no for booleans, and numbers without noise', () => {
    expect(formatValue(null)).toBe("—");
    expect(formatValue(true)).toBe("yes");
    expect(formatValue(12)).toBe("12");
    expect(formatValue(8 / 9)).toBe("0.889");
    expect(formatValue(0.5)).toBe("0.5");
    expect(formatValue(1072.46)).toBe("1072.5");
    // A tiny ratio keeps two significant digits rather than reading as 0.
    expect(formatValue(8 / 39998)).toBe("0.0002");
    expect(formatValue(0.000123)).toBe("0.00012");
  });
});
