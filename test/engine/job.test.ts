import { describe, expect, it } from "vitest";
import { isFinal, type Job, transition } from "../../src/engine/job.js";
import { AsyncToolError } from "../../src/errors.js";

function job(): Job {
  return {
    id: "j1",
    seq: 1,
    tool: "t",
    args: {},
    call: 1,
    startedAt: 0,
    latency: 2,
    endsAt: 2,
    planned: "run",
    step: undefined,
    status: "working",
    endedAt: undefined,
    result: undefined,
    error: undefined,
    cancelledBy: undefined,
  };
}

describe("job lifecycle", () => {
  it.each(["completed", "failed", "cancelled", "expired"] as const)("goes from working to %s", (to) => {
    const j = job();
    transition(j, to, 2);
    expect(j.status).toBe(to);
    expect(j.endedAt).toBe(2);
  });

  it.each(["completed", "failed", "cancelled", "expired"] as const)("refuses any move out of %s", (from) => {
    const j = job();
    transition(j, from, 1);
    for (const to of ["completed", "failed", "cancelled", "expired"] as const) {
      let error: unknown;
      try {
        transition(j, to, 3);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AsyncToolError);
      expect((error as AsyncToolError).code).toBe("JOB_INVALID_TRANSITION");
      expect(j.status).toBe(from);
    }
  });
});

describe("what a transition records", () => {
  it("keeps a completed job's result, null when it gave none", () => {
    const done = job();
    transition(done, "completed", 2, { result: { value: 1 } });
    expect(done.result).toEqual({ value: 1 });
    const empty = job();
    transition(empty, "completed", 2);
    expect(empty.result).toBeNull();
  });

  it("gives no result to a job that did not complete, and keeps the error it failed with", () => {
    const error = { code: "UPSTREAM_TIMEOUT", message: "timed out", retryable: true };
    const failed = job();
    transition(failed, "failed", 2, { error });
    expect(failed).toMatchObject({ status: "failed", result: undefined, error, cancelledBy: undefined });
    const expired = job();
    transition(expired, "expired", 2);
    expect(expired).toMatchObject({ result: undefined, error: undefined, cancelledBy: undefined });
  });

  it("names who cancelled a job: the agent unless told otherwise", () => {
    const byAgent = job();
    transition(byAgent, "cancelled", 1);
    expect(byAgent.cancelledBy).toBe("agent");
    const byServer = job();
    transition(byServer, "cancelled", 1, { by: "server" });
    expect(byServer.cancelledBy).toBe("server");
  });

  it("says in the refusal what the job is and what it cannot become", () => {
    const j = job();
    transition(j, "completed", 1);
    expect(() => transition(j, "cancelled", 2)).toThrow(
      "job j1 is completed; a job moves only from working to a final status, so it cannot become cancelled",
    );
  });

  it("treats every status but working as final", () => {
    expect(isFinal("working")).toBe(false);
    for (const s of ["completed", "failed", "cancelled", "expired"] as const) expect(isFinal(s)).toBe(true);
  });
});
