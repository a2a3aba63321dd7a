import type { JsonObject } from "../json.js";
import type { HttpEnvironment, RetryPolicy } from "./http.js";
import { RUNNER } from "./version.js";

/** The sampling and tool-use controls of a run; undefined leaves the endpoint's default. */
export interface ModelControls {
  readonly temperature?: number;
  readonly topP?: number;
  /** OpenAI-compatible only. */
  readonly seed?: number;
  readonly stop?: readonly string[];
  /** OpenAI reasoning models: minimal, low, medium or high. */
  readonly reasoningEffort?: string;
  /** Anthropic extended thinking: its budget in tokens. */
  readonly thinkingBudget?: number;
  /** auto, required, none, or the name of a tool the model must call. */
  readonly toolChoice?: string;
}

export type TokenField = "max_tokens" | "max_completion_tokens";

export interface ProviderConfig {
  readonly model: string;
  /** Without a trailing slash; may carry a query (`?api-version=`), kept on every request. */
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  /** Send the key raw in this header instead of the provider's own (Azure: `api-key`). */
  readonly apiKeyHeader: string | undefined;
  /** Added to every request (--header), after the provider's own. */
  readonly headers: Readonly<Record<string, string>>;
  /** Merged into every request body (--body-json), over the runner's fields. */
  readonly bodyExtra: JsonObject;
  /** OpenAI only: the name of the output-token cap; undefined chooses by model family. */
  readonly tokenField: TokenField | undefined;
  readonly controls: ModelControls;
  readonly policy: RetryPolicy;
  readonly env: HttpEnvironment;
}

/** `base` + `path`, keeping the base's query: `https://x/openai/deployments/d?api-version=v` + `/chat/completions`. */
export function endpointUrl(base: string, path: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
  return url.href;
}

/**
 * The output-cap field OpenAI-style endpoints want: reasoning models (o1, o3, o4-mini, gpt-5...)
 * refuse `max_tokens`, wherever they are served (OpenAI, Azure, a proxy); every other model,
 * and most local servers, know `max_tokens`. OpenAI's own endpoint takes the newer name for all.
 */
export function defaultTokenField(model: string, officialEndpoint: boolean): TokenField {
  if (officialEndpoint) return "max_completion_tokens";
  const name = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
  return /^(o\d|gpt-5)/.test(name) ? "max_completion_tokens" : "max_tokens";
}

/** The headers of a request: the provider's, then the key (in --api-key-header if given), then --header. */
export function requestHeaders(
  config: ProviderConfig,
  own: Readonly<Record<string, string>>,
  keyHeader: (key: string) => Record<string, string>,
): Record<string, string> {
  const key = config.apiKey
    ? config.apiKeyHeader
      ? { [config.apiKeyHeader.toLowerCase()]: config.apiKey }
      : keyHeader(config.apiKey)
    : {};
  const extra = Object.fromEntries(Object.entries(config.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { "user-agent": `asynctool-mcp/${RUNNER.version}`, ...own, ...key, ...extra };
}
