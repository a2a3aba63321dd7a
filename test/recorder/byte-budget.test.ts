import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteBudget } from "../../src/recorder/budget.js";

/**
 * The budget charges a line by an upper bound of its bytes and counts exactly only what is
 * written (`settle`), or the queued lines when the bound does not fit: it must refuse exactly the
 * lines that counting every line's UTF-8 bytes as it comes refuses.
 */
describe("ByteBudget", () => {
  const line = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    // Characters of 1, 2, 3 and 4 UTF-8 bytes (the last a surrogate pair: 2 bytes per unit).
    fc.string({ unit: fc.constantFrom("a", "é", "☃", "😀"), maxLength: 60 }),
    fc.constantFrom("é", "☃", "😀", "\ud800", "a".repeat(90)),
  );
  const op = fc.oneof(
    { weight: 4, arbitrary: line.map((text) => ({ charge: `${text}\n` })) },
    { weight: 1, arbitrary: fc.constant({ charge: undefined }) },
  );

  it("refuses exactly the lines an exact count line by line refuses, whenever the queue is written", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.array(op, { maxLength: 60 }), (limit, ops) => {
        const budget = new ByteBudget(limit);
        let exact = 0;
        let queued: string[] = [];
        for (const { charge } of ops) {
          if (charge === undefined) {
            // A flush: the queued lines are written as one string.
            budget.settle(queued.join(""));
            queued = [];
            continue;
          }
          const bytes = Buffer.byteLength(charge, "utf8");
          const fits = exact + bytes <= limit;
          let refused = false;
          try {
            budget.charge(charge, "(test)", queued);
          } catch (error) {
            refused = true;
            expect((error as { code?: string }).code).toBe("RECORDING_BUDGET");
          }
          expect(refused).toBe(!fits);
          if (fits) {
            exact += bytes;
            queued.push(charge);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
