import fc from "fast-check";
import type { Scenario } from "../../src/scenarios/scenario.js";

/** Keys that break naive object handling (prototype pollution, shadowed methods). */
export const NASTY_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
  "",
] as const;

/** A stand-in for a job id the session has issued, resolved just before the call is sent. */
export const JOB_REF = "\u0000job-ref:";

/** Arrays nested `depth` deep, with a leaf at the bottom. */
export function nested(depth: number, leaf: unknown = "deep"): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { d: value };
  return value;
}

/** Strings and numbers that the scenario's own file uses (ids, paths, dates, cities), so some calls go deep. */
export function scenarioWords(scenario: Scenario): { strings: string[]; numbers: number[] } {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 12) return;
    if (typeof value === "string") {
      if (value.length <= 60) strings.add(value);
    } else if (typeof value === "number") numbers.add(value);
    else if (Array.isArray(value)) for (const item of value) visit(item, depth + 1);
    else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key.length <= 60) strings.add(key);
        visit(item, depth + 1);
      }
    }
  };
  visit(scenario.spec, 0);
  for (const task of scenario.tasks) strings.add(task.id);
  return { strings: [...strings].sort(), numbers: [...numbers].sort((a, b) => a - b) };
}

export interface ValueContext {
  readonly strings: readonly string[];
  readonly numbers: readonly number[];
}

/** Any value a client could send for one argument: right or wrong type, huge, deep, odd unicode. */
export function anyValue(ctx: ValueContext): fc.Arbitrary<unknown> {
  const known = ctx.strings.length > 0 ? [fc.constantFrom(...ctx.strings)] : [];
  const knownNumbers = ctx.numbers.length > 0 ? [fc.constantFrom(...ctx.numbers)] : [];
  return fc.oneof(
    { weight: 4, arbitrary: fc.oneof(...known, fc.string(), fc.string({ unit: "grapheme" })) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) }, // lone surrogates too
    {
      weight: 3,
      arbitrary: fc.oneof(
        ...knownNumbers,
        fc.integer(),
        fc.double(), // NaN and ±Infinity become null on the wire, -0 becomes 0
        fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 1, 5e-324),
      ),
    },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.nat({ max: 20 }).map((n) => `${JOB_REF}${n}`) },
    { weight: 1, arbitrary: fc.constantFrom(10_000, 200_000).map((n) => "x".repeat(n)) },
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 400 }).map((d) => nested(d)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        " ",
        "\u0000",
        "\u202e",
        "\ud800",
        "👩‍👩‍👧‍👦",
        "../../etc/passwd",
        "/",
        "//",
        "C:\\\\",
        "%s%n",
        "$" + "{x}",
        "{{args.x}}",
        "$from",
        "<script>",
        "null",
        "NaN",
      ),
    },
  );
}

/** An argument object: the tool's real property names mixed with unknown and hostile keys. */
export function argumentObject(
  propertyNames: readonly string[],
  ctx: ValueContext,
): fc.Arbitrary<Record<string, unknown>> {
  const keys = fc.oneof(
    ...(propertyNames.length > 0 ? [{ weight: 6, arbitrary: fc.constantFrom(...propertyNames) }] : []),
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  return fc.dictionary(keys, anyValue(ctx), { maxKeys: 6 });
}

interface JsonSchemaLike {
  readonly type?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Record<string, JsonSchemaLike>;
  readonly required?: readonly string[];
  readonly items?: JsonSchemaLike;
}

/**
 * A value of the schema's declared type (not necessarily valid: patterns, bounds and the
 * domain's meaning are left to chance), so that many calls pass the schema and run a job.
 */
export function shapedBy(schema: JsonSchemaLike, ctx: ValueContext, depth = 0): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const words = ctx.strings.length > 0 ? [fc.constantFrom(...ctx.strings)] : [];
  const numbers = ctx.numbers.length > 0 ? [fc.constantFrom(...ctx.numbers)] : [];
  switch (schema.type) {
    case "string":
      return fc.oneof({ weight: 3, arbitrary: fc.oneof(...words, fc.constant("x")) }, fc.string());
    case "integer":
      return fc.oneof(...numbers.map((n) => n.map(Math.trunc)), fc.integer({ min: -5, max: 1000 }));
    case "number":
      return fc.oneof(...numbers, fc.double({ min: -1e6, max: 1e6, noNaN: true }));
    case "boolean":
      return fc.boolean();
    case "array":
      return depth > 3
        ? fc.constant([])
        : fc.array(shapedBy(schema.items ?? {}, ctx, depth + 1), { maxLength: 4 });
    case "object":
      return depth > 3 ? fc.constant({}) : shapedObject(schema, ctx, depth + 1);
    default:
      return anyValue(ctx);
  }
}

export function shapedObject(
  schema: JsonSchemaLike,
  ctx: ValueContext,
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(properties)) model[name] = shapedBy(sub, ctx, depth);
  const required = (schema.required ?? []).filter((name) => name in properties);
  return fc.record(model, { requiredKeys: required });
}

/** Replaces JOB_REF placeholders with job ids the session has issued (or a made-up one before any). */
export function resolveJobRefs(value: unknown, jobIds: readonly string[]): unknown {
  if (typeof value === "string") {
    if (!value.startsWith(JOB_REF)) return value;
    const n = Number(value.slice(JOB_REF.length));
    return jobIds.length > 0 ? jobIds[n % jobIds.length] : `job_${n}`;
  }
  if (Array.isArray(value)) return value.map((item) => resolveJobRefs(item, jobIds));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, {
        value: resolveJobRefs(item, jobIds),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
