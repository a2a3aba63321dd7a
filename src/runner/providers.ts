import { AsyncToolError } from "../errors.js";
import { ANTHROPIC_BASE_URL, anthropicClient } from "./anthropic.js";
import { OPENAI_BASE_URL, openAiClient } from "./openai.js";
import type { ProviderConfig } from "./provider-config.js";
import type { ModelClient } from "./types.js";

export const PROVIDERS = {
  openai: { baseUrl: OPENAI_BASE_URL, keyVariable: "OPENAI_API_KEY", create: openAiClient },
  anthropic: { baseUrl: ANTHROPIC_BASE_URL, keyVariable: "ANTHROPIC_API_KEY", create: anthropicClient },
} as const;

export type ProviderName = keyof typeof PROVIDERS;

export function providerNamed(name: string): ProviderName {
  if (Object.hasOwn(PROVIDERS, name)) return name as ProviderName;
  throw new AsyncToolError(
    "PROVIDER_UNKNOWN",
    `--provider ${JSON.stringify(name)} is not one this runner speaks: use ${Object.keys(PROVIDERS).join(" or ")} (openai also covers vLLM, Ollama, llama.cpp server and other OpenAI-compatible endpoints, with --base-url).`,
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
  readonly provider: ProviderName;
  /** The endpoint, or undefined for the provider's own. */
  readonly baseUrl: string | undefined;
}

/** Which controls each API takes: a flag the API has no field for is refused, not dropped in silence. */
const UNSUPPORTED: Record<ProviderName, readonly [keyof ProviderConfig["controls"], string, string][]> = {
  openai: [["thinkingBudget", "--thinking-budget", "use --reasoning-effort for OpenAI reasoning models"]],
  anthropic: [
    ["seed", "--seed", "the Messages API has no seed"],
    ["reasoningEffort", "--reasoning-effort", "use --thinking-budget for Anthropic extended thinking"],
  ],
};

/**
 * A model client. The provider's own endpoint needs its key; a --base-url (a local server) may
 * go without one.
 */
export function createModelClient(settings: ModelSettings): ModelClient {
  const provider = PROVIDERS[settings.provider];
  if (!settings.apiKey && settings.baseUrl === undefined) {
    throw new AsyncToolError(
      "API_KEY_MISSING",
      `${provider.keyVariable} is not set: export your ${settings.provider} API key in it (or give --base-url for a local server that needs no key).`,
    );
  }
  for (const [control, flag, why] of UNSUPPORTED[settings.provider]) {
    if (settings.controls[control] !== undefined) {
      throw new AsyncToolError(
        "CONTROL_UNSUPPORTED",
        `${flag} is not a control of the ${settings.provider} API (${why}); drop it, or pass the field with --body-json if your endpoint takes it.`,
      );
    }
  }
  if (settings.provider === "anthropic" && settings.tokenField !== undefined) {
    throw new AsyncToolError(
      "CONTROL_UNSUPPORTED",
      "--token-field is for OpenAI-compatible endpoints: the Messages API always takes max_tokens. Drop it (a field of your own goes with --body-json).",
    );
  }
  return provider.create({ ...settings, baseUrl: settings.baseUrl ?? provider.baseUrl });
}
