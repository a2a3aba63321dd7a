import { PEOPLE } from "../../../dataset/pools.js";
import { defineTemplate } from "../../../dataset/template.js";
import { csvOf, customers, jsonPath, jsonText, plainText, products, serviceConfig } from "../kit.js";

/**
 * DataFormat, the longer compositions: fan-out (one parsed document read or converted several
 * ways), fan-in (several documents feeding one answer), 3-step chains through embedded
 * documents, and independent parallel conversions.
 */

const TEAMS = ["payments", "search", "mobile", "platform", "data", "growth"];
const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"];

export const dataFormatLongCallPaths = [
  defineTemplate({
    id: "data_format/apply-export-spec",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = customers(ctx, ctx.int(3, 5));
      const csv = csvOf(rows);
      const columns = ctx.sample(["id", "name", "city", "age", "email"], ctx.int(2, 3));
      const delimiter = ctx.pick([";", "|", "\t"]);
      const spec = `export:\n  columns:\n${columns.map((c) => `    - ${c}`).join("\n")}\n  delimiter: ${JSON.stringify(delimiter)}\n`;
      return {
        instruction: `Apply our export spec to this customer CSV. The spec (YAML) lists the columns to keep, in order, and the delimiter to use. Parse the spec and the CSV, then write the parsed rows back out as CSV with exactly those columns and that delimiter. Answer with the result.\nSpec:\n${spec}\nCSV:\n${csv}`,
        steps: [
          { id: "spec", tool: "yaml_to_json", args: { yaml: plainText(spec) } },
          { id: "parse", tool: "csv_to_json", args: { csv: plainText(csv) } },
          {
            id: "export",
            tool: "json_to_csv",
            args: {
              json: { $from: "parse.json" },
              columns: { $from: "spec.value.export.columns" },
              delimiter: { $from: "spec.value.export.delimiter" },
            },
            after: ["spec", "parse"],
          },
        ],
        answer: { normalized: { $from: "export.csv" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/which-snippet-valid",
    domains: ["data_format"],
    instantiate(ctx) {
      const id = ctx.int(1, 999);
      const tag = ctx.pick(["red", "blue", "green", "gold"]);
      const good = `{"id": ${id}, "tags": ["${tag}", "new"]}`;
      const bad = ctx.sample(
        [
          `{"id": ${id}, "tags": ["${tag}", "new"],}`,
          `{'id': ${id}, "tags": ["${tag}"]}`,
          `{id: ${id}, "tags": ["${tag}"]}`,
          `{"id": ${id}, "tags": ["${tag}", "new"]`,
          `{"id": 0${id}, "tags": []}`,
        ],
        2,
      );
      const order = ctx.int(0, 2);
      const snippets = [...bad];
      snippets.splice(order, 0, good);
      const labels = ["A", "B", "C"];
      return {
        instruction: `Only one of these three snippets is valid JSON. Check each and tell me which one ("snippet A", "B" or "C").\nA: ${snippets[0]}\nB: ${snippets[1]}\nC: ${snippets[2]}`,
        steps: snippets.map((text, i) => ({
          id: `check_${(labels[i] ?? "x").toLowerCase()}`,
          tool: "validate_json",
          args: { text: plainText(text) },
        })),
        answer: { contains: `snippet ${labels[order]}` },
      };
    },
  }),
  defineTemplate({
    id: "data_format/csv-to-sorted-yaml",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = customers(ctx, ctx.int(2, 4));
      const csv = csvOf(rows);
      return {
        instruction: `Convert this CSV to YAML with the keys of every record in alphabetical order: parse the CSV to JSON, re-format that JSON with sorted keys, then convert the sorted JSON to YAML. Answer with the YAML.\n${csv}`,
        steps: [
          { id: "parse", tool: "csv_to_json", args: { csv: plainText(csv) } },
          {
            id: "sort",
            tool: "format_json",
            args: { json: { $from: "parse.json" }, sort_keys: true },
            after: ["parse"],
          },
          { id: "yaml", tool: "json_to_yaml", args: { json: { $from: "sort.json" } }, after: ["sort"] },
        ],
        answer: { normalized: { $from: "yaml.yaml" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/package-name-and-version",
    domains: ["data_format"],
    instantiate(ctx) {
      const name = `@${ctx.pick(["acme", "globex", "initech", "umbrella"])}/${ctx.pick(["ui-kit", "billing-sdk", "charts", "auth-client", "logger"])}`;
      const version = `${ctx.int(0, 5)}.${ctx.int(0, 20)}.${ctx.int(0, 30)}`;
      const manifest = {
        name,
        version,
        private: ctx.pick([true, false]),
        scripts: { build: "tsc", test: "vitest run" },
        dependencies: { zod: `^${ctx.int(3, 4)}.${ctx.int(0, 9)}.0`, yaml: "^2.4.0" },
      };
      const json = JSON.stringify(manifest, null, 2);
      return {
        instruction: `Look up two values in this package manifest with a JSON path each: the package name (name) and its version (version). Answer with both.\n${json}`,
        steps: [
          {
            id: "name",
            tool: "extract_json_value",
            args: { json: jsonText(manifest, json), path: jsonPath("name") },
          },
          {
            id: "version",
            tool: "extract_json_value",
            args: { json: jsonText(manifest, json), path: jsonPath("version") },
          },
        ],
        answer: { contains: [name, version] },
      };
    },
  }),
  defineTemplate({
    id: "data_format/yaml-host-and-port",
    domains: ["data_format"],
    instantiate(ctx) {
      const config = serviceConfig(ctx);
      return {
        instruction: `Parse this YAML config to JSON, then read server.host and server.port from the JSON. Answer with the address as host:port.\n${config.yaml}`,
        steps: [
          { id: "parse", tool: "yaml_to_json", args: { yaml: plainText(config.yaml) } },
          {
            id: "host",
            tool: "extract_json_value",
            args: { json: { $from: "parse.json" }, path: jsonPath("server", "host") },
            after: ["parse"],
          },
          {
            id: "port",
            tool: "extract_json_value",
            args: { json: { $from: "parse.json" }, path: jsonPath("server", "port") },
            after: ["parse"],
          },
        ],
        answer: { contains: `${config.host}:${config.port}` },
      };
    },
  }),
  defineTemplate({
    id: "data_format/csv-to-yaml-and-pretty-json",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = products(ctx, ctx.int(2, 3));
      const csv = csvOf(rows);
      return {
        instruction: `I need this CSV in two formats for two teams: parse it to JSON once, then give me that JSON pretty-printed with 2-space indentation, and the same data as YAML. Answer with both.\n${csv}`,
        steps: [
          { id: "parse", tool: "csv_to_json", args: { csv: plainText(csv) } },
          { id: "yaml", tool: "json_to_yaml", args: { json: { $from: "parse.json" } }, after: ["parse"] },
          {
            id: "pretty",
            tool: "format_json",
            args: { json: { $from: "parse.json" }, indent: 2 },
            after: ["parse"],
          },
        ],
        answer: { contains: [{ $from: "pretty.json" }, { $from: "yaml.yaml" }] },
      };
    },
  }),
  defineTemplate({
    id: "data_format/pretty-print-payload",
    domains: ["data_format"],
    instantiate(ctx) {
      const payload = {
        status: ctx.pick(["shipped", "delivered", "returned"]),
        tracking: `1Z${ctx.int(100_000, 999_999)}`,
        carrier: ctx.pick(["UPS", "DHL", "FedEx"]),
        items: ctx.int(1, 9),
      };
      const body = {
        id: `evt_${ctx.int(10_000, 99_999)}`,
        type: "shipment.updated",
        payload: JSON.stringify(payload),
      };
      const json = JSON.stringify(body);
      return {
        instruction: `The "payload" field of this event is a JSON string that's hard to read. Extract it and pretty-print it with 2-space indentation and sorted keys. Answer with the formatted payload. Event: ${json}`,
        steps: [
          {
            id: "payload",
            tool: "extract_json_value",
            args: { json: jsonText(body, json), path: jsonPath("payload") },
          },
          {
            id: "pretty",
            tool: "format_json",
            args: { json: { $from: "payload.value" }, indent: 2, sort_keys: true },
            after: ["payload"],
          },
        ],
        answer: { normalized: { $from: "pretty.json" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/embedded-rows-to-csv",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = products(ctx, ctx.int(2, 4)).map((p) => ({ sku: p.sku, stock: p.stock }));
      const report = {
        report: "weekly-stock",
        generated: `2026-12-${String(ctx.int(1, 28)).padStart(2, "0")}`,
        rows: JSON.stringify(rows),
      };
      const json = JSON.stringify(report);
      return {
        instruction: `This report keeps its table as a JSON string in the "rows" field. Extract that field and convert the rows it holds to CSV. Answer with the CSV. Report: ${json}`,
        steps: [
          {
            id: "rows",
            tool: "extract_json_value",
            args: { json: jsonText(report, json), path: jsonPath("rows") },
          },
          { id: "csv", tool: "json_to_csv", args: { json: { $from: "rows.value" } }, after: ["rows"] },
        ],
        answer: { normalized: { $from: "csv.csv" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/csv-to-sorted-json",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = customers(ctx, ctx.int(2, 4)).map(({ name, id, email }) => ({ name, id, email }));
      const csv = csvOf(rows);
      return {
        instruction: `Parse this CSV into JSON, then pretty-print the JSON with 2-space indentation and every record's keys sorted alphabetically. Answer with the formatted JSON.\n${csv}`,
        steps: [
          { id: "parse", tool: "csv_to_json", args: { csv: plainText(csv) } },
          {
            id: "pretty",
            tool: "format_json",
            args: { json: { $from: "parse.json" }, indent: 2, sort_keys: true },
            after: ["parse"],
          },
        ],
        answer: { normalized: { $from: "pretty.json" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/configmap-memory-limit",
    domains: ["data_format"],
    instantiate(ctx) {
      const memory = `${ctx.pick([256, 512, 768, 1024, 2048])}Mi`;
      const cpu = `${ctx.pick([250, 500, 1000, 1500])}m`;
      const settings = `limits:\n  memory: ${memory}\n  cpu: ${cpu}\nlog_level: ${ctx.pick(["info", "debug", "warn"])}\n`;
      const map = {
        kind: "ConfigMap",
        metadata: {
          name: `${ctx.pick(["api", "worker", "cron"])}-settings`,
          namespace: ctx.pick(["prod", "staging"]),
        },
        data: { settings },
      };
      const json = JSON.stringify(map);
      return {
        instruction: `This ConfigMap (as JSON) holds a YAML document in data.settings. Extract that YAML, parse it to JSON, and read limits.memory from it. Answer with the value. ConfigMap: ${json}`,
        steps: [
          {
            id: "settings",
            tool: "extract_json_value",
            args: { json: jsonText(map, json), path: jsonPath("data", "settings") },
          },
          {
            id: "parse",
            tool: "yaml_to_json",
            args: { yaml: { $from: "settings.value" } },
            after: ["settings"],
          },
          {
            id: "memory",
            tool: "extract_json_value",
            args: { json: { $from: "parse.json" }, path: jsonPath("limits", "memory") },
            after: ["parse"],
          },
        ],
        answer: { exact: memory },
      };
    },
  }),
  defineTemplate({
    id: "data_format/configmap-users-to-csv",
    domains: ["data_format"],
    instantiate(ctx) {
      const users = ctx.sample(PEOPLE, ctx.int(2, 4)).map((name) => ({ name, team: ctx.pick(TEAMS) }));
      const yaml = `${users.map((u) => `- name: ${u.name}\n  team: ${u.team}`).join("\n")}\n`;
      const map = { kind: "ConfigMap", metadata: { name: "access-list" }, data: { users: yaml } };
      const json = JSON.stringify(map);
      return {
        instruction: `The access list lives in this ConfigMap as a YAML list under data.users. Extract it, parse the YAML to JSON, and convert the users to CSV for the security review. Answer with the CSV. ConfigMap: ${json}`,
        steps: [
          {
            id: "users",
            tool: "extract_json_value",
            args: { json: jsonText(map, json), path: jsonPath("data", "users") },
          },
          { id: "parse", tool: "yaml_to_json", args: { yaml: { $from: "users.value" } }, after: ["users"] },
          { id: "csv", tool: "json_to_csv", args: { json: { $from: "parse.json" } }, after: ["parse"] },
        ],
        answer: { normalized: { $from: "csv.csv" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/two-exports-total-rows",
    domains: ["data_format"],
    instantiate(ctx) {
      const all = customers(ctx, ctx.int(5, 9));
      const cut = ctx.int(2, all.length - 2);
      const [first, second] = [all.slice(0, cut), all.slice(cut)];
      const us = csvOf(first);
      const eu = csvOf(second, ";");
      return {
        instruction: `Two CRM exports: the US one is comma-separated, the EU one semicolon-separated. Parse both and tell me how many customer records there are in total.\nUS:\n${us}\nEU:\n${eu}`,
        steps: [
          { id: "us", tool: "csv_to_json", args: { csv: plainText(us) } },
          { id: "eu", tool: "csv_to_json", args: { csv: plainText(eu), delimiter: ";" } },
        ],
        answer: { number: all.length },
      };
    },
  }),
  defineTemplate({
    id: "data_format/on-call-lookup",
    domains: ["data_format"],
    instantiate(ctx) {
      const teams = ctx.sample(TEAMS, 5);
      const roster = ctx.sample(PEOPLE, 5).map((name, i) => ({ name, team: teams[i] ?? "" }));
      const schedule = ctx.sample(teams, DAYS.length);
      const day = ctx.pick(DAYS);
      const team = schedule[DAYS.indexOf(day)] ?? "";
      const csv = csvOf(roster);
      const yaml = `oncall:\n${DAYS.map((d, i) => `  ${d}: ${schedule[i]}`).join("\n")}\n`;
      return {
        instruction: `Who is on call on ${day}? The rota (YAML) names a team per day, and the roster (CSV) names each team's engineer. Parse both and answer with the person's name.\nRota:\n${yaml}\nRoster:\n${csv}`,
        steps: [
          { id: "rota", tool: "yaml_to_json", args: { yaml: plainText(yaml) } },
          { id: "roster", tool: "csv_to_json", args: { csv: plainText(csv) } },
        ],
        answer: { normalized: roster.find((r) => r.team === team)?.name ?? "" },
      };
    },
  }),
  defineTemplate({
    id: "data_format/same-json-ignoring-key-order",
    domains: ["data_format"],
    instantiate(ctx) {
      const base = {
        user: ctx.pick(PEOPLE),
        plan: ctx.pick(["free", "pro", "team"]),
        seats: ctx.int(1, 40),
        trial: ctx.pick([true, false]),
      };
      const same = ctx.pick([true, false]);
      const other = same ? base : { ...base, seats: base.seats + ctx.int(1, 5) };
      const reorder = (o: typeof base) => Object.fromEntries(ctx.sample(Object.entries(o), 4));
      const [a, b] = [JSON.stringify(reorder(base)), JSON.stringify(reorder(other))];
      return {
        instruction: `Do these two JSON records hold the same data once key order is ignored? Re-format each with sorted keys and compare. Answer yes or no.\nFirst: ${a}\nSecond: ${b}`,
        steps: [
          { id: "first", tool: "format_json", args: { json: jsonText(JSON.parse(a), a), sort_keys: true } },
          { id: "second", tool: "format_json", args: { json: jsonText(JSON.parse(b), b), sort_keys: true } },
        ],
        answer: { normalized: same ? "yes" : "no" },
      };
    },
  }),
  defineTemplate({
    id: "data_format/sorted-json-to-yaml",
    domains: ["data_format"],
    instantiate(ctx) {
      const record = {
        zone: ctx.pick(["eu-west-1", "us-east-2", "ap-south-1"]),
        name: `${ctx.pick(["web", "db", "cache"])}-${ctx.int(1, 40)}`,
        size: ctx.pick(["small", "medium", "large"]),
        disks: ctx.int(1, 4),
        backup: ctx.pick([true, false]),
      };
      const json = JSON.stringify(record);
      return {
        instruction: `Write this server record as YAML with its keys in alphabetical order: re-format the JSON with sorted keys first, then convert it to YAML. Answer with the YAML. Record: ${json}`,
        steps: [
          { id: "sort", tool: "format_json", args: { json: jsonText(record, json), sort_keys: true } },
          { id: "yaml", tool: "json_to_yaml", args: { json: { $from: "sort.json" } }, after: ["sort"] },
        ],
        answer: { normalized: { $from: "yaml.yaml" } },
      };
    },
  }),
  defineTemplate({
    id: "data_format/json-as-csv-and-yaml",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = customers(ctx, ctx.int(2, 3)).map(({ name, city }) => ({ name, city }));
      const json = JSON.stringify(rows);
      return {
        instruction: `Give me this JSON list both as CSV (for the spreadsheet) and as YAML (for the config repo): ${json}`,
        steps: [
          { id: "csv", tool: "json_to_csv", args: { json: jsonText(rows, json) } },
          { id: "yaml", tool: "json_to_yaml", args: { json: jsonText(rows, json) } },
        ],
        answer: { contains: [{ $from: "csv.csv" }, { $from: "yaml.yaml" }] },
      };
    },
  }),
  defineTemplate({
    id: "data_format/double-encoded-event",
    domains: ["data_format"],
    instantiate(ctx) {
      const orderId = `ORD-${ctx.int(100_000, 999_999)}`;
      const detail = { order_id: orderId, amount: ctx.int(500, 50_000) / 100, items: ctx.int(1, 6) };
      const message = { source: "shop.orders", detail_type: "OrderPlaced", detail: JSON.stringify(detail) };
      const envelope = {
        Type: "Notification",
        MessageId: `m-${ctx.int(10_000, 99_999)}`,
        Message: JSON.stringify(message),
      };
      const json = JSON.stringify(envelope);
      return {
        instruction: `This queue message is double-encoded: its "Message" field is a JSON string, whose "detail" field is again a JSON string. Unwrap both layers and answer with the order_id inside. Message: ${json}`,
        steps: [
          {
            id: "message",
            tool: "extract_json_value",
            args: { json: jsonText(envelope, json), path: jsonPath("Message") },
          },
          {
            id: "detail",
            tool: "extract_json_value",
            args: { json: { $from: "message.value" }, path: jsonPath("detail") },
            after: ["message"],
          },
          {
            id: "order",
            tool: "extract_json_value",
            args: { json: { $from: "detail.value" }, path: jsonPath("order_id") },
            after: ["detail"],
          },
        ],
        answer: { exact: orderId },
      };
    },
  }),
  defineTemplate({
    id: "data_format/csv-two-lookups",
    domains: ["data_format"],
    instantiate(ctx) {
      const rows = customers(ctx, ctx.int(5, 8));
      const [i, j] = ctx.sample(
        rows.map((_, k) => k),
        2,
      ) as [number, number];
      const csv = csvOf(rows);
      return {
        instruction: `Convert this CSV to JSON once, then read two fields from it: the email of record ${i + 1} (path [${i}].email) and the city of record ${j + 1} (path [${j}].city). Answer with both.\n${csv}`,
        steps: [
          { id: "parse", tool: "csv_to_json", args: { csv: plainText(csv) } },
          {
            id: "email",
            tool: "extract_json_value",
            args: { json: { $from: "parse.json" }, path: jsonPath(i, "email") },
            after: ["parse"],
          },
          {
            id: "city",
            tool: "extract_json_value",
            args: { json: { $from: "parse.json" }, path: jsonPath(j, "city") },
            after: ["parse"],
          },
        ],
        answer: { contains: [rows[i]?.email ?? "", rows[j]?.city ?? ""] },
      };
    },
  }),
];
