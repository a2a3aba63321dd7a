import { Command } from "commander";
import { causeTable, type MelEpisode, melPairs } from "../exports/mel.js";
import { renderMelSummary } from "../exports/summary.js";
import { collect, LinesFile, loadEpisodes } from "./export-load.js";
import type { Output } from "./output.js";

interface MelFlags {
  out: string;
  json?: boolean;
  scenarios: string[];
}

export function exportMelCommand(io: Output, setExit: (code: number) => void): Command {
  return new Command("mel")
    .description(
      "Pass/fail pairs (Meta-Experience Learning): each failed run with the closest successful run of the same scenario and seed, the point where they part, and the cause class from the metrics.",
    )
    .argument("<recordings...>", "recording files (.jsonl), or directories of them (searched recursively)")
    .requiredOption("-o, --out <file>", "where to write the pairs, one JSON object a line")
    .option("--json", "print the cause-class table as JSON instead of Markdown")
    .option(
      "--scenarios <dir>",
      "where to find the scenario files the recordings ran (repeatable)",
      collect,
      [],
    )
    .addHelpText(
      "after",
      "\nThe line format is schema/mel-pair.schema.json; alignment, bifurcation and cause classes are defined in docs/exports.md.\n\n" +
        "Example:\n  asynctool export mel recordings/ --out mel.jsonl",
    )
    .action(async (paths: string[], flags: MelFlags) => {
      const episodes: MelEpisode[] = [];
      for await (const episode of loadEpisodes(paths, flags.scenarios, io, setExit)) episodes.push(episode);
      const result = melPairs(episodes);
      const out = new LinesFile(flags.out);
      await out.open();
      try {
        await out.write(result.pairs);
      } finally {
        await out.close(io);
      }
      io.out(
        flags.json
          ? JSON.stringify(
              {
                pairs: result.pairs.length,
                groups: result.groups,
                unpaired: result.unpaired,
                causes: causeTable(result.pairs),
              },
              null,
              2,
            )
          : renderMelSummary(result.pairs, result.unpaired, result.groups),
      );
    });
}
