import { describe, expect, it } from "vitest";
import { z } from "zod";
import { portableJsonSchema } from "../../src/scenarios/portable-json-schema.js";

describe("portableJsonSchema", () => {
  it("writes a list of types as anyOf, at any depth", () => {
    expect(
      portableJsonSchema({
        type: "object",
        properties: { v: { type: ["string", "number"], description: "a value" } },
      }),
    ).toEqual({
      type: "object",
      properties: { v: { description: "a value", anyOf: [{ type: "string" }, { type: "number" }] } },
    });
  });

  it("keeps an existing anyOf, adding the type list under allOf", () => {
    expect(
      portableJsonSchema({ type: ["string", "null"], anyOf: [{ minLength: 1 }, { type: "null" }] }),
    ).toEqual({
      anyOf: [{ minLength: 1 }, { type: "null" }],
      allOf: [{ anyOf: [{ type: "string" }, { type: "null" }] }],
    });
  });

  it("drops the safe-integer bounds zod writes for .int(), and keeps real ones", () => {
    const schema = z.toJSONSchema(z.object({ n: z.number().int(), k: z.number().int().min(1).max(30) }));
    const props = (portableJsonSchema(schema as never) as { properties: Record<string, unknown> }).properties;
    expect(props.n).toEqual({ type: "integer" });
    expect(props.k).toEqual({ type: "integer", minimum: 1, maximum: 30 });
  });

  it("leaves scalars, arrays and schemas without either alone", () => {
    expect(portableJsonSchema(3)).toBe(3);
    expect(portableJsonSchema({ enum: ["a", "b"], items: [{ type: "string" }] })).toEqual({
      enum: ["a", "b"],
      items: [{ type: "string" }],
    });
  });
});
