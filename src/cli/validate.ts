import { Argument, Command } from "commander";
import type { AsyncToolError } from "../errors.js";
import { shippedScenariosDir } from "../paths.js";
import { loadScenariosAt } from "../scenarios/loader.js";
import { summarizeScenario } from "../scenarios/summary.js";
import { type LoadFlags, loadLimitsOf, withLoadFlags } from "./options.js";
import type { Output } from "./output.js";
import { displayPath } from "./paths.js";

export function validateCommand(io: Output, setExit: (code: number) => void): Command {
  return withLoadFlags(new Command("validate"))
    .description("Check scenario files (YAML or JSON) and report every problem with its file, line and path.")
    .addArgument(
      new Argument("[paths...]", "scenario files or directories (searched recursively)").default(
        [shippedScenariosDir],
        "the shipped scenarios/",
      ),
    )
    .option("--json", "print the outcome as JSON")
    .addHelpText(
      "after",
      "\nExit status: 0 when every file is valid, 1 when any is not.\n\nExamples:\n  asynctool validate scenarios/\n  asynctool validate my-episode.yaml --json",
    )
    .action(async (paths: string[], options: { json?: boolean } & LoadFlags) => {
      const rows: {
        file: string;
        ok: boolean;
        summary?: ReturnType<typeof summarizeScenario>;
        error?: AsyncToolError;
      }[] = [];
      for (const path of paths) {
        for (const outcome of await loadScenariosAt(displayPath(path), loadLimitsOf(options))) {
          rows.push({
            file: displayPath(outcome.file),
            ok: outcome.scenario !== undefined,
            ...(outcome.scenario ? { summary: summarizeScenario(outcome.scenario) } : {}),
            ...(outcome.error ? { error: outcome.error } : {}),
          });
        }
      }
      const invalid = rows.filter((r) => !r.ok).length;
      if (invalid > 0) setExit(1);
      if (options.json) {
        io.out(
          JSON.stringify(
            rows.map((r) => ({
              file: r.file,
              valid: r.ok,
              ...(r.summary ? { scenario: r.summary } : {}),
              ...(r.error
                ? { error: { code: r.error.code, message: r.error.message, details: r.error.details } }
                : {}),
            })),
            null,
            2,
          ),
        );
        return;
      }
      for (const row of rows) {
        if (row.summary) {
          const s = row.summary;
          io.out(
            `ok    ${row.file}  ${s.id}: ${s.tasks} task${s.tasks === 1 ? "" : "s"}, ${s.steps} steps, domains ${s.domains.join(", ") || "none"}${s.declaredTools ? `, ${s.declaredTools} declared tools` : ""}`,
          );
        } else {
          io.out(`FAIL  ${row.file}\n${indent(row.error?.message ?? "")}`);
        }
      }
      if (rows.length === 0) io.out(`No scenario files (.yaml, .yml, .json) found in ${paths.join(", ")}.`);
      else
        io.out(
          `\n${rows.length} file${rows.length === 1 ? "" : "s"} checked: ${rows.length - invalid} valid, ${invalid} invalid.`,
        );
    });
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `      ${line.trimStart()}`)
    .join("\n");
}
