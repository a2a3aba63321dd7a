import { describe, expect, it } from "vitest";
import { Episode } from "../../src/engine/episode.js";
import { AsyncToolError } from "../../src/errors.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import type { Scenario, ScenarioTool } from "../../src/scenarios/scenario.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * The engine's rules that the agent meets as refusals and outcomes: the text of every error it
 * can cause (each says what to do next), the caps and time-to-live at their bounds, and the
 * episode's life cycle. The declared scenario: fetch (latency 3), combine (2), quick (1);
 * tasks chain (a → b) and solo (c).
 */
function ids() {
  let n = 0;
  return () => `job-${++n}`;
}

function episodeOf(scenario: Scenario, options: { maxJobs?: number } = {}) {
  return new Episode({ scenario, seed: 1, clock: "step", newJobId: ids(), ...options });
}

function stepEpisode(overrides: Parameters<typeof declaredScenario>[0] = {}) {
  return episodeOf(declaredScenario(overrides));
}

/** The refusal a call meets: its code and its whole message. */
function refusal(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AsyncToolError) return { code: error.code, message: error.message };
    throw error;
  }
  return undefined;
}

describe("the refusals an agent meets, word for word", () => {
  it("names an unknown job, tool and task, and lists what exists", () => {
    const episode = stepEpisode();
    episode.beginCall();
    expect(refusal(() => episode.job("job-9"))).toEqual({
      code: "JOB_NOT_FOUND",
      message:
        'No job "job-9" in this session. Use the job_id exactly as a tool returned it; list_jobs shows every job of this session.',
    });
    expect(refusal(() => episode.startJob("teleport", {}))).toEqual({
      code: "TOOL_NOT_FOUND",
      message: 'This episode has no tool "teleport". Its tools are fetch, combine, quick.',
    });
    expect(refusal(() => episode.submitAnswer("nope", "x"))).toEqual({
      code: "TASK_NOT_FOUND",
      message: 'This episode has no task "nope". Its tasks are chain, solo (list_tasks shows them).',
    });
  });

  it("says how many calls and jobs an episode allows", () => {
    const episode = stepEpisode({ limits: { maxJobs: 2, maxCalls: 1 } });
    episode.beginCall();
    episode.startJob("quick", { n: 1 });
    episode.startJob("quick", { n: 2 });
    expect(refusal(() => episode.startJob("quick", { n: 3 }))).toEqual({
      code: "JOB_LIMIT",
      message:
        "This episode allows at most 2 jobs, and that many were started. Submit your answers with submit_answer, or call finish.",
    });
    expect(refusal(() => episode.beginCall())).toEqual({
      code: "CALL_LIMIT",
      message:
        "This episode accepts at most 1 tool calls, and that many were made. Submit your answers with submit_answer, or call finish.",
    });
  });

  it("says a busy tool's limit in the singular and the plural", () => {
    const one = stepEpisode({ faults: { fetch: { concurrency: 1 } } });
    one.beginCall();
    one.startJob("fetch", { key: "a" });
    expect(refusal(() => one.startJob("fetch", { key: "c" }))).toEqual({
      code: "TOOL_BUSY",
      message:
        "fetch is busy: it runs at most 1 job at once and one is still working. Wait for one of them (wait_for_jobs), then call it again.",
    });
    const two = stepEpisode({ faults: { fetch: { concurrency: 2 } } });
    two.beginCall();
    two.startJob("fetch", { key: "a" });
    two.startJob("fetch", { key: "c" });
    expect(refusal(() => two.startJob("fetch", { key: "x" }))).toEqual({
      code: "TOOL_BUSY",
      message:
        "fetch is busy: it runs at most 2 jobs at once and 2 are still working. Wait for one of them (wait_for_jobs), then call it again.",
    });
  });

  it("counts only the busy tool's own working jobs", () => {
    // Two quick jobs working do not make fetch (limit 1) busy.
    const episode = stepEpisode({
      faults: { fetch: { concurrency: 1 } },
      latency: { fetch: 3, combine: 2, quick: 5 },
    });
    episode.beginCall();
    episode.startJob("quick", { n: 1 });
    episode.startJob("quick", { n: 2 });
    expect(episode.startJob("fetch", { key: "a" }).status).toBe("working");
  });

  it("refuses to cancel a finished job, saying how it ended", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const done = episode.startJob("quick", { n: 1 });
    const failed = episode.startJob("quick", { n: 13 }); // the tool's declared error
    await episode.wait([done.id, failed.id], { all: true });
    expect(refusal(() => episode.cancelJob(done.id, "agent"))).toEqual({
      code: "JOB_ALREADY_FINISHED",
      message:
        "Job job-1 has already completed, so there is nothing to cancel. Read its outcome with check_job.",
    });
    expect(refusal(() => episode.cancelJob(failed.id, "agent"))?.message).toBe(
      "Job job-2 has already ended (failed), so there is nothing to cancel. Read its outcome with check_job.",
    );
  });

  it("refuses every call after the end, naming how it ended", () => {
    const episode = stepEpisode();
    episode.beginCall();
    episode.end("finished");
    expect(refusal(() => episode.beginCall())).toEqual({
      code: "EPISODE_OVER",
      message:
        "This episode has ended (finished); no further calls are accepted. Start a new session for a new episode.",
    });
    expect(refusal(() => episode.startJob("quick", { n: 1 }))?.code).toBe("EPISODE_OVER");
    expect(refusal(() => episode.submitAnswer("solo", "v-c"))?.code).toBe("EPISODE_OVER");
  });
});

