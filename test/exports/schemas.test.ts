import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accItemJsonSchema, melPairJsonSchema } from "../../src/exports/schemas.js";
import { packageRoot } from "../../src/paths.js";

describe("the published JSON Schemas of the export line formats", () => {
  it.each([
    ["acc-item.schema.json", accItemJsonSchema],
    ["mel-pair.schema.json", melPairJsonSchema],
  ])("%s is up to date with its zod schema (run `npm run schema` after changing a format)", (file, make) => {
    const committed = JSON.parse(readFileSync(join(packageRoot, "schema", file), "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(make())));
  });
});
