import { Command } from "commander";
import { type AccItem, accItems, emptySkips, SKIP_REASONS } from "../exports/acc.js";
import { accStats, renderAccStats } from "../exports/summary.js";
import { collect, LinesFile, loadEpisodes } from "./export-load.js";
import { integer } from "./options.js";
import type { Output } from "./output.js";

interface AccFlags {
  out: string;
  successfulOnly?: boolean;
  maxChars?: number;
  shuffleSeed?: number;
  json?: boolean;
  scenarios: string[];
}

export function exportAccCommand(io: Output, setExit: (code: number) => void): Command {
  return new Command("acc")
    .description(
      "Long-context QA items (Agent Context Compilation): for each task of each recorded episode, the tool results the agent received as context, the task as question, the gold answer and where its evidence lies.",
    )
    .argument("<recordings...>", "recording files (.jsonl), or directories of them (searched recursively)")
    .requiredOption("-o, --out <file>", "where to write the items, one JSON object a line")
    .option("--successful-only", "only episodes where every task succeeded with a grounded answer")
    .option(
      "--max-chars <n>",
      "skip (and count) items whose context is longer than n characters",
      integer("--max-chars", 1),
    )
    .option(
      "--shuffle-seed <n>",
      "shuffle the turns that are not evidence among their own places, seeded (default: the order received)",
      integer("--shuffle-seed"),
    )
    .option("--json", "print the figures of the export as JSON instead of a Markdown table")
    .option(
      "--scenarios <dir>",
      "where to find the scenario files the recordings ran (repeatable)",
      collect,
      [],
    )
    .addHelpText(
      "after",
      "\nThe line format is schema/acc-item.schema.json; the layout and the figures are explained in docs/exports.md.\n\n" +
        "Examples:\n  asynctool export acc recordings/ --out acc.jsonl\n" +
        "  asynctool export acc recordings/ --out acc.jsonl --successful-only --max-chars 200000 --shuffle-seed 7",
    )
    .action(async (paths: string[], flags: AccFlags) => {
      const out = new LinesFile(flags.out);
      await out.open();
      const skipped = emptySkips();
      // The figures need only the distances: items go to the file as each episode is read.
      const measured: AccItem[] = [];
      let episodes = 0;
      try {
        for await (const episode of loadEpisodes(paths, flags.scenarios, io, setExit)) {
          episodes += 1;
          const result = accItems(episode.view, episode.name, {
            ...(flags.successfulOnly ? { successfulOnly: true } : {}),
            ...(flags.maxChars !== undefined ? { maxContextChars: flags.maxChars } : {}),
            ...(flags.shuffleSeed !== undefined ? { shuffleSeed: flags.shuffleSeed } : {}),
          });
          await out.write(result.items);
          for (const reason of SKIP_REASONS) skipped[reason] += result.skipped[reason];
          for (const item of result.items) measured.push({ ...item, context: "" });
        }
      } finally {
        await out.close(io);
      }
      const stats = accStats(episodes, measured, skipped);
      io.out(flags.json ? JSON.stringify(stats, null, 2) : renderAccStats(stats));
    });
}
