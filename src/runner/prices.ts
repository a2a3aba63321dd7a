import { readFile } from "node:fs/promises";
import { AsyncToolError, messageOf } from "../errors.js";
import type { Usage } from "./types.js";

/** A model's price in USD per million tokens. Cached input defaults to the input price. */
export interface Price {
  readonly input: number;
  readonly cachedInput?: number;
  readonly output: number;
}

export type PriceTable = Readonly<Record<string, Price>>;

/**
 * List prices, USD per million tokens, as the providers published them on PRICES_DATE, for
 * standard (not batch, not priority) requests. They are list prices: a negotiated rate, a
 * long-context surcharge or a cache write (Anthropic bills it above the input price; counted
 * here as input) is not in them. Override or extend them with --prices FILE.
 */
export const PRICES_DATE = "2025-10-01";

export const LIST_PRICES: PriceTable = {
  "gpt-5": { input: 1.25, cachedInput: 0.125, output: 10 },
  "gpt-5-mini": { input: 0.25, cachedInput: 0.025, output: 2 },
  "gpt-5-nano": { input: 0.05, cachedInput: 0.005, output: 0.4 },
  "gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
  "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "claude-opus-4-1": { input: 15, cachedInput: 1.5, output: 75 },
  "claude-opus-4": { input: 15, cachedInput: 1.5, output: 75 },
  "claude-sonnet-4-5": { input: 3, cachedInput: 0.3, output: 15 },
  "claude-sonnet-4": { input: 3, cachedInput: 0.3, output: 15 },
  "claude-3-7-sonnet": { input: 3, cachedInput: 0.3, output: 15 },
  "claude-haiku-4-5": { input: 1, cachedInput: 0.1, output: 5 },
  "claude-3-5-haiku": { input: 0.8, cachedInput: 0.08, output: 4 },
};

/**
 * The price of a model: its exact name, else the longest name it starts with
 * (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`), after any `vendor/` prefix (OpenRouter).
 */
export function priceOf(table: PriceTable, model: string): { name: string; price: Price } | null {
  for (const name of [model, model.slice(model.lastIndexOf("/") + 1)]) {
    const exact = table[name];
    if (exact && Object.hasOwn(table, name)) return { name, price: exact };
    const prefix = Object.keys(table)
      .filter((k) => name.startsWith(`${k}-`) || name.startsWith(`${k}@`))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix) return { name: prefix, price: table[prefix] as Price };
  }
  return null;
}

/** USD of one response: uncached input, cached input and output (reasoning is billed as output). */
export function costOf(price: Price, usage: Usage): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  return (
    ((usage.inputTokens - cached) * price.input +
      cached * (price.cachedInput ?? price.input) +
      usage.outputTokens * price.output) /
    1_000_000
  );
}

/** The built-in list prices with a --prices file's entries over them. */
export async function loadPrices(file: string | undefined): Promise<PriceTable> {
  if (file === undefined) return LIST_PRICES;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new AsyncToolError(
      "PRICES_INVALID",
      `--prices ${file}: ${messageOf(error)}. Give a JSON file such as {"my-model": {"input": 0.5, "cachedInput": 0.05, "output": 1.5}} (USD per million tokens).`,
      { where: file },
    );
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AsyncToolError(
      "PRICES_INVALID",
      `--prices ${file} is not a JSON object of models: write {"my-model": {"input": 0.5, "output": 1.5}} (USD per million tokens).`,
      { where: file },
    );
  }
  const table: Record<string, Price> = { ...LIST_PRICES };
  for (const [name, value] of Object.entries(raw)) {
    const v = value as Record<string, unknown> | null;
    const ok = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x >= 0;
    if (
      !v ||
      typeof v !== "object" ||
      !ok(v.input) ||
      !ok(v.output) ||
      !(v.cachedInput === undefined || ok(v.cachedInput))
    ) {
      throw new AsyncToolError(
        "PRICES_INVALID",
        `--prices ${file}: ${JSON.stringify(name)} needs "input" and "output" (and optionally "cachedInput"), each a number ≥ 0 of USD per million tokens.`,
        { where: file },
      );
    }
    table[name] = {
      input: v.input as number,
      output: v.output as number,
      ...(v.cachedInput !== undefined ? { cachedInput: v.cachedInput as number } : {}),
    };
  }
  return table;
}
