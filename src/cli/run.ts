import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Command, Option } from "commander";
import { type AgentProtocol, PROTOCOLS } from "../agents/episode-connection.js";
import { AGENT_NAMES, type AgentName } from "../agents/index.js";
import { ERAS, type Era, MODERN_IN_MEMORY, TRANSPORTS, type TransportName } from "../client/open-episode.js";
import { clockKindSchema, modeSchema } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import { runEpisode } from "../harness/run-episode.js";
import { serverInfo } from "../paths.js";
import { buildReport, reportJson } from "../report/build.js";
import { renderHtml } from "../report/html.js";
import { renderMarkdown } from "../report/markdown.js";
import { planEpisodes } from "../runner/episodes.js";
import { InProcessTarget } from "../runner/in-process-target.js";
import { Progress } from "../runner/progress.js";
import { parseSeedList, referenceAgentNamed, runReferenceSuite } from "../runner/reference-suite.js";
import { buildSuiteReport, renderSuiteMarkdown, suiteReportJson } from "../runner/suite-report.js";
import { inProcessConnector } from "./eval.js";
import { chooseScenarioRefs } from "./eval-scenarios.js";
import { integer, positiveNumber, resolveScenarios } from "./options.js";
import type { Output } from "./output.js";
import { displayPath } from "./paths.js";

interface RunFlags {
  agent: string;
  scenario?: string;
  suite?: string;
  seeds?: string;
  out?: string;
  force?: boolean;
  seed?: number;
  mode?: "async" | "sync" | "instant" | "tasks";
  clock?: "step" | "wall";
  timeScale?: number;
  transport: TransportName;
  protocol: AgentProtocol;
  era: Era;
  recordings?: string;
  json?: boolean;
  html?: string;
}

/** What tests replace: whether stderr is a terminal (a progress bar) or a log (a line per episode). */
export interface RunDeps {
  readonly stderrIsTty?: boolean;
  /** Raw stderr, for redrawing the bar in place. */
  readonly writeErr?: (text: string) => void;
}

