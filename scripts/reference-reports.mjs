#!/usr/bin/env node
// Writes the reports of the reference agents on the example scenarios (Markdown, JSON and HTML,
// seed 1, step clock, in memory) into one directory, so that a refactoring can be checked to
// leave every report byte-identical:
//   npm run build && node scripts/reference-reports.mjs /tmp/before
//   (change the code) npm run build && node scripts/reference-reports.mjs /tmp/after
//   diff -r /tmp/before /tmp/after
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/reference-reports.mjs <output-directory>");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const scenarios = readdirSync("scenarios/examples")
  .filter((name) => name.endsWith(".yaml"))
  .map((name) => name.replace(/\.yaml$/, ""));
const agents = ["oracle", "poller", "sequential"];
for (const scenario of scenarios) {
  for (const agent of agents) {
    const base = join(out, `${scenario}.${agent}`);
    const run = (extra) =>
      execFileSync(
        process.execPath,
        ["dist/cli.js", "run", "-a", agent, "-s", scenario, "--seed", "1", ...extra],
        {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
        },
      );
    writeFileSync(`${base}.md`, run(["--html", `${base}.html`]));
    writeFileSync(`${base}.json`, run(["--json"]));
  }
}
console.error(`wrote ${scenarios.length * agents.length * 3} reports to ${out}`);
