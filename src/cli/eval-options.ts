import { appendFileSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { AsyncToolError, messageOf } from "../errors.js";
import { isJsonObject, type JsonObject } from "../json.js";
import type { Exchange, ExchangeLog } from "../runner/types.js";

/** Commander's collector of a repeatable option. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** --header NAME=VALUE (or NAME: VALUE), repeatable; a later one of the same name wins. */
export function parseHeaders(values: readonly string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values ?? []) {
    const at = value.search(/[=:]/);
    const name = at < 0 ? "" : value.slice(0, at).trim();
    if (!HEADER_NAME.test(name)) {
      throw new AsyncToolError(
        "PROVIDER_OPTION_INVALID",
        `--header ${JSON.stringify(value)} is not NAME=VALUE: write e.g. --header anthropic-beta=interleaved-thinking-2025-05-14 or --header "HTTP-Referer=https://example.org".`,
      );
    }
    headers[name.toLowerCase()] = value.slice(at + 1).trim();
  }
  return headers;
}

/** --body-json: a JSON object merged into every request body. */
export function parseBodyJson(value: string | undefined): JsonObject {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new AsyncToolError(
      "PROVIDER_OPTION_INVALID",
      `--body-json is not JSON (${messageOf(error)}): quote it for the shell, e.g. --body-json '{"chat_template_kwargs":{"enable_thinking":false}}'.`,
    );
  }
  if (!isJsonObject(parsed)) {
    throw new AsyncToolError(
      "PROVIDER_OPTION_INVALID",
      `--body-json must be a JSON object of fields to add to each request, e.g. '{"top_k":20}'; got ${value}.`,
    );
  }
  return parsed;
}

export function checkHeaderName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!HEADER_NAME.test(value)) {
    throw new AsyncToolError(
      "PROVIDER_OPTION_INVALID",
      `--api-key-header ${JSON.stringify(value)} is not a header name: give e.g. --api-key-header api-key (Azure OpenAI).`,
    );
  }
  return value;
}

/** The text of --system-prompt FILE. */
export async function readSystemPrompt(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new AsyncToolError(
      "SYSTEM_PROMPT_UNREADABLE",
      `--system-prompt ${file} cannot be read (${messageOf(error)}): give the path of a text file.`,
      { where: file },
    );
  }
  if (text.trim() === "") {
    throw new AsyncToolError(
      "SYSTEM_PROMPT_UNREADABLE",
      `--system-prompt ${file} is empty: write the system prompt in it, or drop the flag for the default.`,
      { where: file },
    );
  }
  return text.trim();
}

/**
 * --log-requests: each episode's raw exchanges under `requests/<key>.jsonl`, one line per HTTP
 * attempt, appended (a rerun adds to it). Secret headers are redacted by the HTTP layer; the key
 * is also scrubbed from the bodies, in case an endpoint echoes it.
 */
export function requestLogs(dir: string, secrets: readonly string[]): (key: string) => ExchangeLog {
  return (key) => {
    const path = join(dir, `${key}.jsonl`);
    return (exchange: Exchange) => {
      let line = JSON.stringify({ time: new Date().toISOString(), ...exchange });
      for (const secret of secrets) if (secret.length >= 8) line = line.split(secret).join("[redacted]");
      mkdirSync(dir, { recursive: true });
      appendFileSync(path, `${line}\n`, "utf8");
    };
  };
}

/** How the CLI was started, for the command it prints: `node dist/cli.js` or `asynctool`. */
export function invocation(argv1: string | undefined, cwd: string): string {
  if (argv1 && basename(argv1) === "cli.js") return `node ${relative(cwd, argv1) || argv1}`;
  return "asynctool";
}

/** The command that continues an interrupted run: the same arguments, with --resume. */
export function resumeCommand(invokedAs: string, args: readonly string[]): string {
  const kept = args.filter((a) => a !== "--resume");
  return [invokedAs, "eval", ...kept.map(shellQuote), "--resume"].join(" ");
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-.,/:=@%+]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
