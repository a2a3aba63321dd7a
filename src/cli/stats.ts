import { readFileSync, writeFileSync } from "node:fs";
import { Command } from "commander";
import { statsMarkdown, suiteStats } from "../dataset/stats.js";
import { AsyncToolError } from "../errors.js";
import { Catalogue } from "../scenarios/catalogue.js";
import type { Output } from "./output.js";

const START = "<!-- stats:start (written by `asynctool stats --datasheet`; do not edit by hand) -->";
const END = "<!-- stats:end -->";

/** Puts the tables between the datasheet's markers; the rest of the file is left as it is. */
export function replaceStatsSection(document: string, tables: string, file: string): string {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start < 0 || end < start) {
    throw new AsyncToolError(
      "USAGE",
      `${file} has no statistics section; add the two lines\n${START}\n${END}\nwhere the tables go`,
    );
  }
  return `${document.slice(0, start + START.length)}\n\n${tables}\n\n${document.slice(end)}`;
}

export function statsCommand(io: Output): Command {
  return new Command("stats")
    .description(
      "The shape of a suite of episodes: counts per category, task count, steps and dependency depth.",
    )
    .argument("<dir>", "a directory of scenario files (e.g. scenarios/asynctool-v1)")
    .option("--json", "print the figures as JSON")
    .option("--datasheet <file>", "write the tables into the statistics section of this Markdown file")
    .action(async (dir: string, flags: { json?: boolean; datasheet?: string }) => {
      const catalogue = await Catalogue.load([dir]);
      const stats = suiteStats(catalogue.ids().map((id) => catalogue.get(id)));
      if (flags.json) return io.out(JSON.stringify(stats, null, 2));
      const tables = statsMarkdown(stats);
      if (flags.datasheet) {
        writeFileSync(
          flags.datasheet,
          replaceStatsSection(readFileSync(flags.datasheet, "utf8"), tables, flags.datasheet),
        );
        io.err(`updated the statistics of ${flags.datasheet}`);
        return;
      }
      io.out(tables);
    });
}