export function runCommand(io: Output, setExit: (code: number) => void, deps: RunDeps = {}): Command {
  return new Command("run")
    .description(
      "Run a reference agent (oracle, sequential, poller) through one episode and print its report; with --suite, through every episode of a suite and print the table `eval` prints.",
    )
    .addOption(new Option("-a, --agent <name>", `the agent: ${AGENT_NAMES.join(", ")}`).makeOptionMandatory())
    .option(
      "-s, --scenario <id|file>",
      "a shipped scenario id or a scenario file (default: travel-and-files)",
    )
    .option("--seed <n>", "seed of the latency schedule (default 1)", integer("--seed"))
    .option(
      "--suite <dir>",
      "run every episode of this suite directory (in this process, step clock) and print the AsyncTool table",
    )
    .option("--seeds <list>", "with --suite: the seeds, separated by commas (default 1), e.g. 1,2,3")
    .option(
      "-o, --out <dir>",
      "with --suite: where the recordings and the table go (default: evals/reference-<agent>); must be empty or new",
    )
    .option("--force", "with --suite: replace the recordings and the table of an earlier run in --out")
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
    .addOption(
      new Option(
        "--protocol <name>",
        "how the agent acts: jobs (scenario tools, then check_job, wait_for_jobs, cancel_job, list_jobs) or tasks (task-augmented tools/call, then tasks/get, tasks/result, tasks/cancel, tasks/list; needs --mode tasks, which it implies)",
      )
        .choices(PROTOCOLS)
        .default("jobs"),
    )
    .addOption(
      new Option(
        "--era <version>",
        "the MCP protocol revision the agent speaks: 2025-11-25 (initialize and a session) or 2026-07-28 (no handshake, an episode URL over http or a modern stdio opening; --protocol tasks is then the Tasks extension: tools/call answered with a task, tasks/get, tasks/cancel; needs -t http or -t stdio)",
      )
        .choices(ERAS)
        .default("2025-11-25"),
    )
    .option("-r, --recordings <dir>", "keep the recording in this directory")
    .option("--json", "print the report as JSON instead of Markdown")
    .option("--html <file>", "also write the HTML report with its timeline")
    .addHelpText(
      "after",
      [
        "",
        "With --protocol tasks the agent acts through MCP Tasks (the server in --mode tasks); with",
        "--suite every episode then runs in tasks mode. In --era 2026-07-28 these are the Tasks",
        "extension's (a wait is tasks/get polls); in 2025-11-25 the core protocol's Tasks.",
        "",
        "With --suite, the recordings go to OUT/recordings/ and the table to OUT/report.md and",
        "OUT/report.json; progress goes to stderr, the table to stdout. An episode the agent leaves",
        "unfinished is recorded and scored, with stop reason agent_stopped.",
        "",
        "Examples:",
        "  asynctool run --agent oracle",
        "  asynctool run -a poller -s filesystem-triage --clock wall --time-scale 0.01 -t http",
        "  asynctool run -a sequential --html sequential.html",
        "  asynctool run -a poller --protocol tasks",
        "  asynctool run -a oracle --era 2026-07-28 -t http --protocol tasks",
        "  asynctool run -a oracle --era 2026-07-28 -t stdio",
        "  asynctool run --agent oracle --suite scenarios/asynctool-v2 --seeds 1,2 -o runs/oracle",
      ].join("\n"),
    )
    .action(async (flags: RunFlags) => {
      const agent = referenceAgentNamed(flags.agent);
      if (flags.protocol === "tasks" && flags.mode !== undefined && flags.mode !== "tasks")
        throw new AsyncToolError(
          "USAGE",
          `--protocol tasks needs the server in tasks mode; it does not go with --mode ${flags.mode}. Leave --mode out (--protocol tasks implies --mode tasks) or use --mode tasks.`,
        );
      if (flags.suite !== undefined) return runSuiteAction(agent, flags, io, deps);
      if (flags.era === "2026-07-28" && flags.transport === "memory")
        throw new AsyncToolError("USAGE", MODERN_IN_MEMORY);
      for (const [given, flag] of [
        [flags.seeds, "--seeds"],
        [flags.out, "--out"],
        [flags.force, "--force"],
      ] as const) {
        if (given !== undefined) throw new AsyncToolError("USAGE", `${flag} goes with --suite.`);
      }
      const { catalogue, defaultId } = await resolveScenarios({
        ...(flags.scenario ? { scenario: flags.scenario } : {}),
      });
      const scenario = catalogue.get(defaultId ?? "");
      const result = await runEpisode({
        agent,
        scenario,
        seed: flags.seed ?? 1,
        transport: flags.transport,
        protocol: flags.protocol,
        era: flags.era,
        ...(flags.mode || flags.protocol === "tasks" ? { mode: flags.mode ?? "tasks" } : {}),
        ...(flags.clock ? { clock: flags.clock } : {}),
        ...(flags.timeScale !== undefined ? { timeScale: flags.timeScale } : {}),
        ...(flags.recordings ? { recordingsDir: resolve(flags.recordings) } : {}),
      });
      const report = buildReport(scenario, result.recording, result.metrics);
      io.out(flags.json ? reportJson(report, { detail: true }) : renderMarkdown(report));
      if (flags.html) {
        writeFileSync(flags.html, renderHtml(report));
        io.err(`wrote ${flags.html}`);
      }
      if (result.recordingFile) io.err(`recording: ${result.recordingFile}`);
      if (result.stopped) {
        io.err(`the ${agent} agent stopped before the end: ${result.stopped}`);
        setExit(1);
      }
    });
}

/** Flags of the one-episode run that make no sense over a suite (in process, step clock, a table). */
const SINGLE_EPISODE_FLAGS = [
  ["scenario", "--scenario"],
  ["seed", "--seed (use --seeds)"],
  ["mode", "--mode"],
  ["clock", "--clock"],
  ["timeScale", "--time-scale"],
  ["recordings", "--recordings (use --out)"],
  ["json", "--json"],
  ["html", "--html"],
] as const;

