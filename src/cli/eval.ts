import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import type { ClockKind, DeliveryMode } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { EpisodeServer } from "../mcp/server.js";
import { serverInfo } from "../paths.js";
import { type PlannedEpisode, planEpisodes } from "../runner/episodes.js";
import { DEFAULT_RETRY, realSleep, type Sleep } from "../runner/http.js";
import { InProcessTarget } from "../runner/in-process-target.js";
import { type AgentLimits, DEFAULT_LIMITS } from "../runner/model-agent.js";
import type { RunnerNote } from "../runner/notes.js";
import { Progress } from "../runner/progress.js";
import { checkHttpUrl, createModelClient, PROVIDERS, providerNamed, publicUrl } from "../runner/providers.js";
import { openRun, type RunManifest } from "../runner/run-manifest.js";
import { runSuite } from "../runner/suite.js";
import { buildSuiteReport, renderSuiteMarkdown, suiteReportJson } from "../runner/suite-report.js";
import type { Connector, EpisodeConnection } from "../runner/target.js";
import type { Deadline } from "../runner/tool-calls.js";
import { UrlTarget } from "../runner/url-target.js";
import { RUNNER } from "../runner/version.js";
import type { Scenario } from "../scenarios/scenario.js";
import { connectHttp, connectInMemory } from "../transports/connect.js";
import type { Output } from "./output.js";
import { displayPath } from "./paths.js";
import { integer, positiveNumber, resolveScenarios } from "./serve.js";

interface EvalFlags {
  provider: string;
  model: string;
  baseUrl?: string;
  suite?: string[];
  scenario?: string;
  episodes?: number;
  seeds: number;
  mode?: DeliveryMode[];
  clock: ClockKind;
  concurrency: number;
  out?: string;
  resume?: boolean;
  retryFailed?: boolean;
  url?: string;
  serverRecordings?: string;
  maxTurns: number;
  maxTokens: number;
  maxOutputTokens: number;
  temperature?: number;
  maxRetries: number;
  requestTimeout: number;
  toolTimeout: number;
}

/** What tests replace: the environment, and time (backoff sleeps, tool-call deadlines). */
export interface EvalDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly sleep?: Sleep;
  readonly deadline?: Deadline;
  /** Whether stderr is a terminal (a progress bar) or a log (a line per episode). */
  readonly stderrIsTty?: boolean;
  /** Raw stderr, for redrawing the bar in place. */
  readonly writeErr?: (text: string) => void;
}

