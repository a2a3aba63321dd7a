import { describe, expect, it } from "vitest";
import { connectInMemory } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";

interface WaitResult {
  jobs: { job_id: string; status: string }[];
  still_working: string[];
}

/**
 * wait_for_jobs with no ids, in the step clock. `quick` has latency 1: started by call 1 (t = 1),
 * it ends at 2. The wait is call 2: its request ticks the clock to 2, which finishes the job
 * before the tool runs — so "every job still working" alone would find nothing to wait for and
 * leave the job unseen. The default also takes jobs that ended without being reported.
 */
describe("wait_for_jobs without ids", () => {
  it("delivers a job that ended at the tick of the wait", async () => {
    const { call, server } = await connectInMemory({ scenario: declaredScenario(), clock: "step" });
    const started = (await call("quick", { n: 1 })).structuredContent as { job_id: string; status: string };
    expect(started.status).toBe("working");
    const waited = (await call("wait_for_jobs", {})).structuredContent as unknown as WaitResult;
    expect(waited.jobs.map((j) => [j.job_id, j.status])).toEqual([[started.job_id, "completed"]]);
    expect(waited.still_working).toEqual([]);
    // Reported once, it is no longer part of the default: the next wait has nothing to wait for.
    const again = (await call("wait_for_jobs", {})).structuredContent as unknown as WaitResult;
    expect(again.jobs).toEqual([]);
    await server.close();
  });

  it("still waits for the jobs at work, and returns the unreported ended ones with them", async () => {
    const { call, server } = await connectInMemory({ scenario: declaredScenario(), clock: "step" });
    // fetch (latency 3) at t = 1 ends at 4; quick (latency 1) at t = 2 ends at 3.
    const fetch = (await call("fetch", { key: "a" })).structuredContent as { job_id: string };
    const quick = (await call("quick", { n: 2 })).structuredContent as { job_id: string };
    // The wait is call 3 at t = 3: quick has just ended unreported, fetch is working. Mode any is
    // met by quick at once, so the clock stays at 3 and fetch is still working.
    const waited = (await call("wait_for_jobs", {})).structuredContent as unknown as WaitResult;
    expect(Object.fromEntries(waited.jobs.map((j) => [j.job_id, j.status]))).toEqual({
      [fetch.job_id]: "working",
      [quick.job_id]: "completed",
    });
    expect(waited.still_working).toEqual([fetch.job_id]);
    await server.close();
  });
});