/** `run --suite`: the agent over every episode of the suite for each seed, scored into eval's table. */
async function runSuiteAction(agent: AgentName, flags: RunFlags, io: Output, deps: RunDeps): Promise<void> {
  for (const [key, flag] of SINGLE_EPISODE_FLAGS) {
    if (flags[key] !== undefined)
      throw new AsyncToolError("USAGE", `${flag} is for one episode; it does not go with --suite.`);
  }
  if (flags.transport !== "memory")
    throw new AsyncToolError("USAGE", "--transport does not go with --suite: a suite runs in this process.");
  if (flags.era !== "2025-11-25")
    throw new AsyncToolError(
      "USAGE",
      `--era ${flags.era} does not go with --suite: a suite runs in this process, in the 2025-11-25 era. Run one episode with --era ${flags.era} -t http or -t stdio.`,
    );
  const seeds = flags.seeds === undefined ? [1] : parseSeedList(flags.seeds);
  const out = resolve(flags.out ?? join("evals", `reference-${agent}`));
  // The suite is read first: a wrong --suite must not cost the earlier run that --force would replace.
  const refs = await chooseScenarioRefs({ suite: [flags.suite as string], sampleSeed: 1 });
  prepareOutput(out, flags.force === true);
  const modes = flags.protocol === "tasks" ? (["tasks"] as const) : undefined;
  const episodes = planEpisodes(refs, { seeds, modes, clock: "step" });
  const recordings = join(out, "recordings");
  await mkdir(recordings, { recursive: true });
  const identity = { name: `asynctool-${agent}`, version: serverInfo.version };
  const runner = { name: "asynctool run", version: serverInfo.version };
  const target = new InProcessTarget(
    recordings,
    join(out, "set-aside"),
    inProcessConnector(recordings, identity, { runner: { ...runner, reference: agent } }),
  );
  const tty = deps.stderrIsTty ?? process.stderr.isTTY === true;
  const writeErr = deps.writeErr ?? ((text: string) => process.stderr.write(text));
  const progress = new Progress(episodes.length, 1, false);
  io.err(
    `Running the ${agent} agent: ${episodes.length} episode${episodes.length === 1 ? "" : "s"} (${refs.length} scenario${refs.length === 1 ? "" : "s"}, seed${seeds.length === 1 ? "" : "s"} ${seeds.join(",")}, step clock) into ${displayPath(out)}.`,
  );
  if (tty) writeErr(progress.bar());
  const scored = await runReferenceSuite({
    agent,
    episodes,
    target,
    protocol: flags.protocol,
    onEvent: (event) => {
      if (event.type === "started" || event.type === "turn") return;
      progress.take(event);
      if (tty) writeErr(`\r\x1b[2K${progress.bar()}`);
      else io.err(progress.line(event));
    },
  });
  if (tty) writeErr("\n");
  const report = buildSuiteReport(scored, {
    provider: "reference",
    model: agent,
    runner,
    outDir: out,
    notRun: 0,
    reference: true,
  });
  const markdown = renderSuiteMarkdown(report);
  await writeFile(join(out, "report.json"), suiteReportJson(report), "utf8");
  await writeFile(join(out, "report.md"), markdown, "utf8");
  io.out(markdown);
  io.err(`Wrote ${displayPath(join(out, "report.md"))} and ${displayPath(join(out, "report.json"))}.`);
}

/** What a reference run writes in its output directory, and so what --force replaces. */
const RUN_OUTPUTS = ["recordings", "set-aside", "report.md", "report.json"];

/** Refuses a non-empty output directory unless --force, which removes the earlier run's files (only those). */
function prepareOutput(out: string, force: boolean): void {
  if (!existsSync(out)) return;
  const entries = readdirSync(out);
  if (entries.length === 0) return;
  if (!force) {
    throw new AsyncToolError(
      "RUN_OUTPUT_EXISTS",
      `${displayPath(out)} is not empty (${entries.length} entr${entries.length === 1 ? "y" : "ies"}); choose another --out, or add --force to replace the recordings and the table of the run it holds.`,
      { where: out },
    );
  }
  for (const name of RUN_OUTPUTS) rmSync(join(out, name), { recursive: true, force: true });
}
