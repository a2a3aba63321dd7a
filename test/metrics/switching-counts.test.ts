import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/** Per-task switch counts on the declared scenario: chain = a (fetch) → b (combine); solo = c (fetch). */
const scenario = declaredScenario();

describe("task switching: per-task counts", () => {
  it("one switch counts away from the task left and into the task entered, nowhere else", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // chain; ends 4
    const c = s.call(2, "fetch", { key: "c" }); // chain → solo: b waits on a, so productive
    s.wait(3, [a, c]); // both seen by 5
    const m = computeMetrics(scenario, s.end());
    expect(m.switches).toBe(1);
    // chain: left once, never entered; solo: entered once, never left.
    expect(m.tasks.map((t) => [t.id, t.switchesAway, t.unproductiveSwitchesAway, t.switchesInto])).toEqual([
      ["chain", 1, 0, 0],
      ["solo", 0, 0, 1],
    ]);
    // 1 switch over 2 tasks.
    expect(m.switching.switchesPerTask).toBe(0.5);
    expect(m.switching.list.map((x) => [x.fromCall, x.toCall])).toEqual([[1, 2]]);
  });
});
