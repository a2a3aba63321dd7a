import { describe, expect, it } from "vitest";
import { composeEpisode } from "../../src/dataset/compose.js";
import { EDITION_SETTINGS, editionTemplates } from "../../src/dataset/editions.js";
import { generateEpisodes } from "../../src/dataset/generate.js";
import {
  frameInstructions,
  INSTRUCTION_FRAMES,
  newPhrasingMemory,
  rememberPhrasings,
} from "../../src/dataset/phrasings.js";
import { instructionKey, numbersIn } from "../../src/dataset/second-edition-checks.js";
import type { TaskTemplate } from "../../src/dataset/template.js";
import { allTemplates } from "../../src/domains/index.js";

describe("instructionKey", () => {
  it("folds case, white space, numbers and identifiers", () => {
    const a = "Book flight ORD6434 for Ada  Lovelace on 2026-12-03, for 2 people.";
    const b = "book flight ORD5385 for ada lovelace on 2027-01-15, for 3 people.";
    expect(instructionKey(a)).toBe(instructionKey(b));
    expect(instructionKey("Send it to CNC-10 now")).toBe(instructionKey("send it to BRWE now"));
  });

  it("keeps words apart", () => {
    expect(instructionKey("Book a flight for Ada Lovelace")).not.toBe(
      instructionKey("Book a flight for Alan Turing"),
    );
  });
});

describe("numbersIn", () => {
  it("reads whole-token numbers, not those inside dates or names", () => {
    expect(numbersIn("The 91 shares cost $7,338.24 (12.5%) on 2026-12-15 for ORD6434, 46.")).toEqual([
      91, 7338.24, 12.5, 46,
    ]);
  });
});

/** A template whose instruction is the same every time but for a number. */
const repetitive: TaskTemplate = {
  id: "travel/repetitive",
  domains: ["travel"],
  instantiate: (ctx) => ({
    instruction: `How many bookings do I have? I made ${ctx.int(1, 9)} last year.`,
    steps: [{ id: "list", tool: "list_bookings", args: {} }],
    answer: { number: { $from: "list.total" } },
  }),
};

describe("frameInstructions", () => {
  const file = composeEpisode({
    id: "frames",
    templates: [repetitive],
    profile: "service",
    seed: 1,
    attempt: 0,
  });

  it("frames the instruction, and takes another frame when the key is taken", () => {
    const memory = newPhrasingMemory();
    const first = frameInstructions(file, 1, 0, memory);
    if (!("file" in first)) throw new Error("refused");
    const text = first.file.tasks[0]?.instruction ?? "";
    expect(text).toContain("How many bookings do I have?");
    rememberPhrasings(memory, first.file);
    const again = frameInstructions(file, 1, 0, memory);
    if (!("file" in again)) throw new Error("refused");
    expect(instructionKey(again.file.tasks[0]?.instruction ?? "")).not.toBe(instructionKey(text));
  });

  it("refuses when every frame of the instruction is already in the suite", () => {
    const memory = newPhrasingMemory();
    for (let i = 0; i < INSTRUCTION_FRAMES.length; i++) {
      const framed = frameInstructions(file, 1, i, memory);
      if (!("file" in framed)) throw new Error(`refused at ${i}`);
      rememberPhrasings(memory, framed.file);
    }
    expect(memory.taken.size).toBe(INSTRUCTION_FRAMES.length);
    expect(frameInstructions(file, 1, 99, memory)).toEqual({ duplicate: "1-repetitive" });
  });
});

describe("the generator's near-duplicate check", () => {
  it("redraws until no two tasks share an instruction key, and gives up when it cannot", async () => {
    const options = {
      seed: 1,
      templates: [repetitive],
      prefix: "dup",
      check: async () => ({ ok: true }) as const,
      mix: { tasks: [[1, 1]] as const, withinDomain: 1, profiles: { service: 1 } },
      distinctInstructions: true,
    };
    const { episodes } = await generateEpisodes({ ...options, count: INSTRUCTION_FRAMES.length });
    const keys = episodes.flatMap((e) => e.file.tasks.map((t) => instructionKey(t.instruction)));
    expect(new Set(keys).size).toBe(keys.length);
    await expect(
      generateEpisodes({ ...options, count: INSTRUCTION_FRAMES.length + 1, maxAttempts: 5 }),
    ).rejects.toThrow(/near-duplicate of one already in the suite/);
  });

  it("leaves v1 alone: no frames, no check", () => {
    expect(EDITION_SETTINGS.v1.distinctInstructions).toBeUndefined();
    expect(editionTemplates("v1", allTemplates)).toEqual(allTemplates);
  });
});
