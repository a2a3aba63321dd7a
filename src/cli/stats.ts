import { readFileSync, writeFileSync } from "node:fs";
import { Command } from "commander";
import { citationMarkdown, provenanceMarkdown } from "../dataset/datasheet.js";
import { type SuiteStats, statsMarkdown, suiteStats } from "../dataset/stats.js";
import { AsyncToolError } from "../errors.js";
import { defaultSuiteDir } from "../paths.js";
import { baselinesMarkdown, readBaselineReport } from "../runner/baselines.js";
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
  baselines: [
    "<!-- baselines:start (written by `asynctool stats --datasheet --baselines`; do not edit by hand) -->",
    "<!-- baselines:end -->",
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

/**
 * The datasheet with every generated section written from the suite's figures, and, when the
 * runs' tables are given (`baselinesMarkdown`), the baselines section from them; without them
 * the baselines section is left as it is.
 */
export function writeDatasheet(
  document: string,
  stats: SuiteStats,
  file: string,
  baselines?: string,
): string {
  let out = replaceSection(document, SECTIONS.stats, statsMarkdown(stats), file);
  out = replaceSection(out, SECTIONS.provenance, provenanceMarkdown(stats), file);
  out = replaceSection(out, SECTIONS.cite, citationMarkdown(), file);
  return baselines === undefined ? out : replaceSection(out, SECTIONS.baselines, baselines, file);
}

export function statsCommand(io: Output): Command {
  return new Command("stats")
    .description(
      "The shape of a suite of episodes: counts per category, task count, steps, dependency depth, answer checks, and S / M* per latency profile (seed 1).",
    )
    .argument("[dir]", "a directory of scenario files (default: the default suite, scenarios/asynctool-v2)")
    .option("--json", "print the figures as JSON")
    .option("--datasheet <file>", "write the tables into the statistics section of this Markdown file")
    .option(
      "--baselines <dirs>",
      "with --datasheet: output directories of `asynctool run --suite` (or eval) runs, separated by commas; their overall rows (report.json) become the datasheet's baselines table",
    )
    .addHelpText(
      "after",
      "\nThe datasheet (npm run datasheet, scripts/datasheet.mjs) is written with:\n" +
        "  asynctool run --agent oracle --suite scenarios/asynctool-v2 --seeds 1,2 -o evals/datasheet/oracle\n" +
        "  (and poller, sequential), then\n" +
        "  asynctool stats scenarios/asynctool-v2 --datasheet docs/datasheet.md \\\n" +
        "    --baselines evals/datasheet/oracle,evals/datasheet/poller,evals/datasheet/sequential\n",
    )
    .action(
      async (dir: string | undefined, flags: { json?: boolean; datasheet?: string; baselines?: string }) => {
        if (flags.baselines !== undefined && !flags.datasheet)
          throw new AsyncToolError("USAGE", "--baselines goes with --datasheet");
        const baselines =
          flags.baselines === undefined
            ? undefined
            : baselinesMarkdown(
                flags.baselines
                  .split(",")
                  .map((d) => d.trim())
                  .filter((d) => d !== "")
                  .map(readBaselineReport),
              );
        const catalogue = await Catalogue.load([dir ?? defaultSuiteDir]);
        const stats = suiteStats(catalogue.ids().map((id) => catalogue.get(id)));
        if (flags.json) return io.out(JSON.stringify(stats, null, 2));
        if (flags.datasheet) {
          writeFileSync(
            flags.datasheet,
            writeDatasheet(readFileSync(flags.datasheet, "utf8"), stats, flags.datasheet, baselines),
          );
          io.err(
            `updated the statistics, provenance, citation${baselines === undefined ? "" : " and baselines"} of ${flags.datasheet}`,
          );
          return;
        }
        io.out(statsMarkdown(stats));
      },
    );
}