describe("arguments, checked before a job starts", () => {
  it("refuses arguments that are not an object, naming what they are", () => {
    const episode = stepEpisode();
    episode.beginCall();
    expect(refusal(() => episode.startJob("fetch", ["a"]))?.message).toBe(
      "fetch takes its arguments as an object of named values, not a list. Call it again with an object.",
    );
    expect(refusal(() => episode.startJob("fetch", "a"))?.message).toBe(
      "fetch takes its arguments as an object of named values, not string. Call it again with an object.",
    );
  });

  it("names one unknown argument or several, and the ones the tool takes", () => {
    const episode = stepEpisode();
    episode.beginCall();
    expect(refusal(() => episode.startJob("fetch", { key: "a", colour: "red" }))?.message).toBe(
      'fetch has no argument "colour"; it takes key. Call it again without it.',
    );
    expect(refusal(() => episode.startJob("fetch", { key: "a", colour: "red", size: 2 }))?.message).toBe(
      'fetch has no arguments "colour", "size"; it takes key. Call it again without them.',
    );
    expect(episode.jobs()).toHaveLength(0);
  });

  it("says a tool without arguments takes none", () => {
    const scenario = compileScenario(
      {
        id: "no-arguments",
        title: "A tool without arguments",
        tools: [
          {
            name: "ping",
            description: "Answers pong.",
            input: { type: "object", properties: {} },
            responses: [{ result: { pong: true } }],
          },
        ],
        latency: { ping: 1 },
        tasks: [
          {
            id: "t",
            instruction: "Ping.",
            steps: [{ id: "p", tool: "ping", args: {} }],
            answer: { any: true },
          },
        ],
      },
      { file: "no-arguments.yaml" },
    );
    const episode = episodeOf(scenario);
    episode.beginCall();
    expect(refusal(() => episode.startJob("ping", { x: 1 }))?.message).toBe(
      'ping has no argument "x"; it takes none. Call it again without it.',
    );
    // No arguments at all is an empty object, not a refusal.
    expect(episode.startJob("ping", undefined).args).toEqual({});
  });

  it("names the argument whose value does not fit the schema", () => {
    const episode = stepEpisode();
    episode.beginCall();
    expect(refusal(() => episode.startJob("fetch", { key: 3 }))?.message).toMatch(
      /^fetch was called with bad arguments \(argument key: [^;]+\)\. Call it again with arguments that fit its input schema\.$/,
    );
  });
});

