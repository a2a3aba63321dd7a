import { describe, expect, it } from "vitest";
import { defaultScenarioFile } from "../../src/paths.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { connectInMemory, textOf } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";

describe("the episode server over an in-memory transport", () => {
  it("lists the scenario's tools with real schemas and the job tools with read-only hints", async () => {
    const { client } = await connectInMemory({ scenario: await loadScenarioFile(defaultScenarioFile) });
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "search_flights",
        "book_flight",
        "compress",
        "check_job",
        "wait_for_jobs",
        "cancel_job",
        "list_jobs",
        "list_tasks",
        "submit_answer",
        "finish",
      ]),
    );
    const search = tools.find((t) => t.name === "search_flights");
    expect(search?.inputSchema.required).toEqual(["from", "to", "date"]);
    expect(search?.annotations?.readOnlyHint).toBe(true);
    for (const name of ["check_job", "wait_for_jobs", "list_jobs", "list_tasks"]) {
      expect(tools.find((t) => t.name === name)?.annotations?.readOnlyHint).toBe(true);
    }
    expect(tools.find((t) => t.name === "cancel_job")?.annotations?.readOnlyHint).toBe(false);
    expect(client.getInstructions()).toMatch(/\[flight\] Find the cheapest flight/);
  });

  it("runs two tasks whose jobs finish out of order, with a cancel, and records it all", async () => {
    const { server, call } = await connectInMemory({ scenario: declaredScenario() });
    const a = await call("fetch", { key: "a" }); // t=1, latency 3 → ends 4
    expect(a.isError).toBeFalsy();
    expect(textOf(a)).toMatch(/still working: its result is NOT available yet/);
    const handleA = a.structuredContent as { job_id: string; status: string };
    expect(handleA.status).toBe("working");
    const c = await call("quick", { n: 1 }); // t=2, latency 1 → ends 3: finishes before a
    const handleC = c.structuredContent as { job_id: string };
    const extra = await call("fetch", { key: "zz" }); // t=3
    const cancelled = await call("cancel_job", {
      job_id: (extra.structuredContent as { job_id: string }).job_id,
    }); // t=4
    expect((cancelled.structuredContent as { job: { status: string } }).job.status).toBe("cancelled");
    const waited = await call("wait_for_jobs", { job_ids: [handleA.job_id, handleC.job_id], mode: "all" }); // t=5
    const jobs = (
      waited.structuredContent as { jobs: { job_id: string; status: string; ended_at: number }[] }
    ).jobs;
    expect(jobs.map((j) => j.status)).toEqual(["completed", "completed"]);
    expect(jobs[1]?.ended_at).toBeLessThan(jobs[0]?.ended_at ?? 0); // out of order
    const b = await call("combine", { left: "v-a", right: "b" });
    const done = await call("wait_for_jobs", {});
    expect(textOf(done)).toMatch(/v-a\+b/);
    const answer1 = await call("submit_answer", { task_id: "chain", answer: "v-a+b" });
    expect((answer1.structuredContent as { unanswered: string[] }).unanswered).toEqual(["solo"]);
    const bad = await call("submit_answer", { task_id: "nope", answer: "x" });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(
      /^\[TASK_NOT_FOUND\] This episode has no task "nope". Its tasks are chain, solo/,
    );
    expect(b.isError).toBeFalsy();
    await call("submit_answer", { task_id: "solo", answer: "v-c" });
    const after = await call("list_jobs");
    expect(textOf(after)).toMatch(/^\[EPISODE_OVER\]/);

    const recording = (server.session.sink as MemoryRecordingWriter).recording();
    expect(recording.truncated).toBe(false);
    expect(recording.end?.status).toBe("completed");
    expect(recording.header.client).toEqual({ name: "test-client", version: "1.2.3" });
    const requests = recording.events.filter((e) => e.type === "request");
    const responses = recording.events.filter((e) => e.type === "response");
    expect(requests).toHaveLength(10);
    expect(responses).toHaveLength(10);
    // One step per call, except that the wait at 7 for b (started at 6, latency 2) jumped to 8.
    expect(requests.map((r) => r.t)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10, 11]);
    const cancelEvent = recording.events.find((e) => e.type === "job" && e.status === "cancelled");
    expect(cancelEvent).toMatchObject({ by: "agent" });
    const waitResponse = responses[4];
    expect(waitResponse).toMatchObject({ type: "response", delivered: [handleA.job_id, handleC.job_id] });
  });

  it("answers bad arguments, unknown jobs and unknown tools as tool errors that say what to do", async () => {
    const { call } = await connectInMemory({ scenario: declaredScenario() });
    const bad = await call("fetch", { key: 7 });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(
      /^\[BAD_ARGUMENTS\] fetch was called with bad arguments \(argument key: .*\)\. Call it again/,
    );
    const unknownJob = await call("check_job", { job_id: "job_nope" });
    expect(textOf(unknownJob)).toMatch(/^\[JOB_NOT_FOUND\] No job "job_nope" in this session\. .*list_jobs/);
    const unknownTool = await call("teleport", {});
    expect(textOf(unknownTool)).toMatch(/^\[TOOL_NOT_FOUND\]/);
    const badWait = await call("wait_for_jobs", { mode: "some" });
    expect(textOf(badWait)).toMatch(
      /^\[BAD_ARGUMENTS\] wait_for_jobs was called with bad arguments \(mode: /,
    );
  });

  it("blocks for the latency in the sync mode, and answers at once in the instant mode", async () => {
    const sync = await connectInMemory({ scenario: declaredScenario(), mode: "sync" });
    const result = await sync.call("fetch", { key: "a" });
    expect(result.structuredContent).toMatchObject({
      status: "completed",
      result: { value: "v-a" },
      started_at: 1,
      ended_at: 4,
    });
    const instant = await connectInMemory({ scenario: declaredScenario(), mode: "instant" });
    const now = await instant.call("fetch", { key: "a" });
    expect(now.structuredContent).toMatchObject({ status: "completed", started_at: 1, ended_at: 1 });
  });

  it("pages a long result, saying how to get the rest", async () => {
    const { call } = await connectInMemory({ scenario: declaredScenario(), settings: { maxResultChars: 8 } });
    const started = await call("fetch", { key: "abcdefghij" });
    const id = (started.structuredContent as { job_id: string }).job_id;
    await call("wait_for_jobs", { job_ids: [id] });
    const first = await call("check_job", { job_id: id });
    const total = JSON.stringify({ value: "v-abcdefghij" }).length;
    expect(textOf(first)).toContain(
      `characters 0–8 of ${total}. Call check_job with job_id "${id}" and offset 8 for the next part`,
    );
    const pages: string[] = [];
    for (let offset = 0; offset < total; offset += 8) {
      const page = await call("check_job", { job_id: id, offset });
      pages.push((page.structuredContent as { job: { result_page: { text: string } } }).job.result_page.text);
    }
    expect(JSON.parse(pages.join(""))).toEqual({ value: "v-abcdefghij" });
  });
});
