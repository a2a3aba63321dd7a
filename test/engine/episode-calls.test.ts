import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { checkArgs, Episode } from "../../src/engine/episode.js";
import { AsyncToolError } from "../../src/errors.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import type { ScenarioTool } from "../../src/scenarios/scenario.js";
import { declaredScenario } from "../helpers/scenarios.js";

/**
 * What a call meets before and as its job starts: the argument check's refusals in full, which
 * gold step a call is attributed to, and the job's numbering. Declared scenario: fetch 3,
 * combine 2, quick 1; tasks chain (a: fetch a, b: combine) and solo (c: fetch c).
 */
function stepEpisode(overrides: Parameters<typeof declaredScenario>[0] = {}) {
  let n = 0;
  return new Episode({
    scenario: declaredScenario(overrides),
    seed: 1,
    clock: "step",
    newJobId: () => `job-${++n}`,
  });
}

function refusal(fn: () => unknown): { code: string; message: string; retryable: boolean } | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AsyncToolError)
      return { code: error.code, message: error.message, retryable: error.retryable };
    throw error;
  }
  return undefined;
}

/** The declared `combine` tool with another input schema. */
function withInput(input: z.ZodObject): ScenarioTool {
  return { ...(declaredScenario().tools.get("combine") as ScenarioTool), input };
}

describe("the argument check of a simple schema", () => {
  it("says yes by hand, without parsing, and parses only what it is unsure of", () => {
    const tool = withInput(z.object({ q: z.string(), n: z.number().optional() }));
    const parse = vi.spyOn(tool.input, "safeParse");
    const args = { q: "gold", n: 2 };
    expect(checkArgs(tool, args)).toBe(args);
    expect(checkArgs(tool, { q: "gold" })).toEqual({ q: "gold" });
    expect(parse).not.toHaveBeenCalled();
    // Unsure (a number where a string goes): the schema parses and words the refusal.
    expect(refusal(() => checkArgs(tool, { q: 1 }))?.code).toBe("BAD_ARGUMENTS");
    expect(parse).toHaveBeenCalledTimes(1);
  });
});

describe("the argument check's refusals", () => {
  it("lists every argument a tool takes when it names an unknown one", () => {
    expect(refusal(() => stepEpisode().startJob("combine", { left: "p", right: "q", up: 1 }))).toEqual({
      code: "BAD_ARGUMENTS",
      message: 'combine has no argument "up"; it takes left, right. Call it again without it.',
      retryable: false,
    });
  });

  it("names at most five problems, joined by semicolons, with their argument's path", () => {
    const tool = withInput(
      z.object({
        a: z.number(),
        b: z.number(),
        c: z.number(),
        d: z.number(),
        e: z.number(),
        f: z.number(),
        place: z.object({ city: z.string() }),
      }),
    );
    const error = refusal(() => checkArgs(tool, { place: { city: 1 } }));
    expect(error?.code).toBe("BAD_ARGUMENTS");
    // Seven problems (a to f missing, place.city not a string): the first five are named.
    const problems = /\((.*)\)\. Call it again/.exec(error?.message ?? "")?.[1]?.split("; ") ?? [];
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "argument a",
      "argument b",
      "argument c",
      "argument d",
      "argument e",
    ]);
    const nested = refusal(() =>
      checkArgs(withInput(z.object({ place: z.object({ city: z.string() }) })), { place: { city: 1 } }),
    );
    expect(nested?.message).toMatch(
      /^combine was called with bad arguments \(argument place\.city: [^;]+\)\. /,
    );
  });

  it("says 'arguments' for a problem of the arguments as a whole", () => {
    const tool = withInput(
      z
        .object({ low: z.number(), high: z.number() })
        .refine((v) => v.low <= v.high, { message: "low must not be above high" }),
    );
    expect(refusal(() => checkArgs(tool, { low: 3, high: 1 }))?.message).toBe(
      "combine was called with bad arguments (arguments: low must not be above high). Call it again with arguments that fit its input schema.",
    );
  });
});

describe("a busy tool's refusal", () => {
  it("is retryable: the same call can succeed once a job of the tool ends", () => {
    const episode = stepEpisode({ faults: { fetch: { concurrency: 1 } } });
    episode.beginCall();
    episode.startJob("fetch", { key: "a" });
    expect(refusal(() => episode.startJob("fetch", { key: "c" }))).toMatchObject({
      code: "TOOL_BUSY",
      retryable: true,
    });
  });
});

describe("the gold step a call is attributed to", () => {
  it("is one of its own tool only, whatever the arguments", () => {
    // `peek` takes the same argument as fetch; peek {key: "a"} fits no step, though fetch {key: "a"} is step a.
    const scenario = compileScenario(
      {
        id: "two-tools",
        title: "Two tools with the same argument",
        tools: ["fetch", "peek"].map((name) => ({
          name,
          description: `${name} a key.`,
          input: { type: "object", properties: { key: { type: "string" } }, required: ["key"] },
          responses: [{ result: { value: "v-{{args.key}}" } }],
        })),
        latency: { fetch: 3, peek: 1 },
        tasks: [
          {
            id: "t",
            instruction: "Fetch a.",
            steps: [{ id: "a", tool: "fetch", args: { key: "a" } }],
            answer: { exact: "v-a" },
          },
        ],
      },
      { file: "two-tools.yaml" },
    );
    const episode = new Episode({ scenario, seed: 1, clock: "step" });
    episode.beginCall();
    expect(episode.startJob("peek", { key: "a" })).toMatchObject({ step: undefined, latency: 1 });
  });

  it("is the first free step it fits: a second identical call takes the next task's step", () => {
    // Tasks chain and solo both fetch key c here: the first call is chain's, the second solo's.
    const episode = stepEpisode({
      tasks: [
        {
          id: "chain",
          instruction: "Fetch c.",
          steps: [{ id: "a", tool: "fetch", args: { key: "c" } }],
          answer: { exact: "v-c" },
        },
        {
          id: "solo",
          instruction: "Fetch c too.",
          steps: [{ id: "c", tool: "fetch", args: { key: "c" } }],
          answer: { exact: "v-c" },
        },
      ],
    });
    episode.beginCall();
    expect(episode.startJob("fetch", { key: "c" }).step).toEqual({ task: "chain", step: "a" });
    expect(episode.startJob("fetch", { key: "c" }).step).toEqual({ task: "solo", step: "c" });
    // Both are held now: a third fits them and goes to the first.
    expect(episode.startJob("fetch", { key: "c" }).step).toEqual({ task: "chain", step: "a" });
  });
});

describe("jobs and waits", () => {
  it("numbers jobs from 1 in start order", () => {
    const episode = stepEpisode();
    episode.beginCall();
    expect([1, 2, 3].map((n) => episode.startJob("quick", { n }).seq)).toEqual([1, 2, 3]);
  });

  it("answers a wait for any of no jobs at once, without moving the clock", async () => {
    const episode = stepEpisode();
    episode.beginCall();
    episode.startJob("fetch", { key: "a" });
    expect(await episode.wait([], { all: false })).toEqual({ timedOut: false, aborted: false });
    expect(episode.now()).toBe(1);
  });
});
