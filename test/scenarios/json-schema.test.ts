import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { scenarioJsonSchema } from "../../src/scenarios/schema.js";

describe("the published JSON Schema of the scenario format", () => {
  it("is up to date with the zod schema (run `npm run schema` after changing the format)", () => {
    const committed = JSON.parse(readFileSync(join(packageRoot, "schema", "scenario.schema.json"), "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});
