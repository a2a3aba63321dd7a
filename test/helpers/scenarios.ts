import { compileScenario } from "../../src/scenarios/compile.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import type { ScenarioFileInput } from "../../src/scenarios/schema.js";

/**
 * A small scenario built only from declared tools, so engine tests do not depend on any domain:
 * `fetch` (latency 3) returns { value: "v-<key>" }, `combine` (latency 2) joins two values,
 * `quick` (latency 1). Two tasks: a → b (chain) and c alone.
 */
export function declaredScenario(overrides: Partial<ScenarioFileInput> = {}): Scenario {
  return compileScenario(declaredScenarioFile(overrides), { file: "declared-test.yaml" });
}

/** The file `declaredScenario` compiles (for a test that runs the CLI with `--scenarios DIR`). */
export function declaredScenarioFile(overrides: Partial<ScenarioFileInput> = {}): ScenarioFileInput {
  return {
    id: "declared-test",
    title: "Declared tools for engine tests",
    tools: [
      {
        name: "fetch",
        description: "Fetches a value by key.",
        input: { type: "object", properties: { key: { type: "string" } }, required: ["key"] },
        responses: [{ result: { value: "v-{{args.key}}" } }],
      },
      {
        name: "combine",
        description: "Joins two values.",
        input: {
          type: "object",
          properties: { left: { type: "string" }, right: { type: "string" } },
          required: ["left", "right"],
        },
        responses: [{ result: { joined: "{{args.left}}+{{args.right}}" } }],
      },
      {
        name: "quick",
        description: "Answers at once with its input.",
        input: { type: "object", properties: { n: { type: "number" } } },
        responses: [
          { when: { n: 13 }, error: { message: "thirteen is unlucky" } },
          { result: { n: "{{args.n}}" } },
        ],
      },
    ],
    latency: { fetch: 3, combine: 2, quick: 1 },
    tasks: [
      {
        id: "chain",
        instruction: "Fetch a, then combine it with b.",
        steps: [
          { id: "a", tool: "fetch", args: { key: "a" } },
          { id: "b", tool: "combine", args: { left: { $from: "a.value" }, right: "b" }, after: ["a"] },
        ],
        answer: { exact: { $from: "b.joined" } },
      },
      {
        id: "solo",
        instruction: "Fetch c.",
        steps: [{ id: "c", tool: "fetch", args: { key: "c" } }],
        answer: { exact: "v-c" },
      },
    ],
    ...overrides,
  };
}
