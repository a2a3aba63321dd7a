import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import type { Recording } from "../../src/recorder/format.js";

interface Handle {
  job_id: string;
  status: string;
  ended_at?: number;
  result?: unknown;
}

/**
 * The end-to-end script every transport must pass, on test/fixtures/scenarios/two-lookups.yaml:
 * start jobs on two tasks, see them finish out of order, cancel one, answer both.
 */
export async function runTwoLookups(client: Client): Promise<void> {
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    return result.structuredContent as Record<string, unknown>;
  };
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toEqual(
    expect.arrayContaining([
      "slow_lookup",
      "fast_lookup",
      "check_job",
      "wait_for_jobs",
      "cancel_job",
      "submit_answer",
    ]),
  );
  const slow = (await call("slow_lookup", { key: "a" })) as unknown as Handle; // t=1, ends at 6
  const fast = (await call("fast_lookup", { key: "b" })) as unknown as Handle; // t=2, ends at 3
  const extra = (await call("slow_lookup", { key: "zzz" })) as unknown as Handle; // t=3
  expect([slow.status, fast.status, extra.status]).toEqual(["working", "working", "working"]);
  const cancelled = (await call("cancel_job", { job_id: extra.job_id })) as { job: Handle }; // t=4
  expect(cancelled.job.status).toBe("cancelled");
  const first = (await call("wait_for_jobs", { job_ids: [slow.job_id, fast.job_id], mode: "any" })) as {
    jobs: Handle[];
  }; // t=5: the fast job, started second, is already done; the slow one is not
  expect(first.jobs.map((j) => j.status)).toEqual(["working", "completed"]);
  expect(first.jobs[1]?.result).toEqual({ value: "fast-b" });
  const second = (await call("wait_for_jobs", { job_ids: [slow.job_id], mode: "all" })) as { jobs: Handle[] }; // t=6
  expect(second.jobs[0]).toMatchObject({ status: "completed", ended_at: 6, result: { value: "slow-a" } });
  await call("submit_answer", { task_id: "fast", answer: "fast-b" });
  const last = (await call("submit_answer", { task_id: "slow", answer: "slow-a" })) as {
    episode_over: boolean;
  };
  expect(last.episode_over).toBe(true);
}

/** What the recording of that script must hold. */
export function expectTwoLookupsRecording(recording: Recording, clientName: string): void {
  expect(recording.truncated).toBe(false);
  expect(recording.end?.status).toBe("completed");
  expect(recording.header.scenario.id).toBe("two-lookups");
  expect(recording.header.client?.name).toBe(clientName);
  const requests = recording.events.filter((e) => e.type === "request");
  expect(requests.map((e) => (e.type === "request" ? e.tool : ""))).toEqual([
    "slow_lookup",
    "fast_lookup",
    "slow_lookup",
    "cancel_job",
    "wait_for_jobs",
    "wait_for_jobs",
    "submit_answer",
    "submit_answer",
  ]);
  expect(recording.events.filter((e) => e.type === "response")).toHaveLength(requests.length);
  const statuses = recording.events.flatMap((e) =>
    e.type === "job" && e.status !== "working" ? [`${e.tool}:${e.status}`] : [],
  );
  // The fast job (started second) ends at 3, before the cancel at 4 and the slow job at 6: out of order.
  expect(statuses).toEqual(["fast_lookup:completed", "slow_lookup:cancelled", "slow_lookup:completed"]);
}
