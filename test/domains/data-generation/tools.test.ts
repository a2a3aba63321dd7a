import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dataFormat } from "../../../src/domains/data-format/tools.js";
import { dateOfDay, dayNumber, FIELD_TYPES, uuid } from "../../../src/domains/data-generation/fields.js";
import { nextSeed, Random } from "../../../src/domains/data-generation/random.js";
import { dataGeneration } from "../../../src/domains/data-generation/tools.js";
import { addDays } from "../../../src/domains/travel/dates.js";
import { seededIds } from "../../../src/engine/ids.js";
import { type Harness, harness, toolOf } from "../harness.js";

const initial = {
  datasets: {
    cities: {
      rows: [
        { name: "Lisbon", population: 545000, coastal: true },
        { name: "Madrid", population: 3300000, coastal: false },
        { name: "Porto", population: 232000, coastal: true, note: "north" },
      ],
    },
  },
};

const PEOPLE = [
  { name: "id", type: "sequence", start: 100, step: 10 },
  { name: "name", type: "full_name" },
  { name: "age", type: "integer", min: 18, max: 90 },
  { name: "joined", type: "date", start: "2024-02-27", end: "2024-03-02" },
];

const dg = () => harness(dataGeneration, initial);
const people = (h: Harness, extra: Record<string, unknown> = {}) =>
  h.call("generate_dataset", { name: "people", rows: 50, fields: PEOPLE, seed: 42, ...extra });

