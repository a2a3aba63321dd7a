import { PEOPLE } from "../../../dataset/pools.js";
import { defineTemplate } from "../../../dataset/template.js";
import { writeCsv } from "../../data-format/csv.js";
import type { FieldSpec } from "../fields.js";
import {
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
import { summarize } from "../state.js";

/**
 * Data Generation, the longer compositions: generate → sample → profile/export chains, results
 * feeding the next call's fields, seeds and ranges, fan-out from one sample, and fan-in of two
 * profiles. Every gold step passes an explicit seed (the generator state is shared).
 */

export const dataGenerationLongCallPaths = [
  defineTemplate({
    id: "data_generation/read-before-overwrite",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `forecast_${ctx.tag}`;
      const old = preset(
        ctx,
        name,
        Array.from({ length: 7 }, (_, i) => ({ day: i + 1, temp: ctx.int(-5, 35) })),
      );
      const seed = seedFor(ctx);
      const count = ctx.int(10, 30);
      const fields: FieldSpec[] = [
        { name: "day", type: "sequence", start: 1, step: 1 },
        { name: "temp", type: "integer", min: -10, max: 40 },
      ];
      const fresh = generateRows(fields, count, seed);
      return {
        instruction: `Dataset ${name} is about to be replaced. First read its first record and note the temp. Only then regenerate ${name} (overwriting it) with ${count} records: day (a sequence) and temp (a whole number from -10 to 40), seed ${seed}. Answer with the old first temp and the new first temp.`,
        steps: [
          { id: "read", tool: "get_dataset_rows", args: { dataset: name } },
          {
            id: "regen",
            tool: "generate_dataset",
            args: {
              name,
              rows: count,
              fields: fieldMatchers(fields, { temp: ["min", "max"] }),
              seed,
              overwrite: true,
            },
            after: ["read"],
          },
        ],
        answer: { contains: [String(old[0]?.temp), String(fresh[0]?.temp)] },
        state: [{ path: ["data_generation", "datasets", name, "rows"], count }],
      };
    },
  }),
  defineTemplate({
    id: "data_generation/profile-largest-survey",
    domains: ["data_generation"],
    instantiate(ctx) {
      const family = surveyFamily(ctx);
      const biggest = family[0] as (typeof family)[number];
      return {
        instruction: `Among my datasets ${family.map((d) => d.name).join(", ")}, find the one with the most records in the dataset list, then profile it: what is its mean score? Answer to 2 decimals.`,
        steps: [
          { id: "list", tool: "list_datasets", args: {} },
          { id: "profile", tool: "summarize_dataset", args: { dataset: biggest.name }, after: ["list"] },
        ],
        answer: { number: meanOf(biggest.rows, "score"), tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/export-largest-survey",
    domains: ["data_generation"],
    instantiate(ctx) {
      const family = surveyFamily(ctx);
      const biggest = family[0] as (typeof family)[number];
      return {
        instruction: `Send the analysts the biggest of my survey datasets (${family.map((d) => d.name).join(", ")}): check the dataset list for the one with the most records and export it as CSV. Answer with the CSV.`,
        steps: [
          { id: "list", tool: "list_datasets", args: {} },
          {
            id: "export",
            tool: "export_dataset",
            args: { dataset: biggest.name, format: "csv" },
            after: ["list"],
          },
        ],
        answer: { normalized: writeCsv(["respondent", "score"], biggest.rows, ",") },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/population-sample-profile",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `population_${ctx.tag}`;
      const keep = `${name}_sample`;
      const count = ctx.int(200, 500);
      const size = ctx.int(10, 40);
      const [s1, s2] = [seedFor(ctx), seedFor(ctx)];
      const fields: FieldSpec[] = [
        { name: "household", type: "sequence", start: 1, step: 1 },
        { name: "income", type: "integer", min: 15_000, max: 250_000 },
        { name: "region", type: "choice", choices: ["north", "south", "east", "west"] },
      ];
      const sample = sampleRows(generateRows(fields, count, s1), size, s2);
      return {
        instruction: `Simulate a survey: generate ${name} with ${count} households (household as a sequence, income a whole number from 15000 to 250000, region one of north, south, east, west) using seed ${s1}; draw a random sample of ${size} households from it with seed ${s2} and keep it as ${keep}; then profile the sample. What is the sample's mean income? Answer to 2 decimals.`,
        steps: [
          {
            id: "gen",
            tool: "generate_dataset",
            args: {
              name,
              rows: count,
              fields: fieldMatchers(fields, { income: ["min", "max"], region: ["choices"] }),
              seed: s1,
            },
          },
          {
            id: "sample",
            tool: "sample_dataset",
            args: { dataset: { $from: "gen.dataset" }, size, seed: s2, save_as: keep },
            after: ["gen"],
          },
          {
            id: "profile",
            tool: "summarize_dataset",
            args: { dataset: { $from: "sample.saved_as" } },
            after: ["sample"],
          },
        ],
        answer: { number: meanOf(sample, "income"), tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/warehouse-codes-inventory",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `inventory_${ctx.tag}`;
      const [s1, s2] = [seedFor(ctx), seedFor(ctx)];
      const codes = ctx.int(3, 6);
      const count = ctx.int(6, 20);
      // Which warehouses appear depends only on which of the codes each row picks, not on the codes.
      const fields: FieldSpec[] = [
        { name: "sku", type: "sequence", start: 1000, step: 1 },
        { name: "warehouse", type: "choice", choices: Array.from({ length: codes }, (_, i) => `W${i}`) },
        { name: "qty", type: "integer", min: 0, max: 500 },
      ];
      const used = summarize(generateRows(fields, count, s2), "warehouse").distinct;
      return {
        instruction: `Generate ${codes} warehouse codes (prefix WH-, then 4 alphanumeric characters, seed ${s1}). Then generate dataset ${name} with ${count} records: sku (a sequence starting at 1000), warehouse (a choice among those codes) and qty (a whole number from 0 to 500), seed ${s2}. Profile it: how many different warehouses actually appear?`,
        steps: [
          {
            id: "codes",
            tool: "generate_identifiers",
            args: { count: codes, format: "alphanumeric", length: 4, prefix: "WH-", seed: s1 },
          },
          {
            id: "gen",
            tool: "generate_dataset",
            args: {
              name,
              rows: count,
              fields: [
                { name: "sku", type: "sequence", start: 1000 },
                { name: "warehouse", type: "choice", choices: { $from: "codes.ids" } },
                { name: "qty", type: "integer", min: 0, max: 500 },
              ],
              seed: s2,
            },
            after: ["codes"],
          },
          {
            id: "profile",
            tool: "summarize_dataset",
            args: { dataset: { $from: "gen.dataset" } },
            after: ["gen"],
          },
        ],
        answer: { number: used },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/compare-two-synthetic-groups",
    domains: ["data_generation"],
    instantiate(ctx) {
      const [control, variant] = [`control_${ctx.tag}`, `variant_${ctx.tag}`];
      const count = ctx.int(40, 120);
      const fields: FieldSpec[] = [
        { name: "user", type: "sequence", start: 1, step: 1 },
        { name: "minutes", type: "number", min: 0, max: 60, decimals: 1 },
      ];
      let [s1, s2] = [seedFor(ctx), seedFor(ctx)];
      while (
        s1 === s2 ||
        meanOf(generateRows(fields, count, s1), "minutes") ===
          meanOf(generateRows(fields, count, s2), "minutes")
      )
        s2 += 1;
      const [m1, m2] = [
        meanOf(generateRows(fields, count, s1), "minutes"),
        meanOf(generateRows(fields, count, s2), "minutes"),
      ];
      const generate = (name: string, seed: number) => ({
        name,
        rows: count,
        fields: fieldMatchers(fields, { minutes: ["min", "max", "decimals"] }),
        seed,
      });
      return {
        instruction: `Simulate an A/B test: generate ${control} with seed ${s1} and ${variant} with seed ${s2}, each with ${count} records of user (a sequence) and minutes (a decimal from 0 to 60 with 1 decimal place). Profile both: which group has the higher mean minutes? Answer "control" or "variant".`,
        steps: [
          { id: "gen_control", tool: "generate_dataset", args: generate(control, s1) },
          { id: "gen_variant", tool: "generate_dataset", args: generate(variant, s2) },
          {
            id: "profile_control",
            tool: "summarize_dataset",
            args: { dataset: { $from: "gen_control.dataset" } },
            after: ["gen_control"],
          },
          {
            id: "profile_variant",
            tool: "summarize_dataset",
            args: { dataset: { $from: "gen_variant.dataset" } },
            after: ["gen_variant"],
          },
        ],
        answer: { normalized: m1 > m2 ? "control" : "variant" },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/compare-two-stores",
    domains: ["data_generation"],
    instantiate(ctx) {
      const [a, b] = ctx.sample(["lisbon", "osaka", "austin", "dublin", "lagos", "seoul"], 2) as [
        string,
        string,
      ];
      const orders = (lo: number, hi: number) =>
        Array.from({ length: ctx.int(8, 25) }, (_, i) => ({ order: i + 1, value: ctx.int(lo, hi) / 100 }));
      const rowsA = preset(ctx, `store_${a}_${ctx.tag}`, orders(1_000, 9_000));
      let rowsB = orders(1_000, 9_000);
      if (meanOf(rowsA, "value") === meanOf(rowsB, "value"))
        rowsB = [...rowsB, { order: rowsB.length + 1, value: 99.99 }];
      preset(ctx, `store_${b}_${ctx.tag}`, rowsB);
      const winner = meanOf(rowsA, "value") > meanOf(rowsB, "value") ? a : b;
      return {
        instruction: `Which store has the higher average order value: store_${a}_${ctx.tag} or store_${b}_${ctx.tag}? Profile both datasets and answer with the winning dataset's name.`,
        steps: [
          { id: "first", tool: "summarize_dataset", args: { dataset: `store_${a}_${ctx.tag}` } },
          { id: "second", tool: "summarize_dataset", args: { dataset: `store_${b}_${ctx.tag}` } },
        ],
        answer: { normalized: `store_${winner}_${ctx.tag}` },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/coupons-and-discounts",
    domains: ["data_generation"],
    instantiate(ctx) {
      const [s1, s2] = [seedFor(ctx), seedFor(ctx)];
      const count = ctx.int(2, 4);
      const discounts = drawInts(count, 5, 30, false, s2);
      return {
        instruction: `For the newsletter I need ${count} coupon codes (prefix SAVE-, then 6 alphanumeric characters, seed ${s1}) and ${count} discount percentages (whole numbers from 5 to 30, seed ${s2}). Pair them up in order and answer with each code and its discount.`,
        steps: [
          {
            id: "codes",
            tool: "generate_identifiers",
            args: { count, format: "alphanumeric", length: 6, prefix: "SAVE-", seed: s1 },
          },
          { id: "discounts", tool: "generate_random_numbers", args: { count, min: 5, max: 30, seed: s2 } },
        ],
        answer: {
          contains: [
            ...Array.from({ length: count }, (_, i) => ({ $from: `codes.ids.${i}` })),
            ...discounts.map(String),
          ],
        },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/generate-read-and-profile",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `sensors_${ctx.tag}`;
      const count = ctx.int(40, 100);
      const seed = seedFor(ctx);
      const fields: FieldSpec[] = [
        { name: "sensor", type: "sequence", start: 1, step: 1 },
        { name: "site", type: "city" },
        { name: "reading", type: "number", min: -20, max: 50, decimals: 2 },
      ];
      const rows = generateRows(fields, count, seed);
      const k = ctx.int(20, 35);
      const max = summarize(rows, "reading").max;
      return {
        instruction: `Generate ${name} with ${count} records: sensor (a sequence), site (a city) and reading (a decimal from -20 to 50, 2 decimal places), seed ${seed}. Then, from the generated data, tell me the site of sensor ${k} (read that record) and the highest reading overall (profile the dataset).`,
        steps: [
          {
            id: "gen",
            tool: "generate_dataset",
            args: {
              name,
              rows: count,
              fields: fieldMatchers(fields, { reading: ["min", "max", "decimals"] }),
              seed,
            },
          },
          {
            id: "read",
            tool: "get_dataset_rows",
            args: { dataset: { $from: "gen.dataset" }, offset: { $any: true, $example: k - 1 } },
            after: ["gen"],
          },
          {
            id: "profile",
            tool: "summarize_dataset",
            args: { dataset: { $from: "gen.dataset" } },
            after: ["gen"],
          },
        ],
        answer: { contains: [field(rows[k - 1], "site"), String(max)] },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/mirror-observed-ages",
    domains: ["data_generation"],
    instantiate(ctx) {
      const real = `clinic_${ctx.tag}`;
      const synthetic = `clinic_synthetic_${ctx.tag}`;
      const rows = preset(
        ctx,
        real,
        peopleRows(ctx, ctx.int(10, 30)).map(({ age = 0, ...rest }) => ({ age, ...rest })),
      );
      const ages = rows.map((r) => Number(r.age));
      const count = ctx.int(50, 200);
      const seed = seedFor(ctx);
      const fields: FieldSpec[] = [
        { name: "age", type: "integer", min: Math.min(...ages), max: Math.max(...ages) },
        { name: "visits", type: "integer", min: 0, max: 12 },
      ];
      return {
        instruction: `Make a synthetic copy of the patient ages in ${real}: profile it to get the smallest and largest age, then generate ${synthetic} with ${count} records: age (a whole number between that smallest and largest age) and visits (a whole number from 0 to 12), seed ${seed}. Profile the synthetic dataset and answer with its mean age, to 2 decimals.`,
        steps: [
          { id: "real", tool: "summarize_dataset", args: { dataset: real } },
          {
            id: "gen",
            tool: "generate_dataset",
            args: {
              name: synthetic,
              rows: count,
              fields: [
                {
                  name: "age",
                  type: "integer",
                  min: { $from: "real.columns.0.min" },
                  max: { $from: "real.columns.0.max" },
                },
                { name: "visits", type: "integer", min: 0, max: 12 },
              ],
              seed,
            },
            after: ["real"],
          },
          {
            id: "check",
            tool: "summarize_dataset",
            args: { dataset: { $from: "gen.dataset" } },
            after: ["gen"],
          },
        ],
        answer: { number: meanOf(generateRows(fields, count, seed), "age"), tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/generate-sample-export",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `catalog_${ctx.tag}`;
      const keep = `${name}_spotcheck`;
      const count = ctx.int(60, 200);
      const size = ctx.int(3, 5);
      const [s1, s2] = [seedFor(ctx), seedFor(ctx)];
      const fields: FieldSpec[] = [
        { name: "sku", type: "sequence", start: 1, step: 1 },
        { name: "product", type: "sentence", words: 2 },
        { name: "price", type: "number", min: 1, max: 300, decimals: 2 },
      ];
      const drawn = sampleRows(generateRows(fields, count, s1), size, s2);
      return {
        instruction: `Build a fake product catalog ${name}: ${count} records with sku (a sequence), product (a 2-word sentence) and price (a decimal from 1 to 300 with 2 decimals), seed ${s1}. Draw a spot-check sample of ${size} products with seed ${s2}, keep it as ${keep}, and export that sample as CSV. Answer with the CSV.`,
        steps: [
          {
            id: "gen",
            tool: "generate_dataset",
            args: {
              name,
              rows: count,
              fields: fieldMatchers(fields, { product: ["words"], price: ["min", "max", "decimals"] }),
              seed: s1,
            },
          },
          {
            id: "sample",
            tool: "sample_dataset",
            args: { dataset: { $from: "gen.dataset" }, size, seed: s2, save_as: keep },
            after: ["gen"],
          },
          {
            id: "export",
            tool: "export_dataset",
            args: { dataset: { $from: "sample.saved_as" }, format: "csv" },
            after: ["sample"],
          },
        ],
        answer: { normalized: writeCsv(["sku", "product", "price"], drawn, ",") },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/sample-profile-and-export",
    domains: ["data_generation"],
    instantiate(ctx) {
      const name = `reviews_${ctx.tag}`;
      const keep = `${name}_panel`;
      const rows = preset(
        ctx,
        name,
        Array.from({ length: ctx.int(20, 60) }, (_, i) => ({
          review: i + 1,
          reviewer: ctx.pick(PEOPLE),
          stars: ctx.int(1, 5),
        })),
      );
      const size = ctx.pick([4, 5]);
      const seed = seedFor(ctx);
      const drawn = sampleRows(rows, size, seed);
      return {
        instruction: `Pick ${size} reviews at random from ${name} with seed ${seed} and keep them as ${keep}. Then, for that new dataset, give me both its mean star rating (profile it) and its records as JSON (export it).`,
        steps: [
          { id: "sample", tool: "sample_dataset", args: { dataset: name, size, seed, save_as: keep } },
          {
            id: "profile",
            tool: "summarize_dataset",
            args: { dataset: { $from: "sample.saved_as" } },
            after: ["sample"],
          },
          {
            id: "export",
            tool: "export_dataset",
            args: { dataset: { $from: "sample.saved_as" }, format: "json" },
            after: ["sample"],
          },
        ],
        answer: { contains: [String(meanOf(drawn, "stars")), JSON.stringify(drawn)] },
      };
    },
  }),
  defineTemplate({
    id: "data_generation/thresholds-from-two-years",
    domains: ["data_generation"],
    instantiate(ctx) {
      const [old, recent] = [`temps_2025_${ctx.tag}`, `temps_2026_${ctx.tag}`];
      const readings = (lo: number, hi: number) =>
        Array.from({ length: ctx.int(8, 20) }, (_, i) => ({ celsius: ctx.int(lo, hi), day: i + 1 }));
      const oldRows = preset(ctx, old, readings(-15, 10));
      const newRows = preset(ctx, recent, readings(12, 40));
      const [lo, hi] = [
        Math.min(...oldRows.map((r) => Number(r.celsius))),
        Math.max(...newRows.map((r) => Number(r.celsius))),
      ];
      const seed = seedFor(ctx);
      const count = ctx.int(3, 6);
      return {
        instruction: `I need ${count} random alarm thresholds (whole numbers, seed ${seed}) between the coldest reading in ${old} and the hottest reading in ${recent}. Profile both datasets to find those two values, then draw the numbers. Answer with them in the order drawn.`,
        steps: [
          { id: "old", tool: "summarize_dataset", args: { dataset: old } },
          { id: "recent", tool: "summarize_dataset", args: { dataset: recent } },
          {
            id: "draw",
            tool: "generate_random_numbers",
            args: {
              count,
              min: { $from: "old.columns.0.min" },
              max: { $from: "recent.columns.0.max" },
              seed,
            },
            after: ["old", "recent"],
          },
        ],
        answer: { normalized: drawInts(count, lo, hi, false, seed).join(", ") },
      };
    },
  }),
];
