import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/json.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { parseProxyConfig, proxyScenario } from "../../src/scenarios/proxy-scenario.js";
import type { ForwardOutcome } from "../../src/scenarios/scenario.js";
import { connectInMemory } from "../helpers/in-memory.js";

/**
 * The step clock through the MCP session, with a proxied tool whose server answers when the
 * test says so: a call that shows jobs (check_job, list_jobs, cancel_job) waits for the answers
 * of jobs already due, so what an agent sees at a step does not depend on how fast the server
 * is; calls that do not look at jobs go on at once.
 */

function slowUpstream() {
  const answers: Array<(outcome: ForwardOutcome) => void> = [];
  const scenario = proxyScenario(
    {
      upstream: { name: "upstream-test", version: "1" },
      config: parseProxyConfig({ latency: { "*": 2 } }),
      tools: [
        {
          name: "lookup",
          upstreamName: "lookup",
          description: "Looks a key up.",
          inputSchema: { type: "object", properties: { key: { type: "string" } }, required: ["key"] },
          annotations: { readOnlyHint: true },
        },
      ],
    },
    () => (_args: JsonObject, _signal: AbortSignal) =>
      new Promise<ForwardOutcome>((resolve) => answers.push(resolve)),
  );
  return { scenario, answers };
}

/** Whether a promise has settled once the pending callbacks ran. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe("a proxied job in the step clock, seen through the job tools", () => {
  it("check_job at the step a job is due waits for the server's answer and shows the result", async () => {
    const { scenario, answers } = slowUpstream();
    const { call, client } = await connectInMemory({ scenario, clock: "step", mode: "async" });
    const started = await call("lookup", { key: "a" }); // step 1, due at step 3
    const jobId = (started.structuredContent as { job_id: string }).job_id;
    const early = await call("check_job", { job_id: jobId }); // step 2: not due, answers at once
    expect((early.structuredContent as { job: { status: string } }).job.status).toBe("working");

    const due = call("check_job", { job_id: jobId }); // step 3: due, the server has not answered
    expect(await hasSettled(due)).toBe(false);
    answers[0]?.({ result: { value: "A" } });
    const seen = (await due).structuredContent as {
      job: { status: string; result: unknown; ended_at: number };
    };
    expect(seen.job).toMatchObject({ status: "completed", result: { value: "A" }, ended_at: 3 });
    await client.close();
  });

  it("cancel_job of a job due but unanswered waits, then says the job has already completed", async () => {
    const { scenario, answers } = slowUpstream();
    const { call, client } = await connectInMemory({ scenario, clock: "step", mode: "async" });
    const started = await call("lookup", { key: "b" });
    const jobId = (started.structuredContent as { job_id: string }).job_id;
    await call("list_jobs"); // step 2
    const cancel = call("cancel_job", { job_id: jobId }); // step 3: due
    expect(await hasSettled(cancel)).toBe(false);
    // A call that does not look at jobs is not held back (it takes step 4).
    const tasks = await call("list_tasks");
    expect(tasks.isError).toBeFalsy();
    answers[0]?.({ result: "B" });
    const refused = await cancel;
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain("JOB_ALREADY_FINISHED");
    await client.close();
  });

  it("a client that gives up a check_job held by a slow server gets it answered as it stands, recorded as cancelled", async () => {
    const { scenario, answers } = slowUpstream();
    const { call, client, server } = await connectInMemory({ scenario, clock: "step", mode: "async" });
    const started = await call("lookup", { key: "c" });
    const jobId = (started.structuredContent as { job_id: string }).job_id;
    await call("list_jobs"); // step 2
    const giveUp = new AbortController();
    const held = client.callTool({ name: "check_job", arguments: { job_id: jobId } }, undefined, {
      signal: giveUp.signal,
    }); // step 3: due, unanswered
    expect(await hasSettled(held.catch(() => undefined))).toBe(false);
    giveUp.abort("the client stopped waiting");
    await expect(held).rejects.toThrow();
    // The session is not stuck behind the server: the next call is answered.
    expect((await call("list_tasks")).isError).toBeFalsy();
    answers[0]?.({ result: "C" });
    await call("finish");
    const recording = (server.session.sink as MemoryRecordingWriter).recording();
    const responses = recording.events.filter((e) => e.type === "response");
    expect(responses.find((e) => e.type === "response" && e.call === 3)).toMatchObject({
      clientCancelled: true,
    });
    expect(recording.events.some((e) => e.type === "client_cancel" && e.call === 3)).toBe(true);
    await client.close();
  });
});
