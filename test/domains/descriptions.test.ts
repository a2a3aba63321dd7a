import { describe, expect, it } from "vitest";
import { z } from "zod";
import { builtInDomains } from "../../src/domains/all-built-in-domains.js";

/**
 * What looks like an id an agent could copy into an answer: a short capital prefix and a digit
 * (BK1001, UA100, EV100, CNC-1, C-17, TO1001), or a prefix, a dash and 6 capitals and digits (the
 * seeded form, BK-7QX2M9). A description must say where an id comes from, not show one.
 */
const ID_LIKE = /\b[A-Z]{1,4}-?[0-9][0-9A-Z]*\b|\b[A-Z]{1,4}-(?=[0-9A-Z]*[0-9])[0-9A-Z]{6}\b/g;
/** Names of things that match the shape but are not ids. */
const NOT_IDS = new Set(["UTF-8", "LZ77"]);

function idsIn(text: string): string[] {
  return (text.match(ID_LIKE) ?? []).filter((m) => !NOT_IDS.has(m));
}

/** Every description of a tool: its own, and each one in its input and output JSON Schemas. */
function descriptions(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => {
        walk(n, `${where}[${i}]`);
      });
    } else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "description" && typeof value === "string") out.push({ where, text: value });
        else walk(value, `${where}.${key}`);
      }
    }
  };
  for (const domain of builtInDomains) {
    for (const tool of domain.tools) {
      out.push({ where: tool.name, text: tool.description });
      walk(z.toJSONSchema(tool.input, { io: "input", unrepresentable: "any" }), `${tool.name} input`);
      walk(z.toJSONSchema(tool.output, { io: "output", unrepresentable: "any" }), `${tool.name} output`);
    }
  }
  return out;
}

describe("tool descriptions", () => {
  it("find the example ids they once showed, and the seeded form", () => {
    expect(idsIn("Booking code, as returned by book_flight, e.g. BK1001.")).toEqual(["BK1001"]);
    expect(idsIn("Flight id, e.g. UA100; event EV100; machine CNC-1; record C-17")).toEqual([
      "UA100",
      "EV100",
      "CNC-1",
      "C-17",
    ]);
    expect(idsIn("Post id, e.g. P-7QX2M9 or TO1001.")).toEqual(["P-7QX2M9", "TO1001"]);
    expect(
      idsIn("Dates as YYYY-MM-DD, text in UTF-8, archives LZ77-coded, ids as book_flight gives them"),
    ).toEqual([]);
  });

  it("show no real-looking example id in any domain tool, its arguments or its result", () => {
    const all = descriptions();
    // Every tool (the domains have 96) and more: the walk reaches the arguments too.
    expect(all.length).toBeGreaterThan(300);
    const offending = all.filter((d) => idsIn(d.text).length > 0).map((d) => `${d.where}: ${d.text}`);
    expect(offending).toEqual([]);
  });
});
