import { PEOPLE } from "../../../dataset/pools.js";
import { defineTemplate } from "../../../dataset/template.js";
import { writeCsv } from "../../data-format/csv.js";
import type { FieldSpec } from "../fields.js";
import {
  DEPARTMENTS,
  drawInts,
  field,
  fieldMatchers,
  generateRows,
  meanOf,
  peopleRows,
  preset,
  sampleRows,
  seedFor,
  surveyFamily,
} from "../kit.js";

/**
 * Data Generation: seeded synthetic datasets kept by name, sampling, profiling, export, random
 * numbers and identifiers. The domain's generator state (`rng`) is shared by the episode's
 * tasks, so every gold step passes an explicit seed; datasets are named with the task's tag.
 * Expected values come from the domain's own generator and drawing code (../kit.ts).
 * Single calls and two-step chains here; the compositions of 3–4 steps, fan-in, fan-out and
 * ordering constraints are in long-call-paths.ts.
 */

export const dataGenerationShortCallPaths = [
  defineTemplate({
    id: "data_generation/generate-test-users",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `test_users_${ctx.tag}`;
      const count = ctx.int(20, 200);
      const seed = seedFor(ctx);
      const [lo, hi] = [ctx.pick([16, 18, 21]), ctx.pick([65, 70, 80, 90])];
      const fields: FieldSpec[] = [
        { name: "id", type: "sequence", start: 1, step: 1 },
        { name: "full_name", type: "full_name" },
        { name: "email", type: "email" },
        { name: "age", type: "integer", min: lo, max: hi },
      ];
      const rows = generateRows(fields, count, seed);
      return {
        instruction: `Create a test dataset called ${name} with ${count} records and the columns id (a sequence), full_name (a full name), email (an email address), and age (a whole number from ${lo} to ${hi}), using seed ${seed}. Answer with the email of the first record.`,
        steps: [
          {
            id: "gen",
            tool: "generate_dataset",
            args: { name, rows: count, fields: fieldMatchers(fields, { age: ["min", "max"] }), seed },
          },
        ],
        answer: { exact: field(rows[0], "email") },
        state: [{ path: ["data_generation", "datasets", name, "rows"], count }],
      };
    },
  }),
  defineTemplate({
    id: "data_generation/largest-survey",
    domains: ["data_generation"],
    instantiate(ctx) {
      const family = surveyFamily(ctx);
      const names = ctx.sample(
        family.map((d) => d.name),
        3,
      );
      return {
        instruction: `I have three survey datasets: ${names.join(", ")}. Check the dataset list: which one has the most responses? Answer with its name.`,
        steps: [{ id: "list", tool: "list_datasets", args: {} }],
        answer: { exact: family[0]?.name ?? "" },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/read-record-range",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `orders_${ctx.tag}`;
      const rows = preset(
        ctx,
        name,
        Array.from({ length: ctx.int(45, 80) }, (_, i) => ({
          order_id: 5_000 + i,
          customer: ctx.pick(PEOPLE),
          total: ctx.int(500, 90_000) / 100,
        })),
      );
      const top = Math.max(...rows.slice(40, 45).map((r) => Number(r.total)));
      return {
        instruction: `In dataset ${name}, read records 41 to 45 (skip the first 40, take 5) and tell me the highest order total among them.`,
        steps: [{ id: "read", tool: "get_dataset_rows", args: { dataset: name, offset: 40, limit: 5 } }],
        answer: { number: top, tolerance: 0.001 },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/sample-and-keep",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `leads_${ctx.tag}`;
      const rows = preset(
        ctx,
        name,
        Array.from({ length: ctx.int(30, 60) }, (_, i) => ({
          lead: i + 1,
          contact: ctx.pick(PEOPLE),
          score: ctx.int(1, 100),
        })),
      );
      const size = ctx.int(3, 8);
      const seed = seedFor(ctx);
      const keep = `${name}_callbacks`;
      const drawn = sampleRows(rows, size, seed);
      return {
        instruction: `Draw a random sample of ${size} leads from dataset ${name} with seed ${seed} and keep it as a new dataset named ${keep}. Answer with the contact of the first lead drawn.`,
        steps: [{ id: "sample", tool: "sample_dataset", args: { dataset: name, size, seed, save_as: keep } }],
        answer: { normalized: field(drawn[0], "contact") },
        state: [{ path: ["data_generation", "datasets", keep, "rows"], count: size }],
      };
    },
  }),
  defineTemplate({
    id: "data_generation/average-basket",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `baskets_${ctx.tag}`;
      const rows = preset(
        ctx,
        name,
        Array.from({ length: ctx.int(12, 40) }, (_, i) => ({
          basket: i + 1,
          items: ctx.int(1, 14),
          value: ctx.int(300, 25_000) / 100,
        })),
      );
      return {
        instruction: `Profile dataset ${name}: what is the average basket value? Answer to 2 decimals.`,
        steps: [{ id: "profile", tool: "summarize_dataset", args: { dataset: name } }],
        answer: { number: meanOf(rows, "value"), tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/export-contacts-csv",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `contacts_${ctx.tag}`;
      const rows = preset(
        ctx,
        name,
        ctx.sample(PEOPLE, ctx.int(3, 6)).map((person) => ({
          name: person,
          email: `${person.split(" ")[0]?.toLowerCase()}@example.org`,
          phone: `+1 555 ${ctx.int(1000, 9999)}`,
          city: ctx.pick(["Lisbon", "Osaka", "Lagos", "Austin", "Dublin"]),
        })),
      );
      const columns = ["name", "email"];
      return {
        instruction: `Export dataset ${name} as CSV with only the name and email columns, in that order. Answer with the CSV.`,
        steps: [{ id: "export", tool: "export_dataset", args: { dataset: name, format: "csv", columns } }],
        answer: { normalized: writeCsv(columns, rows, ",") },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/lottery-draw",
    domains: ["data_generation"],
    instantiate(ctx) {
      const seed = seedFor(ctx);
      const [count, max] = ctx.pick([
        [6, 49],
        [5, 50],
        [7, 35],
        [6, 45],
      ] as const);
      const numbers = drawInts(count, 1, max, true, seed);
      return {
        instruction: `Draw ${count} different whole numbers from 1 to ${max} for our office lottery, with seed ${seed} so the draw can be audited. Answer with the numbers in ascending order, separated by commas.`,
        steps: [
          { id: "draw", tool: "generate_random_numbers", args: { count, min: 1, max, unique: true, seed } },
        ],
        answer: { normalized: [...numbers].sort((a, b) => a - b).join(", ") },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/order-ids",
    domains: ["data_generation"],
    instantiate(ctx) {
      const seed = seedFor(ctx);
      const count = ctx.int(2, 4);
      const prefix = ctx.pick(["ORD-", "INV-", "PO-", "RMA-"]);
      const length = ctx.pick([6, 8, 10]);
      return {
        instruction: `Generate ${count} identifiers for new orders: prefix ${prefix} followed by ${length} hex digits, seed ${seed}. Answer with the identifiers.`,
        steps: [
          { id: "ids", tool: "generate_identifiers", args: { count, format: "hex", length, prefix, seed } },
        ],
        answer: { contains: Array.from({ length: count }, (_, i) => ({ $from: `ids.ids.${i}` })) },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/generate-then-profile",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `salaries_${ctx.tag}`;
      const count = ctx.int(30, 300);
      const seed = seedFor(ctx);
      const [lo, hi] = [ctx.pick([30_000, 35_000, 40_000]), ctx.pick([90_000, 120_000, 150_000])];
      const fields: FieldSpec[] = [
        { name: "employee", type: "full_name" },
        { name: "department", type: "choice", choices: ctx.sample(DEPARTMENTS, 3) },
        { name: "salary", type: "integer", min: lo, max: hi },
      ];
      const rows = generateRows(fields, count, seed);
      const choices = (fields[1] as { choices: string[] }).choices;
      return {
        instruction: `Generate a synthetic payroll dataset ${name}: ${count} records with employee (a full name), department (one of ${choices.join(", ")}) and salary (a whole number from ${lo} to ${hi}), seed ${seed}. Then profile it and tell me the mean salary, to 2 decimals.`,
        steps: [
          {
            id: "gen",
            tool: "generate_dataset",
            args: {
              name,
              rows: count,
              fields: fieldMatchers(fields, { department: ["choices"], salary: ["min", "max"] }),
              seed,
            },
          },
          {
            id: "profile",
            tool: "summarize_dataset",
            args: { dataset: { $from: "gen.dataset" } },
            after: ["gen"],
          },
        ],
        answer: { number: meanOf(rows, "salary"), tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/generate-then-export-json",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `cities_${ctx.tag}`;
      const count = ctx.int(3, 6);
      const seed = seedFor(ctx);
      const fields: FieldSpec[] = [
        { name: "city", type: "city" },
        { name: "country", type: "country" },
        { name: "population", type: "integer", min: 10_000, max: 5_000_000 },
      ];
      return {
        instruction: `Make a small fixture dataset ${name} with ${count} records: city, country, and population (a whole number from 10000 to 5000000), seed ${seed}. Then export it as JSON and answer with the JSON.`,
        steps: [
          {
            id: "gen",
            tool: "generate_dataset",
            args: { name, rows: count, fields: fieldMatchers(fields, { population: ["min", "max"] }), seed },
          },
          {
            id: "export",
            tool: "export_dataset",
            args: { dataset: { $from: "gen.dataset" }, format: "json" },
            after: ["gen"],
          },
        ],
        answer: { normalized: JSON.stringify(generateRows(fields, count, seed)) },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/generate-then-read-page",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `signups_${ctx.tag}`;
      const count = ctx.int(120, 400);
      const seed = seedFor(ctx);
      const fields: FieldSpec[] = [
        { name: "id", type: "sequence", start: 1, step: 1 },
        { name: "email", type: "email" },
        { name: "signed_up", type: "date", start: "2026-01-01", end: "2026-12-31" },
      ];
      const rows = generateRows(fields, count, seed);
      const offset = ctx.pick([100, 110, 115]);
      return {
        instruction: `Generate ${name}: ${count} sign-up records with id (a sequence), email, and signed_up (a date in 2026, from 2026-01-01 to 2026-12-31), seed ${seed}. Then read records ${offset + 1} to ${offset + 3} (skip ${offset}, take 3) and answer with their three emails.`,
        steps: [
          {
            id: "gen",
            tool: "generate_dataset",
            args: { name, rows: count, fields: fieldMatchers(fields, { signed_up: ["start", "end"] }), seed },
          },
          {
            id: "read",
            tool: "get_dataset_rows",
            args: { dataset: { $from: "gen.dataset" }, offset, limit: 3 },
            after: ["gen"],
          },
        ],
        answer: { contains: rows.slice(offset, offset + 3).map((r) => field(r, "email")) },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/test-values-in-observed-range",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `patients_${ctx.tag}`;
      // age first, so it is column 0 of the profile whether or not the agent names the columns
      const rows = preset(
        ctx,
        name,
        peopleRows(ctx, ctx.int(10, 30)).map(({ age = 0, ...rest }) => ({ age, ...rest })),
      );
      const ages = rows.map((r) => Number(r.age));
      const seed = seedFor(ctx);
      const count = ctx.int(4, 6);
      const numbers = drawInts(count, Math.min(...ages), Math.max(...ages), false, seed);
      return {
        instruction: `For boundary tests I need ${count} random ages inside the range actually observed in dataset ${name}. Profile the dataset to get the smallest and largest age, then draw ${count} whole numbers between them (inclusive) with seed ${seed}. Answer with the numbers in the order drawn.`,
        steps: [
          { id: "profile", tool: "summarize_dataset", args: { dataset: name } },
          {
            id: "draw",
            tool: "generate_random_numbers",
            args: {
              count,
              min: { $from: "profile.columns.0.min" },
              max: { $from: "profile.columns.0.max" },
              seed,
            },
            after: ["profile"],
          },
        ],
        answer: { normalized: numbers.join(", ") },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/rerun-experiment",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `experiments_${ctx.tag}`;
      const runs = Array.from({ length: ctx.int(3, 8) }, (_, i) => ({
        run: 40 - i,
        seed: seedFor(ctx),
        count: ctx.int(3, 6),
        min: ctx.int(0, 20),
        max: ctx.int(50, 500),
        note: ctx.pick(["baseline", "warm cache", "cold start", "retry"]),
      }));
      preset(ctx, name, runs);
      const latest = runs[0] as (typeof runs)[number];
      const numbers = drawInts(latest.count, latest.min, latest.max, false, latest.seed);
      return {
        instruction: `Dataset ${name} logs our random draws, most recent first. Read its first record, then re-run that draw: the same count of whole numbers between the same min and max, with the same seed. Answer with the numbers in the order drawn.`,
        steps: [
          { id: "read", tool: "get_dataset_rows", args: { dataset: name } },
          {
            id: "draw",
            tool: "generate_random_numbers",
            args: {
              count: { $from: "read.rows.0.count" },
              min: { $from: "read.rows.0.min" },
              max: { $from: "read.rows.0.max" },
              seed: { $from: "read.rows.0.seed" },
            },
            after: ["read"],
          },
        ],
        answer: { normalized: numbers.join(", ") },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/lucky-number-tickets",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `raffle_${ctx.tag}`;
      const [s1, s2] = [seedFor(ctx), seedFor(ctx)];
      const lucky = drawInts(5, 1, 99, true, s1);
      const count = ctx.int(20, 80);
      const fields: FieldSpec[] = [
        { name: "ticket", type: "sequence", start: 1, step: 1 },
        { name: "number", type: "choice", choices: lucky },
      ];
      const rows = generateRows(fields, count, s2);
      return {
        instruction: `Set up a raffle: first draw 5 different lucky numbers from 1 to 99 with seed ${s1}. Then generate dataset ${name} with ${count} tickets: ticket (a sequence) and number (a choice among the 5 lucky numbers), seed ${s2}. Which lucky number did ticket 1 get?`,
        steps: [
          {
            id: "lucky",
            tool: "generate_random_numbers",
            args: { count: 5, min: 1, max: 99, unique: true, seed: s1 },
          },
          {
            id: "gen",
            tool: "generate_dataset",
            args: {
              name,
              rows: count,
              fields: [
                { name: "ticket", type: "sequence" },
                { name: "number", type: "choice", choices: { $from: "lucky.numbers" } },
              ],
              seed: s2,
            },
            after: ["lucky"],
          },
        ],
        answer: { number: Number(rows[0]?.number ?? 0) },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/sample-then-export",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `tickets_${ctx.tag}`;
      const rows = preset(
        ctx,
        name,
        Array.from({ length: ctx.int(20, 50) }, (_, i) => ({
          ticket: 800 + i,
          priority: ctx.pick(["low", "normal", "high"]),
          agent: ctx.pick(PEOPLE),
        })),
      );
      const size = ctx.int(3, 5);
      const seed = seedFor(ctx);
      const keep = `${name}_audit`;
      return {
        instruction: `For the support audit, draw ${size} tickets at random from ${name} with seed ${seed}, keep the sample as ${keep}, then export that new dataset as JSON. Answer with the JSON.`,
        steps: [
          { id: "sample", tool: "sample_dataset", args: { dataset: name, size, seed, save_as: keep } },
          {
            id: "export",
            tool: "export_dataset",
            args: { dataset: { $from: "sample.saved_as" }, format: "json" },
            after: ["sample"],
          },
        ],
        answer: { normalized: JSON.stringify(sampleRows(rows, size, seed)) },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/ids-from-config",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `id_config_${ctx.tag}`;
      const config = {
        prefix: ctx.pick(["CUST-", "ACC-", "DEV-", "SUB-"]),
        length: ctx.pick([6, 8, 10, 12]),
        format: ctx.pick(["hex", "numeric", "alphanumeric"]),
      };
      preset(ctx, name, [config]);
      const seed = seedFor(ctx);
      const count = ctx.int(2, 4);
      return {
        instruction: `Our ID policy is stored as the single record of dataset ${name} (prefix, length, format). Read it, then generate ${count} identifiers following that policy with seed ${seed}. Answer with the identifiers.`,
        steps: [
          { id: "read", tool: "get_dataset_rows", args: { dataset: name } },
          {
            id: "ids",
            tool: "generate_identifiers",
            args: {
              count,
              prefix: { $from: "read.rows.0.prefix" },
              length: { $from: "read.rows.0.length" },
              format: { $from: "read.rows.0.format" },
              seed,
            },
            after: ["read"],
          },
        ],
        answer: { contains: Array.from({ length: count }, (_, i) => ({ $from: `ids.ids.${i}` })) },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/generate-then-sample",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `panel_${ctx.tag}`;
      const count = ctx.int(50, 150);
      const [s1, s2] = [seedFor(ctx), seedFor(ctx)];
      const fields: FieldSpec[] = [
        { name: "member", type: "full_name" },
        { name: "country", type: "country" },
      ];
      const drawn = sampleRows(generateRows(fields, count, s1), 3, s2);
      return {
        instruction: `Generate a panel dataset ${name} of ${count} members with a member (full name) and country column, seed ${s1}. Then draw 3 members at random from it with seed ${s2} (no need to keep the sample). Answer with the three names drawn.`,
        steps: [
          {
            id: "gen",
            tool: "generate_dataset",
            args: { name, rows: count, fields: fieldMatchers(fields), seed: s1 },
          },
          {
            id: "sample",
            tool: "sample_dataset",
            args: { dataset: { $from: "gen.dataset" }, size: 3, seed: s2 },
            after: ["gen"],
          },
        ],
        answer: { contains: drawn.map((r) => field(r, "member")) },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/qa-plan-sample",
    domains: ["data_generation"],
    instantiate(ctx) {
      const data = `invoices_${ctx.tag}`;
      const plan = `qa_plan_${ctx.tag}`;
      const rows = preset(
        ctx,
        data,
        Array.from({ length: ctx.int(30, 70) }, (_, i) => ({
          invoice: `INV-${2_000 + i}`,
          amount: ctx.int(1_000, 500_000) / 100,
        })),
      );
      const size = ctx.int(3, 8);
      const seed = seedFor(ctx);
      preset(ctx, plan, [{ dataset: data, size, seed }]);
      const keep = `${data}_qa`;
      const drawn = sampleRows(rows, size, seed);
      return {
        instruction: `The QA plan in dataset ${plan} (its first record) says how many invoices to sample and with which seed. Read it, draw that sample from ${data} and keep it as ${keep}. Answer with the first invoice drawn.`,
        steps: [
          { id: "plan", tool: "get_dataset_rows", args: { dataset: plan } },
          {
            id: "sample",
            tool: "sample_dataset",
            args: {
              dataset: data,
              size: { $from: "plan.rows.0.size" },
              seed: { $from: "plan.rows.0.seed" },
              save_as: keep,
            },
            after: ["plan"],
          },
        ],
        answer: { exact: field(drawn[0], "invoice") },
        state: [{ path: ["data_generation", "datasets", keep, "rows"], count: size }],
      };
    },
  }),
];
