import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { AGENT_NAMES, type AgentName } from "../agents/index.js";
import { TRANSPORTS, type TransportName } from "../client/open-episode.js";
import { clockKindSchema, modeSchema } from "../engine/types.js";
import { runEpisode } from "../harness/run-episode.js";
import { buildReport, reportJson } from "../report/build.js";
import { renderHtml } from "../report/html.js";
import { renderMarkdown } from "../report/markdown.js";
import { integer, positiveNumber, resolveScenarios } from "./options.js";
import type { Output } from "./output.js";

interface RunFlags {
  agent: AgentName;
  scenario?: string;
  seed: number;
  mode?: "async" | "sync" | "instant" | "tasks";
  clock?: "step" | "wall";
  timeScale?: number;
  transport: TransportName;
  recordings?: string;
  json?: boolean;
  html?: string;
}

export function runCommand(io: Output, setExit: (code: number) => void): Command {
  return new Command("run")
    .description(
      "Run a reference agent (oracle, sequential, poller) through one episode and print its report.",
    )
    .addOption(new Option("-a, --agent <name>", "the agent").choices(AGENT_NAMES).makeOptionMandatory())
    .option(
      "-s, --scenario <id|file>",
      "a shipped scenario id or a scenario file (default: travel-and-files)",
    )
    .option("--seed <n>", "seed of the latency schedule", integer("--seed"), 1)
    .addOption(
      new Option("-m, --mode <mode>", "delivery mode (default: the scenario's)").choices(modeSchema.options),
    )
    .addOption(
      new Option("-c, --clock <clock>", "clock (default: the scenario's)").choices(clockKindSchema.options),
    )
    .option("--time-scale <x>", "wall clock: real time per scenario time", positiveNumber("--time-scale"))
    .addOption(
      new Option("-t, --transport <kind>", "how the agent reaches the server")
        .choices(TRANSPORTS)
        .default("memory"),
    )
    .option("-r, --recordings <dir>", "keep the recording in this directory")
    .option("--json", "print the report as JSON instead of Markdown")
    .option("--html <file>", "also write the HTML report with its timeline")
    .addHelpText(
      "after",
      "\nExamples:\n  asynctool run --agent oracle\n  asynctool run -a poller -s filesystem-triage --clock wall --time-scale 0.01 -t http\n  asynctool run -a sequential --html sequential.html",
    )
    .action(async (flags: RunFlags) => {
      const { catalogue, defaultId } = await resolveScenarios({
        ...(flags.scenario ? { scenario: flags.scenario } : {}),
      });
      const scenario = catalogue.get(defaultId ?? "");
      const result = await runEpisode({
        agent: flags.agent,
        scenario,
        seed: flags.seed,
        transport: flags.transport,
        ...(flags.mode ? { mode: flags.mode } : {}),
        ...(flags.clock ? { clock: flags.clock } : {}),
        ...(flags.timeScale !== undefined ? { timeScale: flags.timeScale } : {}),
        ...(flags.recordings ? { recordingsDir: resolve(flags.recordings) } : {}),
      });
      const report = buildReport(scenario, result.recording, result.metrics);
      io.out(flags.json ? reportJson(report) : renderMarkdown(report));
      if (flags.html) {
        writeFileSync(flags.html, renderHtml(report));
        io.err(`wrote ${flags.html}`);
      }
      if (result.recordingFile) io.err(`recording: ${result.recordingFile}`);
      if (result.stopped) {
        io.err(`the ${flags.agent} agent stopped before the end: ${result.stopped}`);
        setExit(1);
      }
    });
}
