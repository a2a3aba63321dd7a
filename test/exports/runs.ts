import type { AgentTools, Handle } from "../../src/agents/agent-tools.js";
import { type AgentName, runAgent } from "../../src/agents/index.js";
import { type EpisodeView, viewEpisode } from "../../src/exports/episode.js";
import type { JsonValue } from "../../src/json.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import type { Recording } from "../../src/recorder/format.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { exampleAnswer } from "../../src/scenarios/answer-checks.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import { exampleValue, type FromResolver } from "../../src/scenarios/matchers.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { connectInMemory } from "../../src/transports/connect.js";

/**
 * Recordings made in the test: the reference agents, and a scripted agent that goes like the
 * sequential one (each task in turn, each step started then waited for) except for exactly one
 * mistake.
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
          instruction: "Find the fare to Oslo's airport, and check the weather in Oslo. Answer with the fare.",
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

/** One mistake of the scripted agent, on a step or task of the scenario. */
export type Fault =
  | { readonly kind: "none" }
  /** Starts `step` right after its dependency started, with `guess` as its arguments. */
  | { readonly kind: "start-early"; readonly step: string; readonly guess: Record<string, JsonValue> }
  | { readonly kind: "wrong-argument"; readonly step: string; readonly args: Record<string, JsonValue> }
  | { readonly kind: "skip-step"; readonly step: string }
  /** Starts the step and never waits for it or checks it. */
  | { readonly kind: "never-collect"; readonly step: string }
  /** Answers `answer` right after starting the task's last step, then waits for it. */
  | { readonly kind: "answer-early"; readonly task: string; readonly answer: string }
  | { readonly kind: "wrong-answer"; readonly task: string; readonly answer: string }
  /** Calls finish after answering this task. */
  | { readonly kind: "give-up"; readonly after: string };

export const FAULTS: Record<string, Fault> = {
  "dependency violation": { kind: "start-early", step: "fare", guess: { code: "OSL" } },
  "wrong or missing step (wrong argument)": { kind: "wrong-argument", step: "weather", args: { city: "Lyon" } },
  "wrong or missing step (skipped)": { kind: "skip-step", step: "weather" },
  "orphaned result": { kind: "never-collect", step: "weather" },
  "ungrounded answer": { kind: "answer-early", task: "route", answer: "412" },
  "wrong answer": { kind: "wrong-answer", task: "route", answer: "399" },
  "gave up": { kind: "give-up", after: "route" },
};

/** The scripted agent: sequential, but for `fault`. Written against AgentTools alone. */
export async function runFaulty(tools: AgentTools, scenario: Scenario, fault: Fault): Promise<void> {
  const results = new Map<string, JsonValue>();
  const resolverFor =
    (task: string): FromResolver =>
    (step, path) => {
      let value: JsonValue | undefined = results.get(`${task}.${step}`);
      for (const key of path) value = (value as Record<string, JsonValue> | undefined)?.[key];
      return value === undefined ? [] : [value];
    };
  const start = async (tool: string, args: Record<string, JsonValue>): Promise<string> => {
    const reply = await tools.call(tool, args);
    return (reply.structured as unknown as Handle).job_id;
  };
  const waitFor = async (job: string): Promise<Handle> => {
    for (;;) {
      const reply = await tools.call("wait_for_jobs", { job_ids: [job], mode: "all" });
      const handle = (reply.structured?.jobs as Handle[])[0] as Handle;
      if (handle.status !== "working") return handle;
    }
  };
  for (const task of scenario.tasks) {
    const early = new Map<string, string>(); // step → job started ahead of its dependency
    for (const step of task.steps) {
      const key = `${task.id}.${step.id}`;
      if (fault.kind === "skip-step" && fault.step === step.id) continue;
      let job = early.get(step.id);
      if (job === undefined) {
        const args: Record<string, JsonValue> = {};
        for (const [name, matcher] of Object.entries(step.args)) {
          const value = exampleValue(matcher, resolverFor(task.id));
          if (value !== undefined) args[name] = value;
        }
        const wrong = fault.kind === "wrong-argument" && fault.step === step.id;
        job = await start(step.tool, wrong ? fault.args : args);
      }
      if (fault.kind === "start-early") {
        const dependent = task.steps.find((s) => s.id === fault.step && s.after.includes(step.id));
        if (dependent) early.set(dependent.id, await start(dependent.tool, fault.guess));
      }
      if (fault.kind === "never-collect" && fault.step === step.id) continue;
      const last = step === task.steps[task.steps.length - 1];
      if (fault.kind === "answer-early" && fault.task === task.id && last)
        await tools.call("submit_answer", { task_id: task.id, answer: fault.answer });
      const handle = await waitFor(job);
      if (handle.status === "completed") results.set(key, handle.result ?? null);
    }
    if (!(fault.kind === "answer-early" && fault.task === task.id)) {
      const answer =
        fault.kind === "wrong-answer" && fault.task === task.id
          ? fault.answer
          : (exampleAnswerOf(scenario, task.id, resolverFor(task.id)) ?? "");
      await tools.call("submit_answer", { task_id: task.id, answer });
    }
    if (fault.kind === "give-up" && fault.after === task.id) {
      await tools.call("finish", {});
      return;
    }
  }
}

function exampleAnswerOf(scenario: Scenario, task: string, resolve: FromResolver): string | undefined {
  const spec = scenario.tasks.find((t) => t.id === task);
  return spec ? exampleAnswer(spec.answer, resolve) : undefined;
}

export type Runner = AgentName | { readonly name: string; readonly fault: Fault };

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
      await runFaulty(connection.tools, scenario, runner.fault);
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
