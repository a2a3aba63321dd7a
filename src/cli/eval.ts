import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { type ClientIdentity, connectInMemoryStarted } from "../client/connect.js";
import {
  ERAS,
  type Era,
  openModernLocalEpisode,
  openModernUrlEpisode,
  openUrlEpisode,
} from "../client/open-episode.js";
import { bearerHeaders } from "../client/server-token.js";
import type { ClockKind, DeliveryMode } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import type { JsonObject } from "../json.js";
import { serverInfo } from "../paths.js";
import { type AgentLimits, DEFAULT_LIMITS } from "../runner/agent-limits.js";
import { episodeUrlId, type PlannedEpisode, parseEpisodeChoice, planEpisodes } from "../runner/episodes.js";
import { CircuitBreaker, DEFAULT_RETRY, realSleep, type Sleep } from "../runner/http.js";
import { InProcessTarget } from "../runner/in-process-target.js";
import { SYSTEM_PROMPT } from "../runner/model-agent.js";
import { isInfrastructureStop, type StopReason } from "../runner/notes.js";
import { costOf, LIST_PRICES, loadPrices, PRICES_DATE, priceOf } from "../runner/prices.js";
import { Progress } from "../runner/progress.js";
import type { ModelControls, TokenField } from "../runner/provider-config.js";
import {
  checkHttpUrl,
  createModelClient,
  keyVariablesHelp,
  PROVIDERS,
  providerHelp,
  providerNamed,
  publicUrl,
} from "../runner/providers.js";
import { openRun, type RunManifest } from "../runner/run-manifest.js";
import { runSuite } from "../runner/suite.js";
import { buildSuiteReport, renderSuiteMarkdown, suiteReportJson } from "../runner/suite-report.js";
import type { Connector } from "../runner/target.js";
import { type Deadline, realDeadline } from "../runner/tool-calls.js";
import { UrlTarget } from "../runner/url-target.js";
import { RUNNER } from "../runner/version.js";
import {
  checkHeaderName,
  collect,
  invocation,
  parseBodyJson,
  parseHeaders,
  readSystemPrompt,
  requestLogs,
  resumeCommand,
} from "./eval-options.js";
import { chooseScenarioRefs } from "./eval-scenarios.js";
import { integer, positiveNumber } from "./options.js";
import type { Output } from "./output.js";
import { displayPath } from "./paths.js";

interface EvalFlags {
  provider: string;
  model: string;
  baseUrl?: string;
  header?: string[];
  bodyJson?: string;
  apiKeyHeader?: string;
  tokenField?: TokenField;
  suite?: string[];
  scenario?: string;
  episodes?: string;
  category?: string[];
  sample?: number;
  sampleSeed: number;
  seeds: number;
  mode?: DeliveryMode[];
  parallelToolCalls?: string[];
  tasksDriver?: boolean;
  era: Era;
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
  topP?: number;
  seed?: number;
  stop?: string[];
  reasoningEffort?: string;
  thinkingBudget?: number;
  toolChoice?: string;
  systemPrompt?: string;
  nudge: number;
  maxRetries: number;
  requestTimeout: number;
  toolTimeout: number;
  breaker: number;
  failOnError: number;
  grace: number;
  logRequests?: boolean;
  prices?: string;
}

/** What tests replace: the environment, time (backoff sleeps, tool-call deadlines, the grace period), chance and signals. */
export interface EvalDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly sleep?: Sleep;
  readonly deadline?: Deadline;
  /** Waits out the grace period after an interruption. */
  readonly graceTimer?: Deadline;
  /** The waits of a Tasks requester between two polls of a task (the wall clock's pollIntervalMs, --era 2026-07-28). */
  readonly pollSleep?: Sleep;
  /** The backoff jitter's draws. */
  readonly random?: () => number;
  /** Aborted: the run is interrupted, as by Ctrl-C (given, the CLI does not listen to signals itself). */
  readonly interrupt?: AbortSignal;
  /** How the printed --resume command starts (default: how this process was started). */
  readonly invokedAs?: string;
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

const rate = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`${name} takes a rate from 0 to 1.`);
  return n;
};

const nonEmpty = (name: string) => (value: string, previous: string[] | undefined) => {
  if (value === "") throw new InvalidArgumentError(`${name} takes a non-empty text.`);
  return collect(value, previous);
};

