import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import type { Job } from "../../src/engine/job.js";
import { describeHandle, jobHandle, jobView } from "../../src/mcp/job-view.js";
import { declaredScenario } from "../helpers/scenarios.js";

/** Jobs in every status a handle shows, on the step clock (no real time). */
function jobsOfEveryKind(): { episode: Episode; jobs: Record<string, Job> } {
  const episode = new Episode({ scenario: declaredScenario(), seed: 1, mode: "async", clock: "step" });
  let n = 0;
  const next = () => {
    n += 1;
    return episode.beginCall();
  };
  next();
  const completed = episode.startJob("quick", { n: 1 }, n);
  next();
  const failed = episode.startJob("quick", { n: 13 }, n);
  next();
  const cancelled = episode.startJob("fetch", { key: "c" }, n);
  episode.cancelJob(cancelled.id, "client");
  next();
  const other = episode.startJob("combine", { left: "x".repeat(40), right: "y" }, n);
  // The step clock jumps to the last of their ends; a job started after it is still working.
  void episode.wait([completed.id, failed.id, other.id], { all: true });
  next();
  const working = episode.startJob("fetch", { key: "w" }, n);
  return { episode, jobs: { working, completed, failed, cancelled, long: other } };
}

describe("jobView: the handle and its text made together", () => {
  const { episode, jobs } = jobsOfEveryKind();
  const cases = [
    ...Object.entries(jobs).map(([kind, job]) => ({ kind, job, options: { maxResultChars: 16_000 } })),
    // A result longer than the bound is paged: the first page, and one from an offset.
    { kind: "paged", job: jobs.long as Job, options: { maxResultChars: 10 } },
    { kind: "paged from an offset", job: jobs.long as Job, options: { maxResultChars: 10, offset: 20 } },
  ];

  it.each(cases)(
    "$kind: the same handle as jobHandle and the same text as describeHandle",
    ({ job, options }) => {
      const view = jobView(episode, job, options);
      expect(view.handle).toEqual(jobHandle(episode, job, options));
      expect(JSON.stringify(view.handle)).toBe(JSON.stringify(jobHandle(episode, job, options)));
      expect(view.text).toBe(describeHandle(view.handle));
    },
  );

  it("covers every status, a whole result and a paged one", () => {
    const views = cases.map(({ job, options }) => jobView(episode, job, options).handle);
    expect(new Set(views.map((h) => h.status))).toEqual(
      new Set(["working", "completed", "failed", "cancelled"]),
    );
    expect(views.some((h) => h.result !== undefined)).toBe(true);
    expect(views.filter((h) => h.result_page !== undefined).map((h) => h.result_page?.offset)).toEqual([
      0, 20,
    ]);
  });
});