const nonNegative = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} takes a number ≥ 0.`);
  return n;
};

export function evalCommand(io: Output, setExit: (code: number) => void, deps: EvalDeps = {}): Command {
  return new Command("eval")
    .description(
      "Evaluate a model: a tool-calling agent on an OpenAI-compatible or Anthropic endpoint works a suite of episodes, recorded and scored into the AsyncTool table.",
    )
    .requiredOption("--provider <name>", "openai (also vLLM, Ollama, llama.cpp server...) or anthropic")
    .requiredOption("--model <name>", "the model name the endpoint knows")
    .option("--base-url <url>", "the endpoint (default: the provider's own); e.g. http://127.0.0.1:8000/v1")
    .option("--suite <dir...>", "the scenarios to run: every scenario file under the directories")
    .option("-s, --scenario <id|file>", "one scenario: a shipped id or a file (with --suite: one of its ids)")
    .option("--episodes <n>", "run only the first n scenarios", integer("--episodes", 1))
    .option(
      "--seeds <k>",
      "run every scenario with seeds 1..k (pass^k and mean ± sd need k ≥ 2)",
      integer("--seeds", 1),
      1,
    )
    .addOption(
      new Option(
        "-m, --mode <modes...>",
        "delivery modes to run; several give the ablation (default: each scenario's own)",
      ).choices(["async", "sync", "instant"]),
    )
    .addOption(
      new Option("-c, --clock <clock>", "step: results independent of the model's speed; wall: real time")
        .choices(["step", "wall"])
        .default("step"),
    )
    .option("--concurrency <c>", "episodes at once", integer("--concurrency", 1), 1)
    .option("-o, --out <dir>", "where recordings and the report go (default: evals/<provider>-<model>)")
    .option("--resume", "continue the run in --out: skip the episodes whose recordings are complete")
    .option(
      "--retry-failed",
      "with --resume: also run again the episodes the runner could not finish (endpoint failures)",
    )
    .option("--url <url>", "play against a running server's /mcp endpoint instead of one in this process")
    .option(
      "--server-recordings <dir>",
      "with --url: the server's --recordings directory, to score the episodes here",
    )
    .option("--max-turns <n>", "model turns per episode", integer("--max-turns", 1), DEFAULT_LIMITS.maxTurns)
    .option(
      "--max-tokens <n>",
      "input + output tokens per episode",
      integer("--max-tokens", 1),
      DEFAULT_LIMITS.maxTokens,
    )
    .option(
      "--max-output-tokens <n>",
      "output tokens per model response",
      integer("--max-output-tokens", 1),
      DEFAULT_LIMITS.maxOutputTokens,
    )
    .option(
      "--temperature <t>",
      "sampling temperature (default: the endpoint's)",
      nonNegative("--temperature"),
    )
    .option(
      "--max-retries <n>",
      "retries of a model request on 429, 5xx and network errors",
      integer("--max-retries", 0),
      DEFAULT_RETRY.maxRetries,
    )
    .option(
      "--request-timeout <s>",
      "seconds before a model request is abandoned (and retried)",
      positiveNumber("--request-timeout"),
      DEFAULT_RETRY.requestTimeoutMs / 1000,
    )
    .option(
      "--tool-timeout <s>",
      "seconds before a tool call reaches the model as an error",
      positiveNumber("--tool-timeout"),
      DEFAULT_LIMITS.toolTimeoutMs / 1000,
    )
    .addHelpText(
      "after",
      [
        "",
        "The API key comes from OPENAI_API_KEY or ANTHROPIC_API_KEY; a --base-url server may need none.",
        "",
        "Examples:",
        "  asynctool eval --provider openai --model gpt-4.1 --suite scenarios/ --seeds 3",
        "  asynctool eval --provider anthropic --model claude-sonnet-4-5 --scenario travel-and-files -m async sync instant",
        "  asynctool eval --provider openai --model qwen3 --base-url http://127.0.0.1:8000/v1 --suite scenarios/",
        "  asynctool eval ... --resume          # after an interruption: runs only what is missing",
      ].join("\n"),
    )
    .action(async (flags: EvalFlags) => {
      const env = deps.env ?? process.env;
      const provider = providerNamed(flags.provider);
      const baseUrl = flags.baseUrl === undefined ? undefined : checkHttpUrl(flags.baseUrl, "--base-url");
      const serverUrl = flags.url === undefined ? undefined : checkHttpUrl(flags.url, "--url");
      if (flags.retryFailed && !flags.resume)
        throw new AsyncToolError("USAGE", "--retry-failed goes with --resume.");
      if (flags.serverRecordings && !serverUrl) {
        throw new AsyncToolError(
          "USAGE",
          "--server-recordings goes with --url: in process, recordings are written under --out.",
        );
      }
      const sleep = deps.sleep ?? realSleep;
      const model = createModelClient({
        provider,
        model: flags.model,
        baseUrl,
        apiKey: env[PROVIDERS[provider].keyVariable] || undefined,
        temperature: flags.temperature,
        policy: {
          ...DEFAULT_RETRY,
          maxRetries: flags.maxRetries,
          requestTimeoutMs: flags.requestTimeout * 1000,
        },
        sleep,
      });
      const scenarios = await chooseScenarios(flags);
      const episodes = planEpisodes(scenarios, {
        seeds: Array.from({ length: flags.seeds }, (_, i) => i + 1),
        modes: flags.mode ? [...new Set(flags.mode)] : undefined,
        clock: flags.clock,
      });
      const limits: AgentLimits = {
        ...DEFAULT_LIMITS,
        maxTurns: flags.maxTurns,
        maxTokens: flags.maxTokens,
        maxOutputTokens: flags.maxOutputTokens,
        toolTimeoutMs: flags.toolTimeout * 1000,
      };
      const out = resolve(
        flags.out ?? join("evals", `${provider}-${flags.model.replace(/[^A-Za-z0-9._-]/g, "_")}`),
      );
      const endpoint = publicUrl(baseUrl ?? PROVIDERS[provider].baseUrl);
      const manifest: RunManifest = {
        format: "asynctool-eval-run",
        version: 1,
        runner: RUNNER,
        identity: {
          provider,
          model: flags.model,
          temperature: flags.temperature ?? null,
          maxTurns: limits.maxTurns,
          maxTokens: limits.maxTokens,
          maxOutputTokens: limits.maxOutputTokens,
          target: serverUrl ? "url" : "in-process",
        },
        endpoint,
        startedAt: new Date().toISOString(),
      };
      openRun(out, manifest, flags.resume === true);
      const facts: JsonObject = {
        runner: {
          name: RUNNER.name,
          version: RUNNER.version,
          provider,
          model: flags.model,
          endpoint,
          temperature: flags.temperature ?? null,
          limits: { ...limits },
        },
      };
      const identity = { name: `${RUNNER.name}:${provider}/${flags.model}`, version: RUNNER.version };
      // Earlier attempts that --resume does not count (cut short, or run again) are kept here.
      const setAside = join(out, "set-aside");
      const target = serverUrl
        ? new UrlTarget(
            join(out, "runner-logs"),
            setAside,
            urlConnector(serverUrl, identity),
            flags.serverRecordings ? resolve(flags.serverRecordings) : null,
            { ...facts, server: publicUrl(serverUrl) },
          )
        : new InProcessTarget(
            join(out, "recordings"),
            setAside,
            inProcessConnector(join(out, "recordings"), identity, facts),
          );

      const tty = deps.stderrIsTty ?? process.stderr.isTTY === true;
      const writeErr = deps.writeErr ?? ((text: string) => process.stderr.write(text));
      const progress = new Progress(episodes.length, flags.concurrency);
      io.err(
        `Evaluating ${provider}/${flags.model} at ${endpoint}: ${episodes.length} episode${episodes.length === 1 ? "" : "s"} (${scenarios.length} scenario${scenarios.length === 1 ? "" : "s"}, ${flags.seeds} seed${flags.seeds === 1 ? "" : "s"}, ${flags.clock} clock) into ${displayPath(out)}${serverUrl ? `, against ${publicUrl(serverUrl)}` : ""}.`,
      );
      if (tty) writeErr(progress.bar());
      const result = await runSuite({
        episodes,
        target,
        model,
        limits,
        concurrency: flags.concurrency,
        resume: flags.resume === true,
        retryFailed: flags.retryFailed === true,
        ...(deps.deadline ? { deadline: deps.deadline } : {}),
        onEvent: (event) => {
          if (event.type === "started") return;
          progress.take(event);
          if (tty) writeErr(`\r\x1b[2K${progress.bar()}`);
          else io.err(progress.line(event));
        },
      });
      if (tty) writeErr("\n");

      const report = buildSuiteReport(result.episodes, {
        provider,
        model: flags.model,
        runner: RUNNER,
        outDir: out,
        notRun: result.notRun,
      });
      const markdown = renderSuiteMarkdown(report);
      await writeFile(join(out, "report.json"), suiteReportJson(report), "utf8");
      await writeFile(join(out, "report.md"), markdown, "utf8");
      io.out(markdown);
      io.err(`Wrote ${displayPath(join(out, "report.md"))} and ${displayPath(join(out, "report.json"))}.`);
      if (serverUrl && !flags.serverRecordings) {
        io.err(
          "The recordings are the server's: score them with `asynctool report <its recordings directory>`, or pass --server-recordings.",
        );
      }
      const failures = report.episodes.filter(
        (e) => e.stop === "model_error" || e.stop === "runner_error",
      ).length;
      if (failures > 0) {
        io.err(
          `${failures} episode${failures === 1 ? "" : "s"} could not be finished by the runner; their notes say why. Run them again with --resume --retry-failed.`,
        );
        setExit(1);
      }
      if (result.fatal) throw result.fatal;
    });
}

/** The scenarios of the run, in suite order: a suite (or one of its ids), or one scenario. */
async function chooseScenarios(flags: EvalFlags): Promise<Scenario[]> {
  if (!flags.suite?.length && !flags.scenario) {
    throw new AsyncToolError("USAGE", "Give the scenarios to run: --suite DIR, or --scenario ID|FILE.");
  }
  const { catalogue, defaultId } = await resolveScenarios({
    ...(flags.suite ? { suite: flags.suite } : {}),
    ...(flags.scenario ? { scenario: flags.scenario } : {}),
  });
  const all = flags.scenario
    ? [catalogue.get(defaultId ?? flags.scenario)]
    : catalogue.ids().map((id) => catalogue.get(id));
  if (flags.episodes !== undefined && flags.episodes > all.length) {
    throw new AsyncToolError(
      "USAGE",
      `--episodes ${flags.episodes}: there ${all.length === 1 ? "is" : "are"} only ${all.length} scenario${all.length === 1 ? "" : "s"} to run.`,
    );
  }
  return flags.episodes === undefined ? all : all.slice(0, flags.episodes);
}

/** Episodes served in this process, recorded under --out, with the runner's facts in each header. */
function inProcessConnector(
  recordingsDir: string,
  identity: { name: string; version: string },
  facts: JsonObject,
): Connector {
  return async (episode: PlannedEpisode): Promise<EpisodeConnection> => {
    const connection = await connectInMemory(
      {
        scenario: episode.scenario,
        seed: episode.seed,
        mode: episode.mode,
        clock: episode.clock,
        recordingsDir,
        server: serverInfo,
        sessionId: episode.key,
        headerOptions: facts,
      },
      identity,
    );
    try {
      // A round trip after `initialized`: the server has started the episode and its recording.
      await connection.client.ping();
      const server = connection.server as EpisodeServer;
      server.session.start();
      const toolList = (await connection.client.listTools()).tools;
      const note = (n: RunnerNote) => {
        const sink = server.session.sink;
        // After the episode's end line nothing may be written; a failed recording is reported by the session.
        if (!sink || sink.closed || sink.failed) return;
        try {
          sink.write({ type: "note", level: n.level, message: n.message, data: n.data });
        } catch {}
      };
      return {
        tools: connection.tools,
        toolList,
        instructions: connection.client.getInstructions() ?? "",
        sessionId: episode.key,
        recordingPath: server.session.sink?.path ?? null,
        note,
        close: async (status, reason) => {
          await server.close(status, reason);
          await connection.close();
        },
      };
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
  };
}

/** Episodes on a running server: each session picks its episode with ?scenario=&seed=&mode=&clock=. */
function urlConnector(serverUrl: string, identity: { name: string; version: string }): Connector {
  return async (episode) => {
    const url = new URL(serverUrl);
    url.searchParams.set("scenario", episode.scenario.id);
    url.searchParams.set("seed", String(episode.seed));
    url.searchParams.set("mode", episode.mode);
    url.searchParams.set("clock", episode.clock);
    const connection = await connectHttp(url, identity);
    try {
      const toolList = (await connection.client.listTools()).tools;
      return {
        tools: connection.tools,
        toolList,
        instructions: connection.client.getInstructions() ?? "",
        sessionId: connection.client.transport?.sessionId,
        recordingPath: null,
        note: null,
        close: () => connection.close(),
      };
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
  };
}