export function evalCommand(io: Output, setExit: (code: number) => void, deps: EvalDeps = {}): Command {
  return new Command("eval")
    .description(
      "Evaluate a model: a tool-calling agent on an OpenAI-compatible or Anthropic endpoint works a suite of episodes, recorded and scored into the AsyncTool table.",
    )
    .requiredOption("--provider <name>", providerHelp())
    .requiredOption("--model <name>", "the model name the endpoint knows (Azure: the deployment's model)")
    .option(
      "--base-url <url>",
      "the endpoint (default: the provider's own); e.g. http://127.0.0.1:8000/v1; a query (?api-version=...) is kept; anthropic: with or without /v1",
    )
    .option("--header <name=value>", "an HTTP header for every model request (repeatable)", collect)
    .option("--body-json <json>", "a JSON object merged into every request body, e.g. '{\"top_k\":20}'")
    .option(
      "--api-key-header <name>",
      "send the key raw in this header instead of Authorization: Bearer / x-api-key (Azure: api-key)",
    )
    .addOption(
      new Option(
        "--token-field <field>",
        "openai: the output-cap field (default: max_completion_tokens for o-series and gpt-5 models and on api.openai.com, else max_tokens)",
      ).choices(["max_tokens", "max_completion_tokens"]),
    )
    .option("--suite <dir...>", "the scenarios to run: every scenario file under the directories")
    .option("-s, --scenario <id|file>", "one scenario: a shipped id or a file (with --suite: one of its ids)")
    .option(
      "--episodes <n|ids|glob>",
      "which scenarios: the first n, ids separated by commas, or a glob over ids ('asynctool-v2-00*')",
    )
    .option(
      "--category <names...>",
      "only scenarios covering one of these categories of the suite (e.g. TravelPlanning; asynctool stats lists them)",
    )
    .option("--sample <n>", "a random sample of n of the selected scenarios", integer("--sample", 1))
    .option("--sample-seed <s>", "the seed of --sample (same seed, same sample)", integer("--sample-seed"), 1)
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
      ).choices(["async", "sync", "instant", "tasks"]),
    )
    .addOption(
      new Option(
        "--parallel-tool-calls <values...>",
        "false asks for one tool call per turn; 'true false' runs both and adds the sequential ablation (default: the endpoint's)",
      ).choices(["true", "false"]),
    )
    .option(
      "--tasks-driver",
      "the client drives MCP Tasks, as agent frameworks do: each tool call answers with its finished result, and the model never sees the job tools (runs in --mode tasks; in --era 2026-07-28 through the Tasks extension, polling tasks/get)",
    )
    .addOption(
      new Option(
        "--era <version>",
        "the protocol era the client speaks: 2025-11-25 (initialize and a session; in this process over memory) or 2026-07-28 (no handshake: an episode URL, on an HTTP server in this process or, with --url, created with POST /episodes on the running server)",
      )
        .choices(ERAS)
        .default("2025-11-25"),
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
    .option(
      "--url <url>",
      "play against a running server's /mcp endpoint instead of one in this process (a server started with a token: set ASYNCTOOL_AUTH_TOKEN to it)",
    )
    .option(
      "--server-recordings <dir>",
      "with --url: the server's --recordings directory, to score the episodes here",
    )
    .option("--max-turns <n>", "model turns per episode", integer("--max-turns", 1), DEFAULT_LIMITS.maxTurns)
    .option(
      "--max-tokens <n>",
      "input + output tokens per episode (held within a turn: the output cap shrinks to what is left)",
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
    .option("--top-p <p>", "nucleus sampling (default: the endpoint's)", rate("--top-p"))
    .option("--seed <n>", "openai: the sampling seed", integer("--seed"))
    .option("--stop <text>", "a stop sequence (repeatable)", nonEmpty("--stop"))
    .addOption(
      new Option("--reasoning-effort <level>", "openai reasoning models: how hard to think").choices([
        "minimal",
        "low",
        "medium",
        "high",
      ]),
    )
    .option(
      "--thinking-budget <tokens>",
      "anthropic: extended thinking with this budget (below --max-output-tokens); thinking blocks are kept in the history",
      integer("--thinking-budget", 1),
    )
    .option(
      "--tool-choice <choice>",
      "auto, required, none, or a tool name the model must call (default: the endpoint's)",
    )
    .option("--system-prompt <file>", "replace the runner's neutral system prompt with this file's text")
    .option(
      "--nudge <n>",
      "after a reply without tool calls, ask the model to continue up to n times per episode (0: such a reply ends it)",
      integer("--nudge", 0),
      0,
    )
    .option(
      "--max-retries <n>",
      "retries of a model request on 429, 5xx and network errors (jittered backoff; Retry-After honoured)",
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
      "--breaker <k>",
      "stop the run after k model requests in a row fail in transport (no answer, 5xx); 0: never",
      integer("--breaker", 0),
      DEFAULT_BREAKER,
    )
    .option(
      "--fail-on-error <rate>",
      "exit 1 when more than this share of episodes failed for infrastructure reasons",
      rate("--fail-on-error"),
      0,
    )
    .option(
      "--grace <s>",
      "after Ctrl-C, seconds the running episodes get to finish before they are stopped",
      nonNegative("--grace"),
      DEFAULT_GRACE_S,
    )
    .option(
      "--tool-timeout <s>",
      "seconds before a tool call reaches the model as an error",
      positiveNumber("--tool-timeout"),
      DEFAULT_LIMITS.toolTimeoutMs / 1000,
    )
    .option(
      "--log-requests",
      "keep every raw model request and response under --out/requests/ (keys redacted)",
    )
    .option(
      "--prices <file>",
      `USD per million tokens, JSON {"model": {"input": 2, "cachedInput": 0.5, "output": 8}}, over the built-in list prices of ${PRICES_DATE}`,
    )
    .addHelpText(
      "after",
      [
        "",
        keyVariablesHelp(),
        "Errors: a transient one (429, 5xx, no answer) is retried; one every episode would get (a bad key,",
        "an unknown model, a refused parameter) stops the run at once; one of a single conversation ends",
        "that episode. Infrastructure failures are left out of the rates and counted apart.",
        "Ctrl-C: no new episode starts, the running ones get --grace seconds, the partial report is",
        "written and the --resume command printed; a second Ctrl-C stops at once.",
        "",
        "Examples:",
        "  asynctool eval --provider openai --model gpt-4.1 --suite scenarios/asynctool-v2 --episodes 50 --seeds 3",
        "  asynctool eval --provider anthropic --model claude-sonnet-4-5 --scenario travel-and-files -m async sync instant",
        "  asynctool eval --provider openai --model qwen3 --base-url http://127.0.0.1:8000/v1 --suite scenarios/asynctool-v2",
        "  asynctool eval --provider openai --model gpt-4.1 --base-url 'https://R.openai.azure.com/openai/deployments/D?api-version=2024-10-21' --api-key-header api-key ...",
        "  asynctool eval ... --parallel-tool-calls true false   # the one-call-per-turn ablation",
        "  asynctool eval ... -m async -o evals/model-schedules; asynctool eval ... --tasks-driver -o evals/framework-schedules",
        "  asynctool eval ... --era 2026-07-28 --tasks-driver   # the framework schedules, over the Tasks extension",
        "  asynctool eval ... --era 2026-07-28 --url http://127.0.0.1:3000/mcp --server-recordings recordings",
        "  ASYNCTOOL_AUTH_TOKEN=... asynctool eval ... --url https://evals.example.com/mcp   # a server with --auth-token",
        "  asynctool eval ... --resume          # after an interruption: runs only what is missing",
      ].join("\n"),
    )
    .action(async (flags: EvalFlags, command: Command) => {
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
      if (flags.tasksDriver && flags.mode?.some((m) => m !== "tasks")) {
        throw new AsyncToolError(
          "USAGE",
          `--tasks-driver runs the server in tasks mode; it does not go with --mode ${flags.mode.filter((m) => m !== "tasks").join(" ")}. Leave --mode out, or run the other modes in a run of their own (another --out).`,
        );
      }
      const modern = flags.era === "2026-07-28";
      if (modern && serverUrl && !/\/mcp\/?$/.test(new URL(serverUrl).pathname)) {
        throw new AsyncToolError(
          "USAGE",
          `--era 2026-07-28 with --url creates each episode with POST /episodes beside the server's /mcp endpoint: give that endpoint, e.g. --url http://127.0.0.1:3000/mcp, not ${publicUrl(serverUrl)}.`,
        );
      }
      if (flags.toolChoice !== undefined && flags.toolChoice.trim() === "") {
        throw new AsyncToolError(
          "PROVIDER_OPTION_INVALID",
          "--tool-choice is empty: give auto, required, none or a tool name.",
        );
      }
      const headers = parseHeaders(flags.header);
      const bodyExtra = parseBodyJson(flags.bodyJson);
      const apiKeyHeader = checkHeaderName(flags.apiKeyHeader);
      const systemPrompt = (await readSystemPrompt(flags.systemPrompt)) ?? SYSTEM_PROMPT;
      const controls: ModelControls = {
        ...(flags.temperature !== undefined ? { temperature: flags.temperature } : {}),
        ...(flags.topP !== undefined ? { topP: flags.topP } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(flags.stop !== undefined ? { stop: flags.stop } : {}),
        ...(flags.reasoningEffort !== undefined ? { reasoningEffort: flags.reasoningEffort } : {}),
        ...(flags.thinkingBudget !== undefined ? { thinkingBudget: flags.thinkingBudget } : {}),
        ...(flags.toolChoice !== undefined ? { toolChoice: flags.toolChoice.trim() } : {}),
      };
      const apiKey = env[PROVIDERS[provider].keyVariable] || undefined;
      const breaker = new CircuitBreaker(flags.breaker);
      const model = createModelClient({
        provider,
        model: flags.model,
        baseUrl,
        apiKey,
        apiKeyHeader,
        headers,
        bodyExtra,
        tokenField: flags.tokenField,
        controls,
        policy: {
          ...DEFAULT_RETRY,
          maxRetries: flags.maxRetries,
          requestTimeoutMs: flags.requestTimeout * 1000,
        },
        env: {
          sleep: deps.sleep ?? realSleep,
          random: deps.random ?? Math.random,
          now: Date.now,
          breaker,
        },
      });
      const table = await loadPrices(flags.prices);
      const priced = priceOf(table, flags.model);
      const pricesNote = priced
        ? `${flags.prices && table[priced.name] !== LIST_PRICES[priced.name] ? `prices of ${flags.prices}` : `list prices of ${PRICES_DATE}`} for ${priced.name}`
        : null;
      const scenarios = await chooseScenarioRefs({
        ...(flags.suite ? { suite: flags.suite } : {}),
        ...(flags.scenario ? { scenario: flags.scenario } : {}),
        ...(flags.episodes !== undefined ? { episodes: parseEpisodeChoice(flags.episodes) } : {}),
        ...(flags.category ? { categories: flags.category } : {}),
        ...(flags.sample !== undefined ? { sample: flags.sample } : {}),
        sampleSeed: flags.sampleSeed,
      });
      const episodes = planEpisodes(scenarios, {
        seeds: Array.from({ length: flags.seeds }, (_, i) => i + 1),
        modes: flags.tasksDriver ? ["tasks"] : flags.mode ? [...new Set(flags.mode)] : undefined,
        clock: flags.clock,
        ...(flags.parallelToolCalls
          ? { parallel: [...new Set(flags.parallelToolCalls)].map((v) => v === "true") }
          : {}),
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
      const orNull = <T>(value: T | undefined) => (value === undefined ? null : value);
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
          // Choices that change what is measured; null when left at their default, so earlier runs resume.
          topP: orNull(flags.topP),
          seed: orNull(flags.seed),
          stop: flags.stop === undefined ? null : [...flags.stop],
          reasoningEffort: orNull(flags.reasoningEffort),
          thinkingBudget: orNull(flags.thinkingBudget),
          toolChoice: orNull(controls.toolChoice),
          systemPrompt:
            systemPrompt === SYSTEM_PROMPT ? null : createHash("sha256").update(systemPrompt).digest("hex"),
          nudges: flags.nudge === 0 ? null : flags.nudge,
          bodyJson: Object.keys(bodyExtra).length === 0 ? null : bodyExtra,
          tasksDriver: flags.tasksDriver ? true : null,
          era: modern ? flags.era : null,
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
          controls: JSON.parse(JSON.stringify(controls)) as JsonObject,
          nudges: flags.nudge,
          tasksDriver: flags.tasksDriver === true,
          era: flags.era,
          systemPrompt: systemPrompt === SYSTEM_PROMPT ? "default" : "custom",
          limits: { ...limits },
        },
      };
      const identity = { name: `${RUNNER.name}:${provider}/${flags.model}`, version: RUNNER.version };
      // Earlier attempts that --resume does not count (cut short, or run again) are kept here.
      const setAside = join(out, "set-aside");
      const pollSleep = deps.pollSleep ?? realSleep;
      // The token of a server started with one (serve's own variable); sent to --url only.
      const serverHeaders = bearerHeaders(env.ASYNCTOOL_AUTH_TOKEN);
      const target = serverUrl
        ? new UrlTarget(
            join(out, "runner-logs"),
            setAside,
            modern
              ? modernUrlConnector(serverUrl, identity, pollSleep, serverHeaders)
              : urlConnector(serverUrl, identity, serverHeaders),
            flags.serverRecordings ? resolve(flags.serverRecordings) : null,
            { ...facts, server: publicUrl(serverUrl) },
          )
        : modern
          ? new InProcessTarget(
              join(out, "recordings"),
              setAside,
              modernConnector(join(out, "recordings"), identity, facts, pollSleep),
              (episode) => episodeUrlId(episode.key),
            )
          : new InProcessTarget(
              join(out, "recordings"),
              setAside,
              inProcessConnector(join(out, "recordings"), identity, facts),
            );

      const tty = deps.stderrIsTty ?? process.stderr.isTTY === true;
      const writeErr = deps.writeErr ?? ((text: string) => process.stderr.write(text));
      const progress = new Progress(episodes.length, flags.concurrency);
      const scenarioCount = scenarios.length;
      io.err(
        `Evaluating ${provider}/${flags.model} at ${endpoint}: ${episodes.length} episode${episodes.length === 1 ? "" : "s"} (${scenarioCount} scenario${scenarioCount === 1 ? "" : "s"}, ${flags.seeds} seed${flags.seeds === 1 ? "" : "s"}, ${flags.clock} clock${modern ? ", protocol 2026-07-28 on episode URLs" : ""}) into ${displayPath(out)}${serverUrl ? `, against ${publicUrl(serverUrl)}` : ""}.${pricesNote ? ` Cost at ${pricesNote}.` : ""}`,
      );

      // Ctrl-C drains: no new episode, a grace period for those running, then they are stopped.
      const stopStarting = new AbortController();
      const abortRunning = new AbortController();
      const graceOver = new AbortController();
      const interrupt = () => {
        if (stopStarting.signal.aborted) {
          abortRunning.abort();
          return;
        }
        stopStarting.abort();
        if (tty) writeErr("\n");
        io.err(
          `Interrupted: no new episode starts; the running ones get ${flags.grace} s to finish (Ctrl-C again stops them now).`,
        );
        (deps.graceTimer ?? realDeadline)(flags.grace * 1000, graceOver.signal).then(() =>
          abortRunning.abort(),
        );
      };
      const detach = listenForInterrupt(deps.interrupt, interrupt);
      if (tty) writeErr(progress.bar());
      let result: Awaited<ReturnType<typeof runSuite>>;
      try {
        result = await runSuite({
          episodes,
          target,
          model,
          limits,
          agent: {
            systemPrompt,
            nudges: flags.nudge,
            ...(priced ? { cost: (usage) => costOf(priced.price, usage) } : {}),
          },
          concurrency: flags.concurrency,
          resume: flags.resume === true,
          retryFailed: flags.retryFailed === true,
          tasksDriver: flags.tasksDriver === true,
          ...(deps.deadline ? { deadline: deps.deadline } : {}),
          stopStarting: stopStarting.signal,
          abortRunning: abortRunning.signal,
          ...(flags.logRequests
            ? {
                exchangeLog: (episode: PlannedEpisode) =>
                  requestLogs(join(out, "requests"), apiKey ? [apiKey] : [])(episode.key),
              }
            : {}),
          onEvent: (event) => {
            if (event.type === "started") return;
            progress.take(event);
            if (tty) writeErr(`\r\x1b[2K${progress.bar()}`);
            else io.err(event.type === "turn" ? progress.turnLine(event) : progress.line(event));
          },
        });
      } finally {
        detach();
        graceOver.abort();
      }
      if (tty) writeErr("\n");

      const report = buildSuiteReport(result.episodes, {
        provider,
        model: flags.model,
        runner: RUNNER,
        outDir: out,
        notRun: result.notRun,
        prices: pricesNote,
      });
      const markdown = renderSuiteMarkdown(report);
      await writeFile(join(out, "report.json"), suiteReportJson(report), "utf8");
      await writeFile(join(out, "report.md"), markdown, "utf8");
      io.out(markdown);
      io.err(
        `Wrote ${displayPath(join(out, "report.md"))} and ${displayPath(join(out, "report.json"))}${result.interrupted ? " (partial)" : ""}.`,
      );
      if (serverUrl && !flags.serverRecordings) {
        io.err(
          "The recordings are the server's: score them with `asynctool report <its recordings directory>`, or pass --server-recordings.",
        );
      }
      if (result.interrupted && !result.fatal) {
        const args = rawArgsOf(command) ?? [];
        io.err(
          `[INTERRUPTED] ${result.episodes.length} of ${episodes.length} episodes done, ${result.notRun} left. Continue the run with:\n  ${resumeCommand(deps.invokedAs ?? invocation(process.argv[1], process.cwd()), args)}`,
        );
        setExit(EXIT_INTERRUPTED);
        return;
      }
      if (result.fatal) throw result.fatal;
      const failures = report.episodes.filter((e) =>
        isInfrastructureStop(e.stop as StopReason | null),
      ).length;
      if (failures > 0) {
        const share = failures / report.episodes.length;
        const message = `${failures} of ${report.episodes.length} episode${report.episodes.length === 1 ? "" : "s"} could not be finished by the runner (endpoint or connection failures, left out of the rates); their notes say why. Run them again with --resume --retry-failed.`;
        if (share > flags.failOnError) {
          // Not thrown: the report is written and the run is over; the status tells a script.
          io.err(
            `error [INFRA_FAILURE_RATE]: ${message} That is ${(share * 100).toFixed(1)}% of the episodes, above --fail-on-error ${flags.failOnError}.`,
          );
          setExit(1);
        } else io.err(message);
      }
    });
}

/** The exit status of an interrupted run, as a shell gives a process killed by SIGINT. */
const EXIT_INTERRUPTED = 130;
/** Consecutive transport failures that open the circuit breaker: above one episode's attempts (1 + 6 retries). */
const DEFAULT_BREAKER = 8;
const DEFAULT_GRACE_S = 30;

/**
 * Calls `onInterrupt` on SIGINT and SIGTERM (or when the injected signal aborts), every time:
 * the second one stops the running episodes. Returns what detaches the listeners.
 */
function listenForInterrupt(injected: AbortSignal | undefined, onInterrupt: () => void): () => void {
  if (injected) {
    const listener = () => onInterrupt();
    if (injected.aborted) queueMicrotask(listener);
    else injected.addEventListener("abort", listener, { once: true });
    return () => injected.removeEventListener("abort", listener);
  }
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onInterrupt);
  return () => {
    process.off("SIGINT", onInterrupt);
    process.off("SIGTERM", onInterrupt);
  };
}

/** The arguments eval was given, as typed (Commander keeps them on the command that parsed argv). */
function rawArgsOf(command: Command): string[] | null {
  const top = (command.parent ?? command) as Command & { rawArgs?: string[] };
  const raw = top.rawArgs;
  if (!raw) return null;
  if (!command.parent) return [...raw];
  const at = raw.indexOf("eval");
  return at < 0 ? null : raw.slice(at + 1);
}

/** Episodes served in this process, recorded under --out, with the runner's facts in each header. */
export function inProcessConnector(
  recordingsDir: string,
  identity: ClientIdentity,
  facts: JsonObject,
): Connector {
  return (episode: PlannedEpisode) =>
    connectInMemoryStarted(
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
}

/** Episodes on a running server: each session picks its episode. */
function urlConnector(
  serverUrl: string,
  identity: ClientIdentity,
  headers: Readonly<Record<string, string>>,
): Connector {
  return (episode) =>
    openUrlEpisode(
      serverUrl,
      { scenarioId: episode.scenario.id, seed: episode.seed, mode: episode.mode, clock: episode.clock },
      identity,
      headers,
    );
}

/**
 * Episodes of the 2026-07-28 era served in this process: each on an episode URL of a loopback
 * HTTP server of its own, under the id `episodeUrlId` makes of its key, recorded under --out with
 * the runner's facts (and the era) in each header.
 */
function modernConnector(
  recordingsDir: string,
  identity: ClientIdentity,
  facts: JsonObject,
  pollSleep: Sleep,
): Connector {
  return (episode: PlannedEpisode) =>
    openModernLocalEpisode(
      {
        scenario: episode.scenario,
        seed: episode.seed,
        mode: episode.mode,
        clock: episode.clock,
        recordingsDir,
        server: serverInfo,
        sessionId: episodeUrlId(episode.key),
        headerOptions: facts,
      },
      identity,
      pollSleep,
    );
}

/** Episodes of the 2026-07-28 era on a running server: each created with POST /episodes. */
function modernUrlConnector(
  serverUrl: string,
  identity: ClientIdentity,
  pollSleep: Sleep,
  headers: Readonly<Record<string, string>>,
): Connector {
  return (episode) =>
    openModernUrlEpisode(
      serverUrl,
      { scenarioId: episode.scenario.id, seed: episode.seed, mode: episode.mode, clock: episode.clock },
      identity,
      pollSleep,
      headers,
    );
}
