import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../../src/json.js";
import type { Job } from "../../src/metrics/inputs.js";
import { replayFinalState } from "../../src/metrics/state.js";
import type { EpisodeIds, Scenario } from "../../src/scenarios/scenario.js";

/**
 * The final-state replay (metrics.md, rule 9 of the choices), on hand-built jobs and a scenario of two
 * toy tools over a domain `log` (initial state `{ entries: ["start"] }`): `append` pushes its
 * `entry` argument (or "none" when it has none) and the id rule's name; `explode` throws what
 * its `throw` argument says. Each expected state is worked out from the jobs of its test.
 */

const ids = { rule: "seeded", forDomain: () => ({}) } as unknown as EpisodeIds;

function scenario(): Scenario {
  const initialState: JsonObject = { entries: ["start"] };
  const append = {
    run(states: Record<string, JsonObject>, args: JsonObject, given?: EpisodeIds): JsonValue {
      const log = states.log as { entries: JsonValue[] };
      log.entries.push(`${String(args.entry ?? "none")}/${given?.rule ?? "no ids"}`);
      return null;
    },
  };
  const explode = {
    run(_states: Record<string, JsonObject>, args: JsonObject): JsonValue {
      if (args.throw === "error") throw new Error("the booking does not exist");
      throw args.throw;
    },
  };
  return {
    domains: [{ name: "log", initialState }],
    tools: new Map<string, unknown>([
      ["append", append],
      ["explode", explode],
    ]),
  } as unknown as Scenario;
}

/** Job `n`, of `tool`, with these arguments, that ended with `status` as final event `order`. */
function job(n: number, tool: string, args: JsonValue, order: number | null, status = "completed"): Job {
  return { n, id: `j${n}`, tool, args, status, finalOrder: order } as unknown as Job;
}

describe("replayFinalState", () => {
  it("runs the completed jobs in the order they completed, not the order they started", () => {
    const s = scenario();
    const jobs = [
      job(1, "append", { entry: "a" }, 2),
      job(2, "append", { entry: "b" }, 0),
      job(3, "append", { entry: "c" }, 1),
    ];
    const outcome = replayFinalState(s, jobs, ids);
    expect(outcome.states).toEqual({ log: { entries: ["start", "b/seeded", "c/seeded", "a/seeded"] } });
    expect(outcome.failures).toEqual([]);
  });

  it("leaves out failed, cancelled and still working jobs", () => {
    const jobs = [
      job(1, "append", { entry: "failed" }, 0, "failed"),
      job(2, "append", { entry: "cancelled" }, 1, "cancelled"),
      job(3, "append", { entry: "working" }, null, "working"),
      job(4, "append", { entry: "done" }, 2),
    ];
    expect(replayFinalState(scenario(), jobs, ids).states.log).toEqual({ entries: ["start", "done/seeded"] });
  });

  it("works on a copy: the scenario's initial state is the same afterwards", () => {
    const s = scenario();
    replayFinalState(s, [job(1, "append", { entry: "a" }, 0)], ids);
    expect(s.domains[0]?.initialState).toEqual({ entries: ["start"] });
  });

  it("skips a job of a tool the scenario does not have, without a failure", () => {
    const jobs = [job(1, "vanished", { entry: "x" }, 0), job(2, "append", { entry: "y" }, 1)];
    const outcome = replayFinalState(scenario(), jobs, ids);
    expect(outcome.states.log).toEqual({ entries: ["start", "y/seeded"] });
    expect(outcome.failures).toEqual([]);
  });

  it("runs a job whose recorded arguments are not an object with no arguments", () => {
    const jobs = [job(1, "append", ["entry"], 0), job(2, "append", "entry", 1), job(3, "append", null, 2)];
    expect(replayFinalState(scenario(), jobs, ids).states.log).toEqual({
      entries: ["start", "none/seeded", "none/seeded", "none/seeded"],
    });
  });

  it("passes the episode's id rule to every tool", () => {
    const counter = { rule: "counter", forDomain: () => ({}) } as unknown as EpisodeIds;
    expect(replayFinalState(scenario(), [job(1, "append", {}, 0)], counter).states.log).toEqual({
      entries: ["start", "none/counter"],
    });
  });

  it("reports each job that throws, by its number, with the error's message or the thrown value, and goes on", () => {
    const jobs = [
      job(7, "explode", { throw: "error" }, 0),
      job(8, "append", { entry: "after" }, 1),
      job(9, "explode", { throw: "a bare string" }, 2),
      job(10, "explode", { throw: 42 }, 3),
    ];
    const outcome = replayFinalState(scenario(), jobs, ids);
    expect(outcome.failures).toEqual([
      { job: 7, message: "the booking does not exist" },
      { job: 9, message: "a bare string" },
      { job: 10, message: "42" },
    ]);
    expect(outcome.states.log).toEqual({ entries: ["start", "after/seeded"] });
  });
});
