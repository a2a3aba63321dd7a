import { describe, expect, it } from "vitest";
import { offeredAlternatives } from "../../src/scenarios/alternatives.js";

/**
 * The alternatives an instruction offers for an expected value (src/scenarios/alternatives.ts):
 * the opposite of yes/no and true/false, the other identifiers of the same shape, and the words
 * joined to the value by "or". Each expected list is worked out by hand from those rules.
 */
describe("offeredAlternatives", () => {
  describe("the opposite of a one-word yes/no or true/false value", () => {
    it("offers the opposite word, whether or not the instruction says it", () => {
      expect(offeredAlternatives("Is the shop open?", ["yes"])).toEqual(["no"]);
      expect(offeredAlternatives("Is the shop open?", ["No"])).toEqual(["yes"]);
      expect(offeredAlternatives("Is the flag set?", ["TRUE"])).toEqual(["false"]);
      expect(offeredAlternatives("Is the flag set?", ["false"])).toEqual(["true"]);
    });

    it("offers no opposite for a value of more than one word, or another word", () => {
      expect(offeredAlternatives("Is the shop open?", ["yes indeed"])).toEqual([]);
      expect(offeredAlternatives("Is the shop open?", ["open"])).toEqual([]);
    });
  });

  describe("identifiers of the same shape", () => {
    it("offers every other word of the value's shape, punctuation around a word dropped", () => {
      expect(offeredAlternatives("Batches CNC-10, ((CNC-12)) and CNC-7.", ["CNC-10"])).toEqual([
        "CNC-12",
        "CNC-7",
      ]);
      // Letters count by case and number, and a run of digits is one digit.
      expect(offeredAlternatives("Batches CNC-10, AB-12, Cnc-11 and CNC12.", ["CNC-10"])).toEqual([]);
      expect(offeredAlternatives("Orders ORD6434, ORD53 and ORD7.", ["ORD6434"])).toEqual(["ORD53", "ORD7"]);
      expect(offeredAlternatives("Codes ab12, abc12 and cd345.", ["ab12"])).toEqual(["cd345"]);
      // "ORD" alone has no digit: another shape.
      expect(offeredAlternatives("ORD numbers: ORD6434 and ORD5385.", ["ORD6434"])).toEqual(["ORD5385"]);
    });

    it("reads a value without the spaces around it; a value with a space inside is no identifier", () => {
      expect(offeredAlternatives("Orders ORD6434 and ORD5385.", [" ORD6434 "])).toEqual(["ORD5385"]);
      expect(offeredAlternatives("Orders ORD 6434 and ORD 5385.", ["ORD 6434"])).toEqual([]);
    });

    it("takes a word in capitals (two or more, no lower case) as an identifier", () => {
      expect(offeredAlternatives("Tickers BRWE, KLMN, XY and Brwe.", ["BRWE"])).toEqual(["KLMN"]);
      expect(offeredAlternatives("Tickers XY, BRWE and QZ.", ["XY"])).toEqual(["QZ"]);
    });

    it("does not take one capital, a capitalized word or mixed case as an identifier", () => {
      expect(offeredAlternatives("Grade Q and grade R.", ["Q"])).toEqual([]);
      expect(offeredAlternatives("Cities Lima and Oslo.", ["Lima"])).toEqual([]);
      expect(offeredAlternatives("Pick ABc, DEf.", ["ABc"])).toEqual([]);
    });

    it("takes a date as an identifier, but not a number, a fraction or a version", () => {
      expect(offeredAlternatives("Dates 2026-12-01, 2026-12-08.", ["2026-12-08"])).toEqual(["2026-12-01"]);
      expect(offeredAlternatives("Buy 12 apples and 15 pears.", ["12"])).toEqual([]);
      expect(offeredAlternatives("Reduce 429/660, not 6/7.", ["13/20"])).toEqual([]);
      expect(offeredAlternatives("Versions 1.5 and 2.0.", ["1.5"])).toEqual([]);
    });

    it("finds an identifier that the 'or' walk also finds once, as the instruction writes it", () => {
      // "CNC-12" and "cnc minus 12" (the or walk's words) are one alternative.
      expect(offeredAlternatives("CNC-10 or CNC-12?", ["CNC-10"])).toEqual(["CNC-12"]);
    });
  });

  describe("the words joined to the value by 'or'", () => {
    it("offers the words after and before 'or', as many as the value has", () => {
      expect(offeredAlternatives("Which is higher: finance or support?", ["finance"])).toEqual(["support"]);
      expect(offeredAlternatives("Kestrel Telecom or Corvina Aerospace?", ["Kestrel Telecom"])).toEqual([
        "corvina aerospace",
      ]);
      expect(
        offeredAlternatives("Which won: Kestrel Telecom or Corvina Aerospace?", ["Corvina Aerospace"]),
      ).toEqual(["kestrel telecom"]);
      // Fewer words before "or" than the value has: those there are.
      expect(offeredAlternatives("Oslo or New York?", ["New York"])).toEqual(["oslo"]);
    });

    it("looks at every place the value is named", () => {
      expect(offeredAlternatives("Finance or support? Support or sales?", ["support"])).toEqual([
        "finance",
        "sales",
      ]);
    });

    it("offers nothing for words joined by another word than 'or'", () => {
      expect(offeredAlternatives("Compare finance and support.", ["finance"])).toEqual([]);
      expect(offeredAlternatives("Compare finance and support.", ["support"])).toEqual([]);
    });

    it("skips link words (prepositions, articles) between the value and 'or', and after 'or'", () => {
      expect(offeredAlternatives("Is the key in the drawer or in the safe?", ["safe"])).toEqual(["drawer"]);
      expect(offeredAlternatives("Is the key in the drawer or in the safe?", ["drawer"])).toEqual(["safe"]);
      // A link word right before "or" is skipped too, in both directions.
      expect(offeredAlternatives("Is it Atlanta to or Amsterdam?", ["Atlanta"])).toEqual(["amsterdam"]);
      expect(offeredAlternatives("Is it Atlanta to or Amsterdam?", ["Amsterdam"])).toEqual(["atlanta"]);
      expect(offeredAlternatives("Atlanta from the or Amsterdam?", ["Atlanta"])).toEqual(["amsterdam"]);
    });

    it("keeps a link word inside an alternative that has other words", () => {
      expect(
        offeredAlternatives("Bank of Leeds or Kestrel Telecom Group?", ["Kestrel Telecom Group"]),
      ).toEqual(["bank of leeds"]);
    });

    it("drops an alternative made only of link words or 'or'", () => {
      expect(offeredAlternatives("x or in", ["x"])).toEqual([]);
      expect(offeredAlternatives("red or or blue", ["red"])).toEqual([]);
      expect(offeredAlternatives("or Amsterdam", ["Amsterdam"])).toEqual([]);
    });

    it("tells alternatives apart by their words, not by their letters alone", () => {
      // "ab cd" and "abc d" have the same letters but different words: two alternatives.
      expect(offeredAlternatives("ab cd or x y or abc d", ["x y"])).toEqual(["abc d", "ab cd"]);
    });

    it("drops an alternative that is an expected value, or part of one", () => {
      expect(offeredAlternatives("finance or sales?", ["finance", "sales"])).toEqual([]);
      expect(offeredAlternatives("Paris or Paris Texas?", ["Paris", "Paris Texas"])).toEqual([]);
      expect(offeredAlternatives("finance or sales?", ["finance", "sales team"])).toEqual([]);
    });
  });
});
