#!/usr/bin/env node
// The second edition's figures of a suite (docs/scenario-format.md, "Edition v2"): over every
// task, with its gold steps run on the engine, how many break each rule of
// src/dataset/second-edition-checks.ts (the dump and every option passing among them), how many
// instructions repeat, raw and folded, and how many templates the suite draws and leaves out.
// Run after `npm run build`:  node scripts/second-edition-figures.mjs [SCENARIO_DIR]
import { V2_LEFT_OUT } from "../dist/dataset/editions.js";
import {
  allOptionsPass,
  dumpAnswers,
  instructionKey,
  resultResolver,
  secondEditionViolations,
} from "../dist/dataset/second-edition-checks.js";
import { allTemplates } from "../dist/domains/index.js";
import { goldRun } from "../dist/harness/gold-run.js";
import { checkAnswer } from "../dist/scenarios/answer-checks.js";
import { loadScenariosAt } from "../dist/scenarios/loader.js";

const dir = process.argv[2] ?? new URL("../scenarios/asynctool-v2", import.meta.url).pathname;
const scenarios = (await loadScenariosAt(dir)).flatMap((o) => (o.scenario ? [o.scenario] : []));
let tasks = 0;
let dumps = 0;
let options = 0;
let optionsPass = 0;
const kinds = {};
const instructions = [];
const templates = new Set();
for (const scenario of scenarios) {
  const { results } = await goldRun(scenario);
  scenario.tasks.forEach((task, i) => {
    tasks++;
    templates.add(scenario.spec.meta?.templates?.[i]);
    instructions.push(task.instruction);
    const stepResults = results[task.id] ?? {};
    const resolve = resultResolver(stepResults);
    if (dumpAnswers(stepResults).some((d) => checkAnswer(task.answer, d, resolve).pass)) dumps++;
    const all = allOptionsPass(task.answer, resolve);
    if (all !== undefined) options++;
    if (all) optionsPass++;
    for (const v of secondEditionViolations(scenario, task, stepResults))
      kinds[v.kind] = (kinds[v.kind] ?? 0) + 1;
  });
}
const repeats = (xs) => xs.length - new Set(xs).size;
const pct = (n, d) => `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;
const out = [
  `${scenarios.length} episodes, ${tasks} tasks`,
  `dump of all gold results passes: ${dumps} (${pct(dumps, tasks)})`,
  `every option named passes: ${optionsPass} of ${options} tasks with options`,
  `violations by kind: ${JSON.stringify(kinds)}`,
  `repeated instructions: ${repeats(instructions)}; after folding case, numbers, identifiers, spaces: ${repeats(instructions.map(instructionKey))}`,
  `templates used: ${templates.size}; left out of v2: ${Object.keys(V2_LEFT_OUT).length} of ${allTemplates.length}`,
];
process.stdout.write(`${out.join("\n")}\n`);
