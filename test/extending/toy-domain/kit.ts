import type { TemplateContext } from "../../../src/dataset/template.js";
import type { ShelfState } from "./tools.js";

/** What the shelf's templates share: the episode's shelf, and books added to it. */

export const AUTHORS = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"];

/** Puts `count` books by `author` on the episode's shelf; their titles carry the task's tag. */
export function addBooks(ctx: TemplateContext, author: string, count: number): void {
  const shelf = ctx.state<ShelfState>("toy_shelf");
  for (let i = 1; i <= count; i++) shelf.books.push({ title: `${author} volume ${ctx.tag}${i}`, author });
}
