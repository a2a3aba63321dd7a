import { z } from "zod";
import { DomainError, defineDomain, defineTool } from "../../../src/domains/shared/types.js";

/**
 * A toy domain written by the recipe of docs/extending.md ("A domain"): a shelf of books, and one
 * tool that counts the books of an author. test/extending/domain.test.ts registers it, generates a
 * task from its template, compiles it and has the oracle solve it.
 */

export const shelfStateSchema = z.strictObject({
  books: z
    .array(z.strictObject({ title: z.string(), author: z.string() }))
    .default([])
    .describe("The books on the shelf."),
});
export type ShelfState = z.infer<typeof shelfStateSchema>;

const countInput = z.strictObject({
  author: z.string().min(1).describe("The author's name, e.g. Ada Lovelace."),
});

const countBooks = defineTool<ShelfState, typeof countInput>({
  name: "toy_count_books",
  description:
    "Counts the books on the shelf by one author (the name as printed, letter case aside). " +
    "Returns { author, count }. Fails with NOT_FOUND when the shelf has no book by that author.",
  input: countInput,
  output: z.strictObject({ author: z.string(), count: z.number().int().positive() }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args) {
    const count = state.books.filter(
      (b) => b.author.toLowerCase() === args.author.trim().toLowerCase(),
    ).length;
    if (count === 0)
      throw new DomainError("NOT_FOUND", `no book by ${args.author} is on the shelf; check the name`);
    return { author: args.author, count };
  },
});

export const shelf = defineDomain({
  name: "toy_shelf",
  category: "Toy Shelf",
  description:
    "A shelf of books that can be counted by author (a toy domain for the extending recipe's test).",
  state: shelfStateSchema,
  tools: [countBooks],
});