describe("data_generation state", () => {
  it("fills defaults", () => {
    expect(dataGeneration.state.parse({})).toEqual({ datasets: {}, rng: 2026 });
    expect(dataGeneration.state.parse({ datasets: { d: {} } })).toEqual({
      datasets: { d: { rows: [], seed: null } },
      rng: 2026,
    });
  });

  it.each([
    [{ datasets: { "a b": {} } }, "use letters, digits"],
    [{ rng: -1 }, "rng"],
    [{ rng: 2 ** 32 }, "rng"],
    [{ datasets: { d: { rows: [{ a: [1] }] } } }, "rows"],
    [{ extra: 1 }, "extra"],
  ])("rejects %j", (state, message) => {
    const result = dataGeneration.state.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${JSON.stringify(i)}`).join("\n")).toContain(
      message,
    );
  });
});

describe("the generator", () => {
  it("is mulberry32, pinned so a change shows", () => {
    // The outputs of the reference implementation (Tommy Ettinger's gist) for seed 1.
    const random = new Random(1);
    expect([random.uint32(), random.uint32(), random.uint32()]).toEqual([2693262067, 11749833, 2265367787]);
    expect(nextSeed(2026)).toBe(1955961175);
  });

  it("draws whole numbers within bounds, reaching both ends", () => {
    const random = new Random(9);
    const draws = Array.from({ length: 2000 }, () => random.int(-2, 2));
    expect(new Set(draws)).toEqual(new Set([-2, -1, 0, 1, 2]));
    expect(Array.from({ length: 1000 }, () => random.next()).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("writes version 4 UUIDs", () => {
    const random = new Random(3);
    for (let i = 0; i < 50; i++) {
      expect(uuid(random)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it("counts days like the calendar does", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dateOfDay(dayNumber("2024-02-28") + 1)).toBe("2024-02-29");
    fc.assert(
      fc.property(
        fc.integer({ min: -700_000, max: 2_900_000 }),
        fc.integer({ min: 0, max: 400 }),
        (day, n) => {
          const date = dateOfDay(day);
          expect(dayNumber(date)).toBe(day);
          expect(dateOfDay(day + n)).toBe(addDays(date, n));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("generate_dataset", () => {
  it("generates and keeps a dataset, previewing its first records", () => {
    const h = dg();
    const result = people(h);
    expect(result).toMatchObject({
      dataset: "people",
      row_count: 50,
      columns: ["id", "name", "age", "joined"],
      seed: 42,
    });
    expect(result.preview).toHaveLength(5);
    expect(result.preview[0]).toEqual({ id: 100, name: "Nadia Weber", age: 30, joined: "2024-02-28" });
    expect(result.preview.map((r: { id: number }) => r.id)).toEqual([100, 110, 120, 130, 140]);
    const rows = (h.state.datasets as Record<string, { rows: Record<string, unknown>[] }>).people?.rows ?? [];
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      expect(row.age).toBeGreaterThanOrEqual(18);
      expect(row.age).toBeLessThanOrEqual(90);
      expect(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02"]).toContain(row.joined);
      expect(row.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    }
  });

  it("gives every field type values of its kind", () => {
    const fields = [
      { name: "n", type: "number", min: -1, max: 1, decimals: 3 },
      { name: "b", type: "boolean", probability: 1 },
      { name: "c", type: "choice", choices: ["x", 2, false] },
      { name: "s", type: "sentence", words: 3 },
      { name: "f", type: "first_name" },
      { name: "l", type: "last_name" },
      { name: "e", type: "email" },
      { name: "city", type: "city" },
      { name: "country", type: "country" },
      { name: "company", type: "company" },
      { name: "u", type: "uuid" },
      { name: "i", type: "integer" },
      { name: "q", type: "sequence" },
      { name: "d", type: "date", start: "2026-12-31", end: "2026-12-31" },
      { name: "fn", type: "full_name" },
    ];
    expect(fields.map((f) => f.type).sort()).toEqual([...FIELD_TYPES].sort());
    const h = dg();
    h.call("generate_dataset", { name: "all", rows: 30, fields, seed: 1 });
    const { rows } = h.call("get_dataset_rows", { dataset: "all", limit: 30 });
    rows.forEach((row: Record<string, unknown>, i: number) => {
      expect(row.n).toBeGreaterThanOrEqual(-1);
      expect(row.n).toBeLessThanOrEqual(1);
      expect(String(row.n)).toMatch(/^-?\d(\.\d{1,3})?$/);
      expect(row.b).toBe(true);
      expect(["x", 2, false]).toContain(row.c);
      expect(row.s).toMatch(/^[A-Z][a-z]+( [a-z]+){2}\.$/);
      expect(row.e).toMatch(/^[a-z]+\.[a-z]+\d{1,2}@example\.(com|org|net)$/);
      expect(row.i).toBeGreaterThanOrEqual(0);
      expect(row.i).toBeLessThanOrEqual(100);
      expect(row.q).toBe(i + 1);
      expect(row.d).toBe("2026-12-31");
      for (const key of ["f", "l", "city", "country", "company", "fn"])
        expect(typeof row[key]).toBe("string");
    });
  });

  it("gives the same data for the same seed, and other data for another", () => {
    const [a, b, c] = [dg(), dg(), dg()];
    people(a);
    people(b);
    people(c, { seed: 43 });
    expect(a.state.datasets).toEqual(b.state.datasets);
    expect(a.state.datasets).not.toEqual(c.state.datasets);
  });

  it("takes seeds from the state's chain when none is given", () => {
    const h = dg();
    expect(people(h, { seed: undefined }).seed).toBe(2026);
    expect(h.state.rng).toBe(nextSeed(2026));
    expect(h.call("generate_dataset", { name: "p2", rows: 1, fields: PEOPLE }).seed).toBe(nextSeed(2026));
    const replay = dg();
    people(replay, { seed: 2026, name: "x" });
    expect(replay.call("get_dataset_rows", { dataset: "x", limit: 50 }).rows).toEqual(
      h.call("get_dataset_rows", { dataset: "people", limit: 50 }).rows,
    );
  });

  it("fails on an existing name unless overwrite is set", () => {
    const h = dg();
    expect(people(h, { name: "cities", overwrite: true }).dataset).toBe("cities");
    expect(people(h, { name: "cities", overwrite: true }).row_count).toBe(50);
    expect(people(dg(), { name: "x" }).row_count).toBe(50);
    const error = dg().fail(
      "generate_dataset",
      { name: "cities", rows: 1, fields: PEOPLE },
      "ALREADY_EXISTS",
    );
    expect(error.message).toBe(
      "A dataset named cities exists already; choose another name, or pass overwrite: true to replace it",
    );
  });

  it("refuses malformed field specifications in its schema", () => {
    const input = toolOf(dataGeneration, "generate_dataset").input;
    const ok = { name: "d", rows: 5, fields: [{ name: "a", type: "integer" }] };
    expect(input.safeParse(ok).success).toBe(true);
    const bad = [
      { fields: [{ name: "a", type: "integer", min: 5, max: 1 }] },
      { fields: [{ name: "a", type: "number", min: 1, max: 0 }] },
      { fields: [{ name: "a", type: "date", start: "2026-02-30", end: "2026-03-01" }] },
      { fields: [{ name: "a", type: "date", start: "2026-03-02", end: "2026-03-01" }] },
      { fields: [{ name: "a", type: "choice", choices: [] }] },
      { fields: [{ name: "a", type: "phone" }] },
      { fields: [{ name: "a", type: "city", extra: 1 }] },
      {
        fields: [
          { name: "a", type: "city" },
          { name: "a", type: "country" },
        ],
      },
      { fields: [] },
      { rows: 0 },
      { rows: 1001 },
      { name: "no spaces" },
      { seed: -1 },
    ];
    for (const change of bad)
      expect(input.safeParse({ ...ok, ...change }).success, JSON.stringify(change)).toBe(false);
  });
});

describe("list_datasets", () => {
  it("lists datasets by name with their columns and seeds", () => {
    const h = dg();
    people(h);
    expect(h.call("list_datasets")).toEqual({
      datasets: [
        { dataset: "cities", row_count: 3, columns: ["name", "population", "coastal", "note"], seed: null },
        { dataset: "people", row_count: 50, columns: ["id", "name", "age", "joined"], seed: 42 },
      ],
      count: 2,
    });
  });
});

describe("get_dataset_rows", () => {
  it("pages through a dataset, optionally picking columns", () => {
    const h = dg();
    expect(
      h.call("get_dataset_rows", { dataset: "cities", offset: 1, limit: 1, columns: ["note", "name"] }),
    ).toEqual({
      dataset: "cities",
      rows: [{ note: null, name: "Madrid" }],
      count: 1,
      total: 3,
    });
    expect(h.call("get_dataset_rows", { dataset: "cities", offset: 5 })).toEqual({
      dataset: "cities",
      rows: [],
      count: 0,
      total: 3,
    });
  });

  it("fails on a missing dataset and an unknown column", () => {
    expect(dg().fail("get_dataset_rows", { dataset: "people" }, "NOT_FOUND").message).toBe(
      "No dataset people; the datasets are cities (call list_datasets, or generate_dataset)",
    );
    expect(
      harness(dataGeneration, {}).fail("get_dataset_rows", { dataset: "x" }, "NOT_FOUND").message,
    ).toMatch(/there are no datasets yet/);
    expect(
      dg().fail("get_dataset_rows", { dataset: "cities", columns: ["area"] }, "INVALID_ARGUMENT").message,
    ).toBe("Dataset cities has no column area; its columns are name, population, coastal, note");
  });
});

describe("sample_dataset", () => {
  it("draws distinct records, reproducibly, and can keep them", () => {
    const h = dg();
    people(h);
    const sample = h.call("sample_dataset", { dataset: "people", size: 10, seed: 5, save_as: "sample" });
    expect(sample).toMatchObject({ dataset: "people", count: 10, seed: 5, saved_as: "sample" });
    const ids = sample.rows.map((r: { id: number }) => r.id);
    expect(new Set(ids).size).toBe(10);
    expect(h.call("sample_dataset", { dataset: "people", size: 10, seed: 5 }).rows).toEqual(sample.rows);
    expect(h.call("get_dataset_rows", { dataset: "sample" }).rows).toEqual(sample.rows);
    expect(h.call("list_datasets").datasets[2]).toEqual({
      dataset: "sample",
      row_count: 10,
      columns: ["id", "name", "age", "joined"],
      seed: 5,
    });
  });

  it("can draw every record, in a shuffled order", () => {
    const h = dg();
    const { rows, saved_as, seed } = h.call("sample_dataset", { dataset: "cities", size: 3 });
    expect(saved_as).toBeNull();
    expect(seed).toBe(2026);
    expect(rows.map((r: { name: string }) => r.name).sort()).toEqual(["Lisbon", "Madrid", "Porto"]);
  });

  it("fails on a missing dataset, a sample too large and an existing save_as", () => {
    const h = dg();
    h.fail("sample_dataset", { dataset: "people", size: 1 }, "NOT_FOUND");
    expect(h.fail("sample_dataset", { dataset: "cities", size: 4 }, "INVALID_ARGUMENT").message).toBe(
      "Dataset cities has 3 records, fewer than the 4 asked for; ask for at most 3",
    );
    h.fail("sample_dataset", { dataset: "cities", size: 1, save_as: "cities" }, "ALREADY_EXISTS");
    expect(h.state.rng).toBe(2026); // a refused call takes no seed
  });
});

describe("summarize_dataset", () => {
  it("profiles each column", () => {
    expect(dg().call("summarize_dataset", { dataset: "cities" })).toEqual({
      dataset: "cities",
      row_count: 3,
      columns: [
        { column: "name", type: "string", non_null: 3, distinct: 3, min: "Lisbon", max: "Porto", mean: null },
        {
          column: "population",
          type: "number",
          non_null: 3,
          distinct: 3,
          min: 232000,
          max: 3300000,
          mean: 1359000,
        },
        { column: "coastal", type: "boolean", non_null: 3, distinct: 2, min: null, max: null, mean: null },
        { column: "note", type: "string", non_null: 1, distinct: 1, min: "north", max: "north", mean: null },
      ],
    });
  });

  it("calls mixed and empty columns so, and rounds means to 6 places", () => {
    const h = harness(dataGeneration, {
      datasets: { d: { rows: [{ a: 1, b: null, c: 1 }, { a: "x", b: null, c: 2 }, { c: 2 }] } },
    });
    expect(h.call("summarize_dataset", { dataset: "d" }).columns).toEqual([
      { column: "a", type: "mixed", non_null: 2, distinct: 2, min: null, max: null, mean: null },
      { column: "b", type: "null", non_null: 0, distinct: 0, min: null, max: null, mean: null },
      { column: "c", type: "number", non_null: 3, distinct: 2, min: 1, max: 2, mean: 1.666667 },
    ]);
  });

  it("fails on a missing dataset and an unknown column", () => {
    dg().fail("summarize_dataset", { dataset: "nope" }, "NOT_FOUND");
    dg().fail("summarize_dataset", { dataset: "cities", columns: ["x"] }, "INVALID_ARGUMENT");
  });
});

describe("export_dataset", () => {
  it("exports CSV and JSON", () => {
    expect(dg().call("export_dataset", { dataset: "cities", columns: ["name", "note"] })).toEqual({
      dataset: "cities",
      format: "csv",
      content: "name,note\nLisbon,\nMadrid,\nPorto,north\n",
      columns: ["name", "note"],
      row_count: 3,
    });
    const json = dg().call("export_dataset", { dataset: "cities", format: "json" });
    expect(JSON.parse(json.content)[2]).toEqual({
      name: "Porto",
      population: 232000,
      coastal: true,
      note: "north",
    });
    expect(JSON.parse(json.content)[0].note).toBeNull();
  });

  it("fails on a missing dataset and an unknown column", () => {
    dg().fail("export_dataset", { dataset: "nope" }, "NOT_FOUND");
    dg().fail("export_dataset", { dataset: "cities", columns: ["x"] }, "INVALID_ARGUMENT");
  });
});

describe("generate_random_numbers", () => {
  it("draws whole numbers in range, reproducibly", () => {
    const h = dg();
    const result = h.call("generate_random_numbers", { count: 200, min: 1, max: 6, seed: 11 });
    expect(result).toMatchObject({ count: 200, seed: 11 });
    expect(new Set(result.numbers)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(h.call("generate_random_numbers", { count: 200, min: 1, max: 6, seed: 11 })).toEqual(result);
    expect(h.call("generate_random_numbers", { count: 5 })).toEqual({
      numbers: [45, 66, 15, 68, 29],
      count: 5,
      seed: 2026,
    });
  });

  it("draws rounded decimals, and unique whole numbers", () => {
    const h = dg();
    const decimals = h.call("generate_random_numbers", {
      count: 100,
      min: -1,
      max: 1,
      integers: false,
      decimals: 3,
    });
    for (const x of decimals.numbers) {
      expect(Math.abs(x)).toBeLessThanOrEqual(1);
      expect(String(x)).toMatch(/^-?\d(\.\d{1,3})?$/);
    }
    const unique = h.call("generate_random_numbers", { count: 10, min: 1, max: 10, unique: true });
    expect([...unique.numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("fails when unique asks for more numbers than the range holds", () => {
    expect(
      dg().fail("generate_random_numbers", { count: 6, min: 1, max: 5, unique: true }, "INVALID_ARGUMENT")
        .message,
    ).toBe(
      "1 to 5 holds only 5 whole numbers, fewer than the 6 unique ones asked for; widen the range or ask for fewer",
    );
  });

  it("refuses inconsistent arguments in its schema", () => {
    const input = toolOf(dataGeneration, "generate_random_numbers").input;
    expect(input.safeParse({ count: 1, min: 5, max: 1 }).success).toBe(false);
    expect(input.safeParse({ count: 1, integers: false, unique: true }).success).toBe(false);
    expect(input.safeParse({ count: 1, min: 0.5 }).success).toBe(false);
    expect(input.safeParse({ count: 1001 }).success).toBe(false);
  });
});

describe("generate_identifiers", () => {
  it.each([
    ["hex", 8, /^ORD-[0-9a-f]{8}$/],
    ["numeric", 6, /^ORD-\d{6}$/],
    ["alphanumeric", 20, /^ORD-[0-9A-Za-z]{20}$/],
    ["uuid", 12, /^ORD-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
  ])("writes distinct %s ids", (format, length, pattern) => {
    const { ids, count, seed } = dg().call("generate_identifiers", {
      count: 100,
      format,
      length,
      prefix: "ORD-",
      seed: 1,
    });
    expect(count).toBe(100);
    expect(seed).toBe(1);
    expect(new Set(ids).size).toBe(100);
    for (const id of ids) expect(id).toMatch(pattern);
  });

  it("is reproducible, and pinned so a change shows", () => {
    expect(dg().call("generate_identifiers", { count: 2, seed: 1 }).ids).toEqual([
      "a087eaf3-00b3-49c9-8706-c4ebfb2627fd",
      "f7e79d2b-47f6-4630-9ce3-01f0b8829f5c",
    ]);
    expect(dg().call("generate_identifiers", { count: 3, format: "hex", length: 8, seed: 1 }).ids).toEqual([
      "a8f96723",
      "764094ac",
      "bc326294",
    ]);
  });

  it("refuses a bad prefix or length in its schema", () => {
    const input = toolOf(dataGeneration, "generate_identifiers").input;
    expect(input.safeParse({ count: 1, prefix: "a b" }).success).toBe(false);
    expect(input.safeParse({ count: 1, length: 3 }).success).toBe(false);
  });
});

describe("data_generation as a whole", () => {
  const samples: Record<string, Record<string, unknown>> = {
    generate_dataset: { name: "d", rows: 3, fields: PEOPLE },
    list_datasets: {},
    get_dataset_rows: { dataset: "cities" },
    sample_dataset: { dataset: "cities", size: 2 },
    summarize_dataset: { dataset: "cities" },
    export_dataset: { dataset: "cities", format: "json" },
    generate_random_numbers: { count: 3 },
    generate_identifiers: { count: 3 },
  };

  it("has a sample for every tool", () => {
    expect(Object.keys(samples).sort()).toEqual(dataGeneration.tools.map((t) => t.name).sort());
  });

  it.each(Object.entries(samples))("%s fits its output schema and its readOnly flag", (name, args) => {
    const h = dg();
    const before = structuredClone(h.state);
    h.call(name, args);
    if (toolOf(dataGeneration, name).readOnly) expect(h.state).toEqual(before);
    else expect(h.state).not.toEqual(before);
  });

  it("composes: an export feeds the data_format domain's CSV reader", () => {
    const h = dg();
    people(h);
    const { content } = h.call("export_dataset", { dataset: "people", columns: ["id", "age"] });
    const { rows } = harness(dataFormat, {}).call("csv_to_json", { csv: content });
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual({ id: 100, age: 30 });
  });

  it("is deterministic: the same calls give the same results and state", () => {
    const run = () => {
      const h = dg();
      const results = [
        people(h, { seed: undefined }),
        h.call("generate_random_numbers", { count: 10, max: 1000 }),
        h.call("sample_dataset", { dataset: "people", size: 5, save_as: "five" }),
        h.call("summarize_dataset", { dataset: "five" }),
        h.call("generate_identifiers", { count: 4, format: "alphanumeric" }),
        h.fail("sample_dataset", { dataset: "five", size: 6 }, "INVALID_ARGUMENT").message,
        h.call("export_dataset", { dataset: "five" }),
      ];
      return { results, state: h.state };
    };
    const first = run();
    expect(first.results.map((r) => (typeof r === "object" ? r.seed : undefined)).slice(0, 3)).toEqual([
      2026,
      nextSeed(2026),
      nextSeed(nextSeed(2026)),
    ]);
    expect(run()).toEqual(first);
  });

  it("does not share objects between results and the state", () => {
    const h = dg();
    const { preview } = people(h);
    preview[0].name = "changed";
    const { rows } = h.call("get_dataset_rows", { dataset: "people", limit: 1 });
    rows[0].age = -1;
    expect(h.call("get_dataset_rows", { dataset: "people", limit: 1 }).rows[0]).toEqual({
      id: 100,
      name: "Nadia Weber",
      age: 30,
      joined: "2024-02-28",
    });
  });
});

describe("a call without a seed, under the episode's rule", () => {
  it("uses a seed drawn from the episode's seed and the state's chain, which still advances", () => {
    const draw = (seed: number) => {
      const h = harness(dataGeneration, {}, seededIds(seed).forDomain("data_generation"));
      const result = h.call("generate_random_numbers", { count: 3, min: 1, max: 1000 });
      return { seed: result.seed as number, numbers: result.numbers as number[], chain: h.state.rng };
    };
    const one = draw(1);
    // The chain's first link is the default rng, 2026; the episode draws the call's seed from it.
    expect(one.seed).toBe(seededIds(1).forDomain("data_generation").seed(2026));
    expect(one.seed).not.toBe(2026);
    // The chain advances as before, whatever the episode's seed.
    expect(one.chain).not.toBe(2026);
    expect(draw(2).chain).toBe(one.chain);
    expect(draw(1)).toEqual(one);
    expect(draw(2).seed).not.toBe(one.seed);
    expect(draw(2).numbers).not.toEqual(one.numbers);
    // Under the counter rule of older recordings the call's seed is the link itself.
    expect(
      harness(dataGeneration, {}).call("generate_random_numbers", { count: 1, min: 1, max: 9 }).seed,
    ).toBe(2026);
  });
});
