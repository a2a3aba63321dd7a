// The scenario the server-side figures publish: one declared tool, `lookup`, whose latency each
// figure chooses, and limits high enough that no cap interferes with a measurement.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "./dist.mjs";

const { compileScenario } = await load("scenarios/compile.js");

/**
 * @param {{ id?: string, latency?: unknown, mode?: "async" | "sync" | "instant", clock?: "step" | "wall", unitMs?: number }} [options]
 */
export function benchScenarioFile(options = {}) {
  return {
    id: options.id ?? "bench",
    title: "Benchmark scenario",
    mode: options.mode ?? "async",
    clock: options.clock ?? "wall",
    unitMs: options.unitMs ?? 1,
    limits: { maxJobs: 1_000_000, maxCalls: 10_000_000 },
    tools: [
      {
        name: "lookup",
        description: "Looks a key up.",
        input: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
        responses: [{ result: { q: "{{args.q}}", value: 42 } }],
      },
    ],
    latency: { lookup: options.latency ?? 0 },
    tasks: [
      {
        id: "t1",
        instruction: "Look up gold.",
        steps: [{ id: "s1", tool: "lookup", args: { q: "gold" } }],
        answer: { exact: "42" },
      },
    ],
  };
}

export function benchScenario(options = {}) {
  return compileScenario(benchScenarioFile(options), { file: "bench.json" });
}

/** Writes the scenario as a file (for a server process) and returns its path. */
export function writeBenchScenario(dir, options = {}) {
  const path = join(dir, `${options.id ?? "bench"}.json`);
  writeFileSync(path, JSON.stringify(benchScenarioFile(options)));
  return path;
}
