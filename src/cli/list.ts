import { Argument, Command } from "commander";
import { builtInDomains } from "../domains/all-built-in-domains.js";
import { exampleScenariosDir } from "../paths.js";
import { toolInputJsonSchema } from "../scenarios/compile.js";
import { loadScenariosAt } from "../scenarios/loader.js";
import { summarizeScenario } from "../scenarios/summary.js";
import { formatTable, type Output } from "./output.js";
import { displayPath } from "./paths.js";

export function listCommand(io: Output): Command {
  return new Command("list")
    .description(
      "List the scenarios in a directory (the shipped ones by default), or the built-in domains and their tools.",
    )
    .addArgument(
      new Argument("[path]", "a scenario directory or file").default(
        exampleScenariosDir,
        "the shipped scenarios/",
      ),
    )
    .option("--domains", "list the built-in domain simulators and their tools instead")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  asynctool list\n  asynctool list --domains\n  asynctool list scenarios/ --json",
    )
    .action(async (path: string, options: { domains?: boolean; json?: boolean }) => {
      if (options.domains) {
        const domains = builtInDomains.map((d) => ({
          name: d.name,
          category: d.category,
          description: d.description,
          tools: d.tools.map((t) => ({
            name: t.name,
            readOnly: t.readOnly,
            latency: t.latency,
            arguments: Object.keys((toolInputJsonSchema(t.input).properties as object | undefined) ?? {}),
          })),
        }));
        if (options.json) return io.out(JSON.stringify(domains, null, 2));
        for (const d of domains) {
          io.out(`${d.name} (${d.category}): ${d.description}`);
          io.out(
            formatTable(
              d.tools.map((t) => [
                `  ${t.name}(${t.arguments.join(", ")})`,
                t.readOnly ? "read-only" : "writes",
                `latency ${JSON.stringify(t.latency)}`,
              ]),
            ),
          );
          io.out("");
        }
        return;
      }
      const outcomes = await loadScenariosAt(displayPath(path));
      const valid = outcomes.flatMap((o) =>
        o.scenario ? [{ file: o.file, summary: summarizeScenario(o.scenario) }] : [],
      );
      const invalid = outcomes.filter((o) => o.error);
      if (options.json) {
        return io.out(
          JSON.stringify(
            valid.map((v) => ({ ...v.summary, file: displayPath(v.file) })),
            null,
            2,
          ),
        );
      }
      io.out(
        formatTable([
          ["ID", "TASKS", "STEPS", "DEPTH", "DOMAINS", "TITLE"],
          ...valid.map(({ summary: s }) => [
            s.id,
            String(s.tasks),
            String(s.steps),
            String(s.depth),
            s.domains.join(",") || (s.declaredTools ? "(declared tools)" : "-"),
            s.title,
          ]),
        ]),
      );
      if (invalid.length > 0) {
        io.err(
          `${invalid.length} invalid file${invalid.length === 1 ? "" : "s"} skipped; run \`asynctool validate ${path}\` for details.`,
        );
      }
    });
}
