import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

const scenario = declaredScenario();

describe("cost", () => {
  it("counts agent calls, scenario-tool calls and polls against the gold minimum N", () => {
    const s = new Session(scenario);
    s.other(1, "list_tasks");
    const a = s.call(2, "fetch", { key: "a" });
    s.check(3, a);
    s.other(4, "no_such_tool"); // a tool the episode does not have
    s.wait(5, [a]);
    s.answer(6, "chain", "v-a");
    const m = computeMetrics(scenario, s.end());
    // 6 calls: 1 scenario tool, 4 job tools, 1 unknown; 1 poll. N = 3 steps + 2 tasks = 5.
    expect(m.agentCalls).toBe(6);
    expect(m.cost).toMatchObject({
      agentCalls: 6,
      scenarioToolCalls: 1,
      jobToolCalls: 4,
      unknownToolCalls: 1,
      polls: 1,
      goldMinimum: 5,
      agentCallsPerMinimum: 6 / 5,
      scenarioToolCallsPerMinimum: 1 / 5,
      pollsPerMinimum: 1 / 5,
    });
    // The unknown tool is not a scenario-tool call: precision is 1/1.
    expect(m.stepPrecision).toBe(1);
  });
});
