import { defineTemplate } from "../../../../src/dataset/template.js";
import { AUTHORS, addBooks } from "../kit.js";

/** One call: how many books of an author the shelf holds, next to another author's books (both the task's own). */
export const countByAuthor = defineTemplate({
  id: "toy_shelf/count-by-author",
  domains: ["toy_shelf"],
  instantiate(ctx) {
    const author = ctx.unique("toy_shelf.author", AUTHORS);
    const other = ctx.unique("toy_shelf.author", AUTHORS);
    const count = ctx.int(2, 6);
    addBooks(ctx, author, count);
    addBooks(ctx, other, ctx.int(1, 4));
    return {
      instruction: `How many books by ${author} are on the shelf? Answer with the number.`,
      steps: [{ id: "count", tool: "toy_count_books", args: { author: { $ci: author } } }],
      answer: { number: count },
    };
  },
});
