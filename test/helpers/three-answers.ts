import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { packageRoot } from "../../src/paths.js";
import type { Recording } from "../../src/recorder/format.js";
import type { Scenario } from "../../src/scenarios/scenario.js";

export const threeAnswersFile = join(packageRoot, "test", "fixtures", "scenarios", "three-answers.yaml");

/**
 * Plays test/fixtures/scenarios/three-answers.yaml as a model that answers in one turn: the three
 * look-ups, one wait for all, then the three answers as parallel calls (sent before any reply).
 */
export async function runThreeAnswers(client: Client): Promise<CallToolResult[]> {
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  const jobs: string[] = [];
  for (const key of ["a", "b", "c"]) {
    const handle = await call("lookup", { key });
    jobs.push((handle.structuredContent as { job_id: string }).job_id);
  }
  const waited = await call("wait_for_jobs", { job_ids: jobs, mode: "all" });
  expect(waited.structuredContent).toMatchObject({ still_working: [] });
  return Promise.all(
    ["a", "b", "c"].map((task) => call("submit_answer", { task_id: task, answer: `value-${task}` })),
  );
}

/**
 * What the recording must hold: the three answers' requests and responses before the end line
 * (a recording's events all precede its end), and every task answered and right. The metrics
 * see calls 5, 6, 7 as the answers: calls 1–3 started the look-ups, 4 waited.
 */
export function expectThreeAnswersScored(scenario: Scenario, recording: Recording): void {
  expect(recording.truncated).toBe(false);
  expect(recording.end?.status).toBe("completed");
  const answers = recording.events.filter((e) => e.type === "request" && e.tool === "submit_answer");
  expect(answers.map((e) => (e.type === "request" ? e.call : 0)).sort()).toEqual([5, 6, 7]);
  const responses = recording.events.filter((e) => e.type === "response" && e.call >= 5);
  expect(responses.map((e) => (e.type === "response" ? [e.call, e.isError] : [])).sort()).toEqual([
    [5, false],
    [6, false],
    [7, false],
  ]);
  const metrics = computeMetrics(scenario, recording);
  expect(metrics.correctness.unansweredTasks).toEqual([]);
  expect(metrics.tasks.map((t) => [t.id, t.answer, t.success])).toEqual([
    ["a", "value-a", true],
    ["b", "value-b", true],
    ["c", "value-c", true],
  ]);
}
