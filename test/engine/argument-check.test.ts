import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { simpleArgumentCheck } from "../../src/engine/argument-check.js";

// startJob says yes to a call's arguments by a hand check when the tool's schema is simple, and
// parses with the schema otherwise or when the check says no. Where the check exists it must give
// the schema's verdict exactly: a yes the schema would refuse would start a job it never did.

const names = ["q", "n", "b", "x"];

/** Property schemas as scenario files write them: the simple ones and some that are not. */
const propertySchema = fc.constantFrom<Record<string, unknown>>(
  { type: "string" },
  { type: "string", description: "a key" },
  { type: "number" },
  { type: "boolean" },
  { type: "integer" },
  { type: "string", minLength: 2 },
  { type: "string", enum: ["a", "b"] },
  { type: "number", minimum: 0 },
  { type: ["string", "null"] },
  { type: "array", items: { type: "string" } },
  { type: "object" },
  {},
);

const jsonSchemaTool = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...names), propertySchema, fc.boolean()), {
    selector: ([name]) => name,
    maxLength: 4,
  })
  .map((properties) =>
    z.fromJSONSchema({
      type: "object",
      properties: Object.fromEntries(properties.map(([name, schema]) => [name, schema])),
      required: properties.filter(([, , required]) => required).map(([name]) => name),
    }),
  )
  .filter((schema): schema is z.ZodObject => schema instanceof z.ZodObject);

/** Schemas as domain tools write them in code. */
const leaf = fc.constantFrom<z.ZodType>(
  z.string(),
  z.number(),
  z.boolean(),
  z.string().min(1),
  z.number().int(),
  z.string().describe("described"),
  z.literal("a"),
  z.string().nullable(),
  z.string().default("d"),
  z.string().transform((s) => s.length),
  z.number().refine((n) => n > 0),
);
const codeTool = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...names), leaf, fc.boolean()), {
    selector: ([name]) => name,
    maxLength: 4,
  })
  .chain((fields) =>
    fc
      .constantFrom<(shape: Record<string, z.ZodType>) => z.ZodObject>(
        (shape) => z.object(shape),
        (shape) => z.strictObject(shape),
        (shape) => z.looseObject(shape),
        (shape) => z.object(shape).refine(() => true),
      )
      .map((make) =>
        make(
          Object.fromEntries(
            fields.map(([name, schema, optional]) => [name, optional ? schema.optional() : schema]),
          ),
        ),
      ),
  );

const value = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.constantFrom<unknown>(0, -0, 1.5, 7, -3, Number.NaN, Number.POSITIVE_INFINITY, -Infinity, 2 ** 60),
  fc.boolean(),
  fc.constantFrom<unknown>(null, undefined, [], ["a"], {}, { a: 1 }, new String("s"), 10n),
);

/** Arguments with some of the names, own or inherited, and sometimes a name no schema has. */
const args = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...names, "extra"), value, { maxKeys: 5 }),
    fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 2 }),
    fc.boolean(),
  )
  .map(([own, inherited, withProto]) =>
    withProto ? Object.assign(Object.create(inherited) as Record<string, unknown>, own) : own,
  );

describe("the hand check of a tool's arguments", () => {
  it("gives the schema's verdict wherever it is made", () => {
    let checked = 0;
    let yes = 0;
    fc.assert(
      fc.property(fc.oneof(jsonSchemaTool, codeTool), args, (schema, given) => {
        const check = simpleArgumentCheck(schema);
        if (check === undefined) return;
        checked += 1;
        const verdict = check(given);
        if (verdict) yes += 1;
        expect(verdict).toBe(schema.safeParse(given).success);
      }),
      { seed: 20_261_207, numRuns: 20_000 },
    );
    // Not vacuous: many schemas are simple, and many arguments pass.
    expect(checked).toBeGreaterThan(3000);
    expect(yes).toBeGreaterThan(1000);
  });

  it("is made for every schema of plain strings, finite numbers and booleans, required or optional", () => {
    // What the check is for: without it, each call parses with zod. A check that declined these
    // would give the same verdicts (zod's), so only this pins that the hand check is there.
    const plain = [
      z.object({ q: z.string(), n: z.number(), b: z.boolean() }),
      z.object({ q: z.string().optional(), n: z.number().optional(), b: z.boolean().optional() }),
      z.looseObject({ q: z.string() }),
      z.object({}),
      z.fromJSONSchema({
        type: "object",
        properties: { q: { type: "string" }, n: { type: "number" }, b: { type: "boolean" } },
        required: ["q"],
      }) as z.ZodObject,
    ];
    for (const schema of plain)
      expect(simpleArgumentCheck(schema), JSON.stringify(schema._zod.def)).toBeDefined();
    const check = simpleArgumentCheck(plain[1] as z.ZodObject);
    expect(check?.({})).toBe(true);
    expect(check?.({ q: "a", n: 1.5, b: false })).toBe(true);
  });

  it("is not made for a schema with a rule of its own", () => {
    expect(simpleArgumentCheck(z.object({ q: z.string() }))).toBeDefined();
    expect(simpleArgumentCheck(z.object({ q: z.string().min(1) }))).toBeUndefined();
    expect(simpleArgumentCheck(z.object({ q: z.number().int() }))).toBeUndefined();
    expect(simpleArgumentCheck(z.object({ q: z.string() }).refine(() => false))).toBeUndefined();
    expect(simpleArgumentCheck(z.strictObject({ q: z.string() }))).toBeUndefined();
  });
});
