// Writes the JSON Schemas under schema/ from the zod schemas (run after a build): the scenario
// format, and the line formats of the exports. A test fails when a committed file is out of date.
import { writeFileSync } from "node:fs";
import { accItemJsonSchema, melPairJsonSchema } from "../dist/exports/schemas.js";
import { scenarioJsonSchema } from "../dist/scenarios/schema.js";

const files = {
  "scenario.schema.json": scenarioJsonSchema(),
  "acc-item.schema.json": accItemJsonSchema(),
  "mel-pair.schema.json": melPairJsonSchema(),
};
for (const [name, schema] of Object.entries(files)) {
  const path = new URL(`../schema/${name}`, import.meta.url);
  writeFileSync(path, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${path.pathname}`);
}
