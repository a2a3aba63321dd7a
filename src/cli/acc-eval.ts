import { readFile } from "node:fs/promises";
import { Command, InvalidArgumentError } from "commander";
import { AsyncToolError } from "../errors.js";
import {
  ACC_SYSTEM_PROMPT,
  type AccVerdict,
  accPrompt,
  gradeItem,
  parseAccItems,
  renderAccEvalSummary,
  summarizeAccEval,
} from "../exports/acc-eval.js";
import { CircuitBreaker, DEFAULT_RETRY, realSleep, type Sleep } from "../runner/http.js";
import {
  checkHttpUrl,
  createModelClient,
  keyVariablesHelp,
  PROVIDERS,
  providerHelp,
  providerNamed,
} from "../runner/providers.js";
import { LinesFile } from "./export-load.js";
import { integer } from "./options.js";
import type { Output } from "./output.js";

interface AccEvalFlags {
  provider: string;
  model: string;
  baseUrl?: string;
  temperature?: number;
  maxOutputTokens: number;
  maxRetries: number;
  limit?: number;
  out?: string;
  json?: boolean;
}

export interface AccEvalDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly sleep?: Sleep;
}

const nonNegative = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} takes a number ≥ 0.`);
  return n;
};

/** `asynctool acc-eval ITEMS`: a model answers ACC items without tools, graded with the project's checks. */
export function accEvalCommand(io: Output, deps: AccEvalDeps = {}): Command {
  return new Command("acc-eval")
    .description(
      "Ask a model the items of an ACC export (`export acc`) without tools, through the same providers as eval, and grade its answers with the scenarios' own answer checks: a long-context benchmark made from recordings.",
    )
    .argument("<items>", "a file written by `asynctool export acc`")
    .requiredOption("--provider <name>", providerHelp())
    .requiredOption("--model <name>", "the model name the endpoint knows")
    .option("--base-url <url>", "the endpoint (default: the provider's own); e.g. http://127.0.0.1:8000/v1")
    .option(
      "--temperature <t>",
      "sampling temperature (default: the endpoint's)",
      nonNegative("--temperature"),
    )
    .option("--max-output-tokens <n>", "most tokens of one answer", integer("--max-output-tokens", 1), 256)
    .option(
      "--max-retries <n>",
      "retries of a failed request",
      integer("--max-retries", 0),
      DEFAULT_RETRY.maxRetries,
    )
    .option("--limit <n>", "ask only the first n items", integer("--limit", 1))
    .option("-o, --out <file>", "also write one verdict a line (id, answer, expected, pass, distance)")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      `\n${keyVariablesHelp()}\n\n` +
        "Example:\n  asynctool export acc recordings/ --out acc.jsonl --max-chars 100000\n" +
        "  asynctool acc-eval acc.jsonl --provider openai --model gpt-4.1 --out verdicts.jsonl",
    )
    .action(async (file: string, flags: AccEvalFlags) => {
      const env = deps.env ?? process.env;
      const provider = providerNamed(flags.provider);
      const baseUrl = flags.baseUrl === undefined ? undefined : checkHttpUrl(flags.baseUrl, "--base-url");
      const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new AsyncToolError(
          "ACC_ITEMS_INVALID",
          `${file}: ${error.code === "ENOENT" ? "no such file" : error.message}. Give the file \`asynctool export acc … --out FILE\` wrote.`,
          { where: file },
        );
      });
      const items = parseAccItems(text, file).slice(0, flags.limit);
      const model = createModelClient({
        provider,
        model: flags.model,
        baseUrl,
        apiKey: env[PROVIDERS[provider].keyVariable] || undefined,
        apiKeyHeader: undefined,
        headers: {},
        bodyExtra: {},
        tokenField: undefined,
        controls: flags.temperature === undefined ? {} : { temperature: flags.temperature },
        policy: { ...DEFAULT_RETRY, maxRetries: flags.maxRetries },
        env: {
          sleep: deps.sleep ?? realSleep,
          random: Math.random,
          now: Date.now,
          breaker: new CircuitBreaker(0),
        },
      });
      const out = flags.out ? new LinesFile(flags.out) : undefined;
      await out?.open();
      const verdicts: AccVerdict[] = [];
      try {
        for (const item of items) {
          const reply = await model.complete(
            {
              system: ACC_SYSTEM_PROMPT,
              messages: [{ role: "user", text: accPrompt(item) }],
              tools: [],
              maxOutputTokens: flags.maxOutputTokens,
              parallelToolCalls: null,
              turn: 1,
            },
            (retry) => io.err(`retry ${retry.attempt} of ${item.id}: ${retry.error}`),
          );
          const verdict = gradeItem(item, reply.text);
          verdicts.push(verdict);
          await out?.write([verdict]);
        }
      } finally {
        await out?.close(io);
      }
      const summary = summarizeAccEval(verdicts);
      io.out(flags.json ? JSON.stringify(summary, null, 2) : renderAccEvalSummary(flags.model, summary));
    });
}
