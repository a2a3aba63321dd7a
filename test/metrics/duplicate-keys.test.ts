import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../src/json.js";
import { findDuplicates } from "../../src/metrics/correctness.js";
import type { Call, Job } from "../../src/metrics/event-fold.js";
import type { Matching } from "../../src/metrics/matching.js";

/**
 * findDuplicates keys a call by its tool and canonical arguments, made once per arguments object
 * of a tool (the fold `report` reads with shares one object between the calls that repeat a
 * tool's arguments). The key must stay the tool's and the value's: calls built by hand here share
 * one object between tools, and hold equal values in objects of their own.
 */

const noMatching: Matching = { steps: [], byKey: new Map(), stepOfCall: new Map(), attempts: new Map() };

function call(index: number, tool: string, args: JsonValue): Call {
  const c = {
    index,
    call: index + 1,
    tool,
    kind: "scenario",
    args,
    request: index,
    response: null,
    job: null as Job | null,
  };
  // A job that completed: a later equal call is a duplicate of it.
  c.job = { status: "completed", finish: index } as unknown as Job;
  return c as Call;
}

describe("duplicate calls keyed by tool and arguments", () => {
  it("one arguments object shared by two tools is a duplicate only within each tool", () => {
    const shared = { key: "a" };
    const calls = [call(0, "fetch", shared), call(1, "quick", shared), call(2, "fetch", shared)];
    expect(findDuplicates(calls, noMatching).map((c) => c.index)).toEqual([2]);
  });

  it("equal values in objects of their own, keys in another order, are the same key", () => {
    const calls = [
      call(0, "combine", { left: "x", right: "y" }),
      call(1, "combine", { right: "y", left: "x" }),
      call(2, "combine", { left: "x", right: "z" }),
    ];
    expect(findDuplicates(calls, noMatching).map((c) => c.index)).toEqual([1]);
  });
});
