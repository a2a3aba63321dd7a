import { describe, expect, it } from "vitest";
import { type Job, transition } from "../../src/engine/job.js";
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
