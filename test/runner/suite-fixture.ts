import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import type { ScenarioFileInput } from "../../src/scenarios/schema.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";
import type { FakeAnswer, FakeRequest } from "./fake-model.js";

/**
 * Scenario files of declared tools (no domain), and the model turns that solve them:
 * `fetch` (latency 3) gives { value: "v-<key>" }, `combine` (latency 3) joins two values.
 * combine takes 3 steps so that the script's last wait (step 8) finds it still working and
 * delivers it: an answer given before its result was seen does not count (metrics.md §3).
 * Task `chain`: fetch a, then combine it with b (answer "v-a+b"); task `solo`: fetch c ("v-c").
 */
export function scenarioInput(id: string, tasks: "both" | "solo" = "both"): ScenarioFileInput {
  const chain = {
    id: "chain",
    instruction:
      "Fetch the value of key a, then combine it (left) with b (right). Answer with the joined value.",
    steps: [
      { id: "a", tool: "fetch", args: { key: "a" } },
      { id: "b", tool: "combine", args: { left: { $from: "a.value" }, right: "b" }, after: ["a"] },
    ],
    answer: { exact: { $from: "b.joined" } },
  };
  const solo = {
    id: "solo",
    instruction: "Fetch the value of key c and answer with it.",
    steps: [{ id: "c", tool: "fetch", args: { key: "c" } }],
    answer: { exact: "v-c" },
  };
  return {
    id,
    title: `Runner test ${id}`,
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
    ],
    latency: { fetch: 3, combine: 3 },
    tasks: tasks === "both" ? [chain, solo] : [solo],
  } as ScenarioFileInput;
}

export async function writeSuite(dir: string, scenarios: readonly ScenarioFileInput[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const s of scenarios) await writeFile(join(dir, `${s.id}.json`), JSON.stringify(s, null, 2), "utf8");
}

/** The turns that solve a two-task scenario: parallel calls, a malformed call, answers. */
export function solveBoth(chainAnswer = "v-a+b"): FakeAnswer[] {
  return [
    {
      calls: [
        { name: "fetch", args: { key: "a" } },
        { name: "fetch", args: { key: "c" } },
      ],
      text: "Starting both fetches.",
    },
    { calls: [{ name: "wait_for_jobs", args: { mode: "all" } }] },
    {
      calls: [
        { name: "combine", args: { left: "v-a", right: "b" } },
        { name: "fetch", args: "{not json" },
        { name: "submit_answer", args: { task_id: "solo", answer: "v-c" } },
      ],
    },
    { calls: [{ name: "wait_for_jobs", args: { mode: "all" } }] },
    { calls: [{ name: "submit_answer", args: { task_id: "chain", answer: chainAnswer } }] },
  ];
}

export function solveSolo(): FakeAnswer[] {
  return [
    { calls: [{ name: "fetch", args: { key: "c" } }] },
    { calls: [{ name: "wait_for_jobs", args: { mode: "all" } }] },
    { calls: [{ name: "submit_answer", args: { task_id: "solo", answer: "v-c" } }] },
  ];
}

/** Answers each request with the turn of its conversation (a scenario with only `solo` gets solveSolo). */
export function solver(
  turns: (request: FakeRequest) => FakeAnswer[] = defaultTurns,
): (request: FakeRequest) => FakeAnswer {
  return (request) => turns(request)[request.turn - 1] ?? { calls: [], text: "Done." };
}

function defaultTurns(request: FakeRequest): FakeAnswer[] {
  return request.brief.includes("[chain]") ? solveBoth() : solveSolo();
}

/** A running HTTP server (an ephemeral port) serving the suite in `suiteDir`, recording into `recordingsDir`. */
export async function serveSuite(
  suiteDir: string,
  recordingsDir: string,
  authToken?: string,
): Promise<HttpServer> {
  return startHttpServer({
    host: "127.0.0.1",
    port: 0,
    ...(authToken === undefined ? {} : { authToken }),
    catalogue: await Catalogue.load([suiteDir]),
    defaultScenario: undefined,
    session: { seed: 1, recordingsDir, server: { name: "asynctool-mcp", version: "test" } },
  });
}

/**
 * The turns of a model behind a client-side Tasks driver (`eval --tasks-driver`): it calls each
 * tool as if it were synchronous and never waits (it has no job tools, and needs none).
 */
export function drivenTurns(): FakeAnswer[] {
  return [
    {
      calls: [
        { name: "fetch", args: { key: "a" } },
        { name: "fetch", args: { key: "c" } },
      ],
    },
    {
      calls: [
        { name: "combine", args: { left: "v-a", right: "b" } },
        { name: "submit_answer", args: { task_id: "solo", answer: "v-c" } },
      ],
    },
    { calls: [{ name: "submit_answer", args: { task_id: "chain", answer: "v-a+b" } }] },
  ];
}
