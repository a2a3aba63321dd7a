import { defineConfig } from "vitest/config";

/**
 * The tests a mutation run (npm run mutation) executes against each mutant: only the fast,
 * in-process unit tests that exercise the mutated files (src/engine, src/metrics, the answer
 * checks and matchers). No end-to-end tests, no spawned processes and no build step, so that
 * one mutant costs milliseconds, not the whole suite.
 */
export default defineConfig({
  test: {
    include: [
      "test/engine/**/*.test.ts",
      "test/metrics/**/*.test.ts",
      "test/scenarios/alternatives.test.ts",
      "test/scenarios/answer-checks.test.ts",
      "test/scenarios/answer-phrasings.test.ts",
      "test/scenarios/answer-text.test.ts",
      "test/scenarios/matchers.test.ts",
      "test/canonical-json.test.ts",
      "test/json-clone.test.ts",
      "test/json-paths-and-flat-clones.test.ts",
      "test/recorder/inherited-keys.test.ts",
      "test/recorder/link-check.test.ts",
      "test/recorder/bounds.test.ts",
      "test/mcp/tool-result-check.test.ts",
      "test/mcp/tools-call-handler.test.ts",
      "test/transports/host-check.test.ts",
    ],
    // Whole example scenarios through engine and metrics: an integration test that costs seconds
    // per mutant; a mutant must be killed by a unit test that names the rule it breaks.
    exclude: ["test/metrics/engine-runs.test.ts"],
  },
});
