#!/usr/bin/env node
// Which templates break the second edition's rules (src/dataset/second-edition-checks.ts), and
// how often: each template alone in an episode, instantiated with several draws, its gold steps
// run on the engine. A template that breaks a rule in most draws belongs in V2_LEFT_OUT
// (src/dataset/editions.ts); one that breaks it now and then is redrawn by the generator.
// Run after `npm run build`:  node scripts/second-edition-survey.mjs [DRAWS] > survey.json
import { composeEpisode } from "../dist/dataset/compose.js";
import { allTemplates } from "../dist/domains/index.js";
import { episodeViolations } from "../dist/harness/check-second-edition.js";
import { compileScenario } from "../dist/scenarios/compile.js";

const draws = Number(process.argv[2] ?? 8);
const survey = {};
for (const template of allTemplates) {
  const kinds = {};
  const examples = {};
  for (let attempt = 0; attempt < draws; attempt++) {
    const file = composeEpisode({
      id: "survey",
      templates: [template],
      profile: "service",
      seed: 1,
      attempt,
    });
    const scenario = compileScenario(JSON.parse(JSON.stringify(file)), { file: "survey.json" });
    const found = new Map();
    for (const vs of Object.values(await episodeViolations(scenario)))
      for (const v of vs) if (!found.has(v.kind)) found.set(v.kind, v.detail);
    for (const [kind, detail] of found) {
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      examples[kind] ??= detail;
    }
  }
  survey[template.id] = { draws, kinds, examples };
}
process.stdout.write(`${JSON.stringify(survey, null, 2)}\n`);