describe("how a job ends", () => {
  it("fails a job by the tool's failure rate with a retryable error that says to start it again", async () => {
    const episode = stepEpisode({ faults: { quick: { failureRate: 1 } } });
    episode.beginCall();
    const job = episode.startJob("quick", { n: 1 });
    await episode.wait([job.id], { all: true });
    expect(job.status).toBe("failed");
    expect(job.error).toEqual({
      code: "JOB_FAILED_TRANSIENT",
      message: "quick failed with a transient error. Start the same call again; it may succeed.",
      retryable: true,
    });
  });

  it("never fails a job when the failure rate is 0", async () => {
    const episode = stepEpisode({ faults: { quick: { failureRate: 0 } } });
    episode.beginCall();
    const jobs = [1, 2, 3, 4, 5].map((n) => episode.startJob("quick", { n }));
    await episode.wait(
      jobs.map((j) => j.id),
      { all: true },
    );
    expect(jobs.map((j) => j.status)).toEqual([
      "completed",
      "completed",
      "completed",
      "completed",
      "completed",
    ]);
  });

  it("expires a job whose latency is longer than its time-to-live, and runs one exactly as long", async () => {
    const episode = stepEpisode({ faults: { fetch: { timeout: 3 }, combine: { timeout: 1 } } });
    episode.beginCall(); // t = 1
    const fits = episode.startJob("fetch", { key: "a" }); // latency 3 = timeout 3: runs, ends at 4
    const over = episode.startJob("combine", { left: "p", right: "q" }); // latency 2 > 1: expires at 2
    expect([fits.planned, fits.endsAt]).toEqual(["run", 4]);
    expect([over.planned, over.endsAt]).toEqual(["expire", 2]);
    await episode.wait([fits.id, over.id], { all: true });
    expect(fits.status).toBe("completed");
    expect(over.status).toBe("expired");
    expect(over.endedAt).toBe(2);
    expect(over.error).toEqual({
      code: "JOB_EXPIRED",
      message:
        "combine did not finish within its time limit and was abandoned. Start it again if you still need it.",
      retryable: true,
    });
  });

  it("takes the shorter of the tool's timeout and the episode's job time-to-live", () => {
    // fetch: timeout 5, jobTtl 2 → expires at 1 + 2 = 3. quick (no timeout): jobTtl alone.
    const both = stepEpisode({ faults: { fetch: { timeout: 5 } }, limits: { jobTtl: 2 } });
    both.beginCall();
    expect(both.startJob("fetch", { key: "a" }).endsAt).toBe(3);
    const ttlOnly = stepEpisode({ limits: { jobTtl: 2 }, latency: { fetch: 3, combine: 2, quick: 4 } });
    ttlOnly.beginCall();
    expect(ttlOnly.startJob("quick", { n: 1 })).toMatchObject({ planned: "expire", endsAt: 3 });
    const timeoutOnly = stepEpisode({ faults: { fetch: { timeout: 2 } } });
    timeoutOnly.beginCall();
    expect(timeoutOnly.startJob("fetch", { key: "a" })).toMatchObject({ planned: "expire", endsAt: 3 });
  });

  it("fails a job whose tool broke, as the simulator's fault", async () => {
    const base = declaredScenario();
    const quick = base.tools.get("quick") as ScenarioTool;
    const broken: ScenarioTool = {
      ...quick,
      run: () => {
        throw new Error("disk full");
      },
    };
    const scenario: Scenario = { ...base, tools: new Map([...base.tools, ["quick", broken]]) };
    const episode = episodeOf(scenario);
    episode.beginCall();
    const job = episode.startJob("quick", { n: 1 });
    await episode.wait([job.id], { all: true });
    expect(job.error).toEqual({
      code: "TOOL_INTERNAL",
      message: "quick failed unexpectedly (disk full). This is a fault of the simulator, not of your call.",
      retryable: false,
    });
  });
});

