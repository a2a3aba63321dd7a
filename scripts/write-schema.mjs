// Writes schema/scenario.schema.json from the zod schema of the scenario format (run after a build).
// A test fails when the committed file is out of date, so editors always complete the real format.
import { writeFileSync } from "node:fs";
import { scenarioJsonSchema } from "../dist/scenarios/schema.js";

const path = new URL("../schema/scenario.schema.json", import.meta.url);
writeFileSync(path, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);
