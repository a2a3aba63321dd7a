import { PEOPLE } from "../../../dataset/pools.js";
import { defineTemplate } from "../../../dataset/template.js";
import {
  csvOf,
  customers,
  jsonError,
  jsonPath,
  jsonText,
  plainText,
  products,
  serviceConfig,
} from "../kit.js";

/**
 * DataFormat: stateless CSV / JSON / YAML conversion and inspection. Single calls first, then
 * two-step chains; long-call-paths.ts has the fan-in, fan-out and 3-step compositions;
 * ../kit.ts holds the helpers both share. Documents are built from the pools, so each seed gives new data.
 */

export const dataFormatShortCallPaths = [
  defineTemplate({
    id: "data_format/csv-city-lookup",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = customers(ctx, ctx.int(4, 7));
      const who = ctx.pick(rows);
      const csv = csvOf(rows);
      return {
        instruction: `Parse this customer CSV and tell me which city ${who.name} lives in:\n${csv}`,
        steps: [{ id: "parse", tool: "csv_to_json", args: { csv: plainText(csv) } }],
        answer: { normalized: who.city },
      };
    },
  }),
  defineTemplate({
    id: "data_format/json-to-semicolon-csv",
    domains: ["data_format"],
    instantiate(ctx) {
      const items = products(ctx, ctx.int(3, 5));
      const json = JSON.stringify(items, null, 2);
      return {
        instruction: `Our European spreadsheet expects semicolons. Convert this product list to CSV with ";" as the delimiter and answer with the CSV:\n${json}`,
        steps: [{ id: "csv", tool: "json_to_csv", args: { json: jsonText(items, json), delimiter: ";" } }],
        answer: { normalized: { $from: "csv.csv" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/json-config-to-yaml",
    domains: ["data_format"],
    instantiate(ctx) {
      const config = serviceConfig(ctx);
      const value = {
        service: config.service,
        replicas: config.replicas,
        server: { host: config.host, port: config.port },
        features: config.features,
      };
      const json = JSON.stringify(value);
      return {
        instruction: `We're moving our deployment settings to YAML. Convert this JSON to YAML and answer with the YAML: ${json}`,
        steps: [{ id: "yaml", tool: "json_to_yaml", args: { json: jsonText(value, json) } }],
        answer: { normalized: { $from: "yaml.yaml" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/yaml-port-lookup",
    domains: ["data_format"],
    instantiate(ctx) {
      const config = serviceConfig(ctx);
      return {
        instruction: `Parse this YAML config: which port does the server listen on?\n${config.yaml}`,
        steps: [{ id: "parse", tool: "yaml_to_json", args: { yaml: plainText(config.yaml) } }],
        answer: { number: config.port },
      };
    },
  }),
  defineTemplate({
    id: "data_format/minified-length",
    domains: ["data_format"],
    instantiate(ctx) {
      const items = products(ctx, ctx.int(2, 4));
      const value = { store: ctx.pick(["downtown", "airport", "mall", "online"]), items };
      const pretty = JSON.stringify(value, null, 4);
      return {
        instruction: `How many characters is this JSON once minified (indent 0, keys in their current order)?\n${pretty}`,
        steps: [{ id: "minify", tool: "format_json", args: { json: jsonText(value, pretty), indent: 0 } }],
        answer: { number: JSON.stringify(value).length },
      };
    },
  }),
  defineTemplate({
    id: "data_format/locate-json-error",
    domains: ["data_format"],
    instantiate(ctx) {
      const items = products(ctx, 3);
      const lines = JSON.stringify(items, null, 2).split("\n");
      // Break one "key": value, line: a single-quoted key, an unquoted key or a doubled comma.
      const candidates = lines.flatMap((l, i) => (/^\s+"\w+": .*,$/.test(l) ? [i] : []));
      const target = ctx.pick(candidates.slice(1));
      const broken = ctx.pick([
        (l: string) => l.replace(/"(\w+)":/, "'$1':"),
        (l: string) => l.replace(/"(\w+)":/, "$1:"),
        (l: string) => l.replace(/,$/, ",,"),
      ]);
      lines[target] = broken(lines[target] ?? "");
      const text = lines.join("\n");
      const at = jsonError(text);
      return {
        instruction: `This JSON fails to load. Validate it and tell me the line and column of the first error, answering like "line 4, column 7":\n${text}`,
        steps: [{ id: "check", tool: "validate_json", args: { text: plainText(text) } }],
        answer: { contains: [`line ${at.line}`, `column ${at.column}`] },
      };
    },
  }),
  defineTemplate({
    id: "data_format/order-item-lookup",
    domains: ["data_format"],
    instantiate(ctx) {
      const items = products(ctx, ctx.int(3, 5)).map((p) => ({
        sku: p.sku,
        name: p.name,
        qty: ctx.int(1, 6),
      }));
      const index = ctx.int(1, items.length - 1);
      const order = { order_id: `SO-${ctx.int(10000, 99999)}`, status: "packed", items };
      const json = JSON.stringify(order);
      const ordinal = ["first", "second", "third", "fourth", "fifth"][index] ?? `#${index + 1}`;
      return {
        instruction: `From this order API response, read the SKU of the ${ordinal} item (path items[${index}].sku): ${json}`,
        steps: [
          {
            id: "extract",
            tool: "extract_json_value",
            args: { json: jsonText(order, json), path: jsonPath("items", index, "sku") },
          },
        ],
        answer: { exact: items[index]?.sku ?? "" },
      };
    },
  }),
  defineTemplate({
    id: "data_format/csv-record-email",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = customers(ctx, ctx.int(5, 8));
      const index = ctx.int(1, rows.length - 1);
      const csv = csvOf(rows);
      return {
        instruction: `Convert this CSV to JSON, then look up the email of record number ${index + 1} (the JSON path [${index}].email). Answer with the email.\n${csv}`,
        steps: [
          { id: "parse", tool: "csv_to_json", args: { csv: plainText(csv) } },
          {
            id: "email",
            tool: "extract_json_value",
            args: { json: { $from: "parse.json" }, path: jsonPath(index, "email") },
            after: ["parse"],
          },
        ],
        answer: { exact: rows[index]?.email ?? "" },
      };
    },
  }),
  defineTemplate({
    id: "data_format/csv-to-yaml",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = products(ctx, ctx.int(2, 4));
      const csv = csvOf(rows);
      return {
        instruction: `I need this inventory CSV as YAML for our config repo. Parse the CSV into JSON, then convert that JSON to YAML. Answer with the YAML.\n${csv}`,
        steps: [
          { id: "parse", tool: "csv_to_json", args: { csv: plainText(csv) } },
          { id: "yaml", tool: "json_to_yaml", args: { json: { $from: "parse.json" } }, after: ["parse"] },
        ],
        answer: { normalized: { $from: "yaml.yaml" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/yaml-users-to-csv",
    domains: ["data_format"],
    instantiate(ctx) {
      const users = ctx.sample(PEOPLE, ctx.int(3, 5)).map((name) => ({
        name,
        role: ctx.pick(["admin", "editor", "viewer"]),
        active: ctx.pick([true, false]),
      }));
      const yaml = `${users.map((u) => `- name: ${u.name}\n  role: ${u.role}\n  active: ${u.active}`).join("\n")}\n`;
      return {
        instruction: `Turn this YAML user list into CSV for the audit spreadsheet: parse the YAML to JSON, then write that JSON as CSV. Answer with the CSV.\n${yaml}`,
        steps: [
          { id: "parse", tool: "yaml_to_json", args: { yaml: plainText(yaml) } },
          { id: "csv", tool: "json_to_csv", args: { json: { $from: "parse.json" } }, after: ["parse"] },
        ],
        answer: { normalized: { $from: "csv.csv" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/csv-redelimit-columns",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = customers(ctx, ctx.int(3, 6));
      const csv = csvOf(rows);
      const columns = ctx.pick([
        ["name", "email"],
        ["email", "city"],
        ["name", "age"],
        ["id", "email", "city"],
      ]);
      return {
        instruction: `The mailing tool wants a tab-separated file with only the columns ${columns.join(", ")} (in that order). Parse this CSV, then write it back as CSV with tab delimiters and just those columns. Answer with the result.\n${csv}`,
        steps: [
          { id: "parse", tool: "csv_to_json", args: { csv: plainText(csv) } },
          {
            id: "tsv",
            tool: "json_to_csv",
            args: { json: { $from: "parse.json" }, delimiter: "\t", columns },
            after: ["parse"],
          },
        ],
        answer: { normalized: { $from: "tsv.csv" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/yaml-to-sorted-json",
    domains: ["data_format"],
    instantiate(ctx) {
      const config = serviceConfig(ctx);
      return {
        instruction: `Convert this YAML config to JSON, then pretty-print that JSON with 4-space indentation and keys sorted alphabetically. Answer with the formatted JSON.\n${config.yaml}`,
        steps: [
          { id: "parse", tool: "yaml_to_json", args: { yaml: plainText(config.yaml) } },
          {
            id: "pretty",
            tool: "format_json",
            args: { json: { $from: "parse.json" }, indent: 4, sort_keys: true },
            after: ["parse"],
          },
        ],
        answer: { normalized: { $from: "pretty.json" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/yaml-nested-lookup",
    domains: ["data_format"],
    instantiate(ctx) {
      const regions = ctx.sample(["eu-west", "us-east", "ap-south", "sa-east", "ca-central"], 3);
      const replicas = regions.map((region) => ({
        region,
        host: `db-${region}.internal`,
        lag_ms: ctx.int(2, 400),
      }));
      const index = ctx.int(0, 2);
      const yaml = [
        "database:",
        `  primary: db-main.internal`,
        "  replicas:",
        ...replicas.flatMap((r) => [
          `    - region: ${r.region}`,
          `      host: ${r.host}`,
          `      lag_ms: ${r.lag_ms}`,
        ]),
        "",
      ].join("\n");
      return {
        instruction: `Parse this YAML to JSON, then read the replication lag of the ${regions[index]} replica (path database.replicas[${index}].lag_ms). Answer with the number of milliseconds.\n${yaml}`,
        steps: [
          { id: "parse", tool: "yaml_to_json", args: { yaml: plainText(yaml) } },
          {
            id: "lag",
            tool: "extract_json_value",
            args: { json: { $from: "parse.json" }, path: jsonPath("database", "replicas", index, "lag_ms") },
            after: ["parse"],
          },
        ],
        answer: { number: replicas[index]?.lag_ms ?? 0 },
      };
    },
  }),
  defineTemplate({
    id: "data_format/embedded-payload-total",
    domains: ["data_format"],
    instantiate(ctx) {
      const total = ctx.int(1_000, 90_000) / 100;
      const payload = {
        order: { id: `A-${ctx.int(1000, 9999)}`, total, currency: ctx.pick(["USD", "EUR", "GBP"]) },
        customer: ctx.pick(PEOPLE),
      };
      const body = { event: "order.paid", attempt: ctx.int(1, 3), payload: JSON.stringify(payload) };
      const json = JSON.stringify(body);
      return {
        instruction: `This webhook body carries its data as a JSON string in the "payload" field. Extract the payload, then read order.total from inside it. Answer with the amount. Body: ${json}`,
        steps: [
          {
            id: "payload",
            tool: "extract_json_value",
            args: { json: jsonText(body, json), path: jsonPath("payload") },
          },
          {
            id: "total",
            tool: "extract_json_value",
            args: { json: { $from: "payload.value" }, path: jsonPath("order", "total") },
            after: ["payload"],
          },
        ],
        answer: { number: total, tolerance: 0.001 },
      };
    },
  }),
  defineTemplate({
    id: "data_format/validate-embedded-settings",
    domains: ["data_format"],
    instantiate(ctx) {
      const settings = {
        theme: ctx.pick(["dark", "light"]),
        retries: ctx.int(1, 5),
        notify: ctx.pick([true, false]),
      };
      const good = JSON.stringify(settings);
      const valid = ctx.pick([true, false]);
      const text = valid ? good : good.replace(/"retries"/, "retries");
      const record = { user: ctx.pick(PEOPLE), settings: text };
      const json = JSON.stringify(record);
      return {
        instruction: `A user record stores its settings as a JSON string. Pull out the "settings" field and validate it: is it valid JSON? Answer yes or no. Record: ${json}`,
        steps: [
          {
            id: "settings",
            tool: "extract_json_value",
            args: { json: jsonText(record, json), path: jsonPath("settings") },
          },
          {
            id: "check",
            tool: "validate_json",
            args: { text: { $from: "settings.value" } },
            after: ["settings"],
          },
        ],
        answer: { normalized: valid ? "yes" : "no" },
      };
    },
  }),
];
