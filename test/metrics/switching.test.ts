import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/** Task switching on the declared scenario: chain = a (fetch, d=3) → b (combine, d=2); solo = c (fetch, d=3). */
const scenario = declaredScenario();

describe("task switching", () => {
  it("calls a switch productive when the task left had no ready step", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "a" }); // chain; ends 4
    const c = s.call(2, "fetch", { key: "c" }); // switch chain → solo: b waits on a, a started → productive
    s.wait(3, ["j1"]); // a seen at 4
    s.call(5, "combine", { left: "v-a", right: "b" }); // switch solo → chain: c started → productive
    s.wait(6, [c]);
    const m = computeMetrics(scenario, s.end());
    expect(m.switches).toBe(2);
    expect(m.productiveSwitchShare).toBe(1);
    expect(m.switching.list.map((x) => [x.from, x.to, x.at, x.productive])).toEqual([
      ["chain", "solo", 2, true],
      ["solo", "chain", 5, true],
    ]);
  });

  it("calls a switch unproductive when it abandons ready work", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" }); // chain; ends 4
    s.wait(2, [a]); // a seen at 4: chain/b ready from 4
    s.call(5, "fetch", { key: "c" }); // switch chain → solo while b is ready: unproductive
    s.call(6, "combine", { left: "v-a", right: "b" }); // switch solo → chain: c started → productive
    const m = computeMetrics(scenario, s.end());
    // 2 switches, 1 productive → 1/2.
    expect(m.switches).toBe(2);
    expect(m.productiveSwitchShare).toBe(0.5);
    expect(m.tasks.map((t) => [t.id, t.switchesAway, t.unproductiveSwitchesAway, t.switchesInto])).toEqual([
      ["chain", 1, 1, 1],
      ["solo", 1, 0, 1],
    ]);
    expect(m.switching.switchesPerTask).toBe(1);
  });

  it("ignores unmatched calls between matched calls of the same task", () => {
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" });
    s.call(2, "quick", { n: 1 }); // matches no step: belongs to no task
    s.wait(3, [a]);
    s.call(5, "combine", { left: "v-a", right: "b" });
    const m = computeMetrics(scenario, s.end());
    expect(m.switches).toBe(0);
    expect(m.productiveSwitchShare).toBeNull();
  });
});
