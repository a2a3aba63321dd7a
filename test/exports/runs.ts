import { type Fault, runFaulty } from "../../src/agents/faulty.js";
import { type AgentName, runAgent } from "../../src/agents/index.js";
import { connectInMemory } from "../../src/client/connect.js";
import { type EpisodeView, stepResolver, viewEpisode } from "../../src/exports/episode.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import type { Recording } from "../../src/recorder/format.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import type { FromResolver } from "../../src/scenarios/matchers.js";
import type { Scenario } from "../../src/scenarios/scenario.js";

/**
 * Recordings made in the test: the reference agents, and the scripted faulty agent
 * (src/agents/faulty.ts: sequential but for exactly one mistake).
 */

/**
 * Two tasks on declared tools with fixed latencies. `route`: find (lookup_city, 3) → fare
 * (get_fare with the code find returned, 4), and weather (get_weather, 5) on its own; the answer
 * is fare's `fare` (412). `stock`: quote (get_quote, 6); the answer is 37.5.
 */
export function twoTaskScenario(): Scenario {
  return compileScenario(
    {
      id: "exports-two-tasks",
      title: "A fare and a stock price",
      tools: [
        {
          name: "lookup_city",
          description: "The airport code of a city.",
          input: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
          responses: [{ when: { name: "Oslo" }, result: { city: "Oslo", code: "OSL", population: 709037 } }],
        },
        {
          name: "get_fare",
          description: "The fare to an airport.",
          input: { type: "object", properties: { code: { type: "string" } }, required: ["code"] },
          responses: [{ when: { code: "OSL" }, result: { code: "OSL", fare: 412, currency: "EUR" } }],
        },
        {
          name: "get_weather",
          description: "The weather in a city.",
          input: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
          responses: [{ when: { city: "Oslo" }, result: { city: "Oslo", temperature_c: -3 } }],
          default: { error: { code: "NOT_FOUND", message: "No weather for {{args.city}}." } },
        },
        {
          name: "get_quote",
          description: "A stock's price.",
          input: { type: "object", properties: { symbol: { type: "string" } }, required: ["symbol"] },
          responses: [{ when: { symbol: "ACME" }, result: { symbol: "ACME", price: 37.5 } }],
        },
      ],
      latency: { lookup_city: 3, get_fare: 4, get_weather: 5, get_quote: 6 },
      tasks: [
        {
          id: "route",
          instruction:
            "Find the fare to Oslo's airport, and check the weather in Oslo. Answer with the fare.",
          steps: [
            { id: "find", tool: "lookup_city", args: { name: "Oslo" } },
            { id: "fare", tool: "get_fare", args: { code: { $from: "find.code" } }, after: ["find"] },
            { id: "weather", tool: "get_weather", args: { city: "Oslo" } },
          ],
          answer: { number: { $from: "fare.fare" } },
        },
        {
          id: "stock",
          instruction: "What does one ACME share cost?",
          steps: [{ id: "quote", tool: "get_quote", args: { symbol: "ACME" } }],
          answer: { number: 37.5 },
        },
      ],
    },
    { file: "exports-two-tasks.yaml" },
  );
}

/** One scripted mistake per cause class (two for "wrong or missing step"), on the two-task scenario. */
export const FAULTS: Record<string, Fault> = {
  "dependency violation": { kind: "start-early", task: "route", step: "fare" },
  "wrong or missing step (wrong argument)": {
    kind: "wrong-argument",
    task: "route",
    step: "weather",
    args: { city: "Lyon" },
  },
  "wrong or missing step (skipped)": { kind: "skip-step", task: "route", step: "weather" },
  "orphaned result": { kind: "never-collect", task: "route", step: "weather" },
  "ungrounded answer": { kind: "answer-early", task: "route" },
  "wrong answer": { kind: "wrong-answer", task: "route", answer: "399" },
  "gave up": { kind: "give-up", after: "route" },
};

/** What the faulty agent "knows" without looking: the results a successful run saw. */
export function knownFrom(v: EpisodeView): (task: string) => FromResolver {
  return (task) => stepResolver(v, task);
}

export type Runner =
  | AgentName
  | { readonly name: string; readonly fault: Fault; readonly known?: (task: string) => FromResolver };

/** Runs one agent through one episode in memory, in the step clock, and returns its recording. */
export async function record(scenario: Scenario, runner: Runner, seed = 1): Promise<Recording> {
  const name = typeof runner === "string" ? runner : runner.name;
  const connection = await connectInMemory(
    {
      scenario,
      seed,
      mode: "async",
      clock: "step",
      recordingsDir: null,
      server: { name: "asynctool-mcp", version: "test" },
      sessionId: `s-${name}`,
    },
    { name, version: "1" },
  );
  try {
    if (typeof runner === "string") {
      await runAgent(runner, connection.tools, { scenario, seed, mode: "async", clock: "step" });
    } else {
      await runFaulty(connection.tools, scenario, runner.fault, runner.known);
    }
  } finally {
    await connection.close();
  }
  const sink = connection.server?.session.sink as MemoryRecordingWriter;
  return sink.recording();
}

export function view(scenario: Scenario, recording: Recording): EpisodeView {
  return viewEpisode(scenario, recording, computeMetrics(scenario, recording));
}
