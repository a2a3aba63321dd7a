import { CITIES, PEOPLE } from "../../dataset/pools.js";
import type { TemplateContext } from "../../dataset/template.js";
import type { JsonValue } from "../../json.js";
import { JsonSyntaxError, parseJsonText } from "./json-text.js";

/** What the data-format templates share: matchers for typed documents, and documents built from the pools. */

const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * A JSON document typed by the user: the same tokens in the same order, with any white space
 * between them (so pretty-printed or compact both match). The oracle passes `shown`.
 */
export function jsonText(value: JsonValue, shown = JSON.stringify(value)) {
  const compact = JSON.stringify(value);
  let pattern = "";
  let inString = false;
  for (let i = 0; i < compact.length; i++) {
    const ch = compact[i] as string;
    if (inString) {
      if (ch === "\\") {
        pattern += escapeRe(compact.slice(i, i + 2));
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      pattern += escapeRe(ch);
    } else if (ch === '"') {
      inString = true;
      pattern += '"';
    } else if ("{}[],:".includes(ch)) pattern += `\\s*${escapeRe(ch)}\\s*`;
    else pattern += escapeRe(ch);
  }
  return { $regex: `^\\s*${pattern}\\s*$`, $example: shown };
}

/** CSV or YAML text typed by the user: exact, but the last line break may be left off. */
export function plainText(text: string) {
  return { $regex: `^${escapeRe(text.replace(/\n+$/, ""))}\\n*$`, $example: text };
}

/** A path inside JSON, accepted in the spellings extract_json_value reads: a.b[2].c, a.b.2.c, $.a.b[2].c. */
export function jsonPath(...segments: (string | number)[]) {
  const part = (s: string | number, first: boolean): string => {
    if (typeof s === "number") return first ? `(?:\\$?\\[${s}\\]|(?:\\$\\.)?${s})` : `(?:\\[${s}\\]|\\.${s})`;
    return first ? `(?:\\$\\.)?${escapeRe(s)}` : `\\.${escapeRe(s)}`;
  };
  const example = segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  return { $regex: `^${segments.map((s, i) => part(s, i === 0)).join("")}$`, $example: example };
}

/** Where parseJsonText reports the first syntax error of a text. */
export function jsonError(text: string): { line: number; column: number } {
  try {
    parseJsonText(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { line: error.line, column: error.column };
  }
  throw new Error(`expected invalid JSON: ${text}`);
}

export type Customer = {
  id: number;
  name: string;
  city: string;
  age: number;
  email: string;
};

export function customers(ctx: TemplateContext, count: number): Customer[] {
  const start = ctx.int(100, 900);
  return ctx.sample(PEOPLE, count).map((name, i) => ({
    id: start + i * ctx.int(1, 9),
    name,
    city: ctx.pick(CITIES),
    age: ctx.int(19, 78),
    email: `${name.toLowerCase().replaceAll(" ", ".")}@example.com`,
  }));
}

export function csvOf(rows: readonly Record<string, string | number | boolean>[], delimiter = ","): string {
  const columns = Object.keys(rows[0] ?? {});
  const lines = [columns, ...rows.map((r) => columns.map((c) => String(r[c])))];
  return lines.map((cells) => `${cells.join(delimiter)}\n`).join("");
}

export type Product = {
  sku: string;
  name: string;
  price: number;
  stock: number;
};

const PRODUCT_NAMES = [
  "Desk Lamp",
  "Notebook",
  "Water Bottle",
  "USB Cable",
  "Backpack",
  "Coffee Mug",
  "Headphones",
  "Phone Stand",
  "Mouse Pad",
  "Travel Adapter",
  "Sticky Notes",
  "Pencil Case",
];

export function products(ctx: TemplateContext, count: number): Product[] {
  return ctx.sample(PRODUCT_NAMES, count).map((name) => ({
    sku: `${name.slice(0, 3).toUpperCase()}-${ctx.int(1000, 9999)}`,
    name,
    price: ctx.int(199, 8999) / 100,
    stock: ctx.int(0, 250),
  }));
}

/** A service's configuration, as YAML text and as the value it parses to. */
export function serviceConfig(ctx: TemplateContext) {
  const service = `${ctx.pick(["billing", "search", "checkout", "inventory", "auth", "reports"])}-${ctx.pick(["api", "worker", "gateway"])}`;
  const host = `10.${ctx.int(0, 9)}.${ctx.int(0, 255)}.${ctx.int(2, 254)}`;
  const port = ctx.pick([8080, 8443, 9000, 5000, 3000, 7070]);
  const replicas = ctx.int(2, 9);
  const pool = ctx.pick([5, 10, 20, 40]);
  const features = ctx.sample(["audit", "export", "sso", "webhooks", "metrics", "rate_limit"], 3);
  const yaml = [
    `service: ${service}`,
    `replicas: ${replicas}`,
    "server:",
    `  host: ${host}`,
    `  port: ${port}`,
    "database:",
    `  name: ${service.split("-")[0]}_db`,
    `  pool_size: ${pool}`,
    "features:",
    ...features.map((f) => `  - ${f}`),
    "",
  ].join("\n");
  return { yaml, service, host, port, replicas, pool, features };
}