describe("the episode's life cycle", () => {
  it("is running until it ends, and lists the tasks still without an answer", () => {
    const episode = stepEpisode();
    expect(episode.status).toBe("running");
    expect(episode.ended).toBe(false);
    expect(episode.unansweredTasks()).toEqual(["chain", "solo"]);
    episode.beginCall();
    const answer = episode.submitAnswer("chain", "x");
    expect(answer).toEqual({ task: "chain", answer: "x", at: 1 });
    expect(episode.answers()).toEqual([answer]);
    expect(episode.unansweredTasks()).toEqual(["solo"]);
  });

  it("ends once: a second end changes nothing and emits nothing", () => {
    const episode = stepEpisode();
    const ends: string[] = [];
    episode.on((event) => {
      if (event.type === "end") ends.push(`${event.status}:${event.reason}`);
    });
    episode.end("finished", "the agent called finish");
    episode.end("timeout", "later");
    expect(episode.status).toBe("finished");
    expect(ends).toEqual(["finished:the agent called finish"]);
    // Already over: endIfAllAnswered reports it, with tasks still unanswered.
    expect(episode.endIfAllAnswered()).toBe(true);
  });

  it("stops telling a listener once it unsubscribed", () => {
    const episode = stepEpisode();
    const seen: string[] = [];
    const off = episode.on((event) => seen.push(event.type));
    episode.beginCall();
    episode.startJob("quick", { n: 1 });
    off();
    episode.startJob("quick", { n: 2 });
    expect(seen).toEqual(["job"]);
  });

  it("applies a server-wide cap on jobs only when lower than the scenario's", () => {
    const capped = episodeOf(declaredScenario({ limits: { maxJobs: 3 } }), { maxJobs: 1 });
    capped.beginCall();
    capped.startJob("quick", { n: 1 });
    expect(refusal(() => capped.startJob("quick", { n: 2 }))?.code).toBe("JOB_LIMIT");
    const loose = episodeOf(declaredScenario({ limits: { maxJobs: 1 } }), { maxJobs: 5 });
    loose.beginCall();
    loose.startJob("quick", { n: 1 });
    expect(refusal(() => loose.startJob("quick", { n: 2 }))?.code).toBe("JOB_LIMIT");
  });

  it("answers a wait on no jobs, or after the end, at once without moving the clock", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    const job = episode.startJob("fetch", { key: "a" }); // ends at 4
    expect(await episode.wait([], { all: true })).toEqual({ timedOut: false, aborted: false });
    expect(episode.now()).toBe(1);
    episode.end("finished");
    expect(await episode.wait([job.id], { all: true })).toEqual({ timedOut: false, aborted: false });
    expect(episode.now()).toBe(1);
  });

  it("stops the step clock at the time limit during a wait, finishing only the jobs due by then", async () => {
    // timeLimit 5; a quick job ends at 2, a fetch at 4 and a combine (latency 6) at 7.
    const episode = stepEpisode({ limits: { timeLimit: 5 }, latency: { fetch: 3, combine: 6, quick: 1 } });
    episode.beginCall(); // t = 1
    const quick = episode.startJob("quick", { n: 1 });
    const fetch = episode.startJob("fetch", { key: "a" });
    const long = episode.startJob("combine", { left: "p", right: "q" });
    const outcome = await episode.wait([long.id], { all: true });
    expect(episode.now()).toBe(5);
    expect(episode.status).toBe("timeout");
    expect([quick.status, fetch.status, long.status]).toEqual(["completed", "completed", "working"]);
    expect(outcome).toEqual({ timedOut: false, aborted: false });
  });
});
