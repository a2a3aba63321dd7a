#!/usr/bin/env node
// docs/datasheet.md from the default suite, scenarios/asynctool-v2 (`npm run datasheet`, after
// `npm run build`): the three reference agents through every episode for seeds 1 and 2
// (`asynctool run --agent NAME --suite ... --seeds 1,2 -o evals/datasheet/NAME`, evals/ is not
// committed), then `asynctool stats --datasheet` writes the statistics, provenance, citation and,
// from the three report.json, the baselines table.
// Usage: node scripts/datasheet.mjs [SUITE_DIR] [DATASHEET] [SEEDS, default 1,2]
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const suite = process.argv[2] ?? "scenarios/asynctool-v2";
const datasheet = process.argv[3] ?? "docs/datasheet.md";
const seeds = process.argv[4] ?? "1,2";
const agents = ["oracle", "poller", "sequential"];
const outs = agents.map((agent) => `evals/datasheet/${agent}`);

agents.forEach((agent, i) => {
  process.stderr.write(`run --agent ${agent} --suite ${suite} --seeds ${seeds}\n`);
  // The table goes to OUT/report.md and report.json; progress to stderr.
  execFileSync(
    process.execPath,
    [cli, "run", "--agent", agent, "--suite", suite, "--seeds", seeds, "-o", outs[i], "--force"],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
});
execFileSync(
  process.execPath,
  [cli, "stats", suite, "--datasheet", datasheet, "--baselines", outs.join(",")],
  { cwd: root, stdio: "inherit" },
);
