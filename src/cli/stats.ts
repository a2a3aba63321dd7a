import { readFileSync, writeFileSync } from "node:fs";
import { Command } from "commander";
import { citationMarkdown, provenanceMarkdown } from "../dataset/datasheet.js";
import { type SuiteStats, statsMarkdown, suiteStats } from "../dataset/stats.js";
import { AsyncToolError } from "../errors.js";
import { Catalogue } from "../scenarios/catalogue.js";
import type { Output } from "./output.js";

const START = "<!-- stats:start (written by `asynctool stats --datasheet`; do not edit by hand) -->";
const END = "<!-- stats:end -->";

/** The generated parts of the datasheet, each between its markers: the tables, the provenance, the citation. */
const SECTIONS = {
  stats: [START, END],
  provenance: [
    "<!-- provenance:start (written by `asynctool stats --datasheet`; do not edit by hand) -->",
    "<!-- provenance:end -->",
  ],
  cite: [
    "<!-- cite:start (written by `asynctool stats --datasheet`; do not edit by hand) -->",
    "<!-- cite:end -->",
  ],
} as const;

/** Puts `content` between the markers of one section; the rest of the file is left as it is. */
function replaceSection(
  document: string,
  [start, end]: readonly [string, string],
  content: string,
  file: string,
): string {
  const at = document.indexOf(start);
  const until = document.indexOf(end);
  if (at < 0 || until < at) {
    throw new AsyncToolError(
      "USAGE",
      `${file} lacks a generated section; add the two lines\n${start}\n${end}\nwhere it goes`,
    );
  }
  return `${document.slice(0, at + start.length)}\n\n${content}\n\n${document.slice(until)}`;
}

/** Puts the tables between the datasheet's statistics markers; the rest of the file is left as it is. */
export function replaceStatsSection(document: string, tables: string, file: string): string {
  return replaceSection(document, SECTIONS.stats, tables, file);
}

/** The datasheet with every generated section written from the suite's figures. */
export function writeDatasheet(document: string, stats: SuiteStats, file: string): string {
  let out = replaceSection(document, SECTIONS.stats, statsMarkdown(stats), file);
  out = replaceSection(out, SECTIONS.provenance, provenanceMarkdown(stats), file);
  return replaceSection(out, SECTIONS.cite, citationMarkdown(), file);
}

export function statsCommand(io: Output): Command {
  return new Command("stats")
    .description(
      "The shape of a suite of episodes: counts per category, task count, steps, dependency depth, answer checks, and S / M* per latency profile (seed 1).",
    )
    .argument("<dir>", "a directory of scenario files (e.g. scenarios/asynctool-v2)")
    .option("--json", "print the figures as JSON")
    .option("--datasheet <file>", "write the tables into the statistics section of this Markdown file")
    .action(async (dir: string, flags: { json?: boolean; datasheet?: string }) => {
      const catalogue = await Catalogue.load([dir]);
      const stats = suiteStats(catalogue.ids().map((id) => catalogue.get(id)));
      if (flags.json) return io.out(JSON.stringify(stats, null, 2));
      if (flags.datasheet) {
        writeFileSync(
          flags.datasheet,
          writeDatasheet(readFileSync(flags.datasheet, "utf8"), stats, flags.datasheet),
        );
        io.err(`updated the statistics, provenance and citation of ${flags.datasheet}`);
        return;
      }
      io.out(statsMarkdown(stats));
    });
}
