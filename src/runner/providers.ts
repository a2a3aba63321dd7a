import { AsyncToolError } from "../errors.js";
import { ANTHROPIC_BASE_URL, anthropicClient } from "./anthropic.js";
import { OPENAI_BASE_URL, openAiClient } from "./openai.js";
import type { ProviderConfig } from "./provider-config.js";
import type { ModelClient } from "./types.js";

/** One API the runner speaks: everything `eval` and `acc-eval` need to know of it. */
export interface ProviderEntry {
  /** The provider's own endpoint, used without --base-url. */
  readonly baseUrl: string;
  /** The environment variable its key is read from. */
  readonly keyVariable: string;
  /** What else speaks this API, for the --provider help; undefined for none. */
  readonly alsoServes?: string;
  /** The controls its API has no field for: the flag, and what to do instead. */
  readonly refuses: readonly (readonly [keyof ProviderConfig["controls"], string, string])[];
  /** Whether it takes --token-field (the name of the output cap): true, or why not. */
  readonly tokenField: true | string;
  /** Its client: a ModelRequest to the API's body, the API's answer to a ModelReply. */
  readonly create: (config: ProviderConfig) => ModelClient;
}

/**
 * The providers, by the name --provider takes: adding one is its client's file and an entry here.
 * A flag an API has no field for is refused, not dropped in silence.
 */
export const PROVIDERS = {
  openai: {
    baseUrl: OPENAI_BASE_URL,
    keyVariable: "OPENAI_API_KEY",
    alsoServes: "vLLM, Ollama, llama.cpp server, Azure...",
    refuses: [["thinkingBudget", "--thinking-budget", "use --reasoning-effort for OpenAI reasoning models"]],
    tokenField: true,
    create: openAiClient,
  },
  anthropic: {
    baseUrl: ANTHROPIC_BASE_URL,
    keyVariable: "ANTHROPIC_API_KEY",
    refuses: [
      ["seed", "--seed", "the Messages API has no seed"],
      ["reasoningEffort", "--reasoning-effort", "use --thinking-budget for Anthropic extended thinking"],
    ],
    tokenField: "the Messages API always takes max_tokens",
    create: anthropicClient,
  },
} as const satisfies Record<string, ProviderEntry>;

export type ProviderName = keyof typeof PROVIDERS;

/** The --provider help: each name, with what else speaks its API. */
export function providerHelp(): string {
  return Object.entries(PROVIDERS as Record<string, ProviderEntry>)
    .map(([name, entry]) => (entry.alsoServes ? `${name} (also ${entry.alsoServes})` : name))
    .join(" or ");
}

/** Where the keys come from, for the commands' help. */
export function keyVariablesHelp(): string {
  const names = Object.values(PROVIDERS as Record<string, ProviderEntry>).map((entry) => entry.keyVariable);
  return `The API key comes from ${names.join(" or ")}; a --base-url server may need none.`;
}

/** A registry of providers: PROVIDERS, or (in tests) a copy with more entries. */
export type Providers = Readonly<Record<string, ProviderEntry>>;

export function providerNamed(name: string): ProviderName;
export function providerNamed(name: string, providers: Providers): string;
export function providerNamed(name: string, providers: Providers = PROVIDERS): string {
  if (Object.hasOwn(providers, name)) return name;
  throw new AsyncToolError(
    "PROVIDER_UNKNOWN",
    `--provider ${JSON.stringify(name)} is not one this runner speaks: use ${Object.keys(providers).join(" or ")} (openai also covers vLLM, Ollama, llama.cpp server and other OpenAI-compatible endpoints, with --base-url).`,
  );
}

/** An absolute http(s) URL without a trailing slash; `flag` names the option in the message. */
export function checkHttpUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AsyncToolError(
      "BASE_URL_INVALID",
      `${flag} ${JSON.stringify(value)} is not a URL: give an absolute http(s) URL, e.g. http://127.0.0.1:8000/v1.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AsyncToolError(
      "BASE_URL_INVALID",
      `${flag} ${JSON.stringify(value)} is not http(s): give e.g. http://127.0.0.1:8000/v1.`,
    );
  }
  return value.replace(/\/+$/, "");
}

/** The URL as it may be written down: no user, password, query or fragment (they may hold secrets). */
export function publicUrl(value: string): string {
  const url = new URL(value);
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return url.href.replace(/\/+$/, "");
}

export interface ModelSettings extends Omit<ProviderConfig, "baseUrl"> {
  /** A name of the registry (see providerNamed). */
  readonly provider: string;
  /** The endpoint, or undefined for the provider's own. */
  readonly baseUrl: string | undefined;
}

/**
 * A model client. The provider's own endpoint needs its key; a --base-url (a local server) may
 * go without one.
 */
export function createModelClient(settings: ModelSettings, providers: Providers = PROVIDERS): ModelClient {
  const provider = providers[providerNamed(settings.provider, providers)] as ProviderEntry;
  if (!settings.apiKey && settings.baseUrl === undefined) {
    throw new AsyncToolError(
      "API_KEY_MISSING",
      `${provider.keyVariable} is not set: export your ${settings.provider} API key in it (or give --base-url for a local server that needs no key).`,
    );
  }
  for (const [control, flag, why] of provider.refuses) {
    if (settings.controls[control] !== undefined) {
      throw new AsyncToolError(
        "CONTROL_UNSUPPORTED",
        `${flag} is not a control of the ${settings.provider} API (${why}); drop it, or pass the field with --body-json if your endpoint takes it.`,
      );
    }
  }
  if (provider.tokenField !== true && settings.tokenField !== undefined) {
    throw new AsyncToolError(
      "CONTROL_UNSUPPORTED",
      `--token-field is for OpenAI-compatible endpoints: ${provider.tokenField}. Drop it (a field of your own goes with --body-json).`,
    );
  }
  return provider.create({ ...settings, baseUrl: settings.baseUrl ?? provider.baseUrl });
}
