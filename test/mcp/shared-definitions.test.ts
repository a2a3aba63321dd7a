import { describe, expect, it } from "vitest";
import { episodeBrief } from "../../src/mcp/brief.js";
import { briefWithoutEpisode, createEpisodeServer, toolList } from "../../src/mcp/server.js";
import { jobTools } from "../../src/mcp/tools/index.js";
import { declaredScenario } from "../helpers/scenarios.js";

const scenario = declaredScenario();

function episodeServer(sessionId: string, mode?: "instant" | "sync" | "tasks", s = scenario) {
  return createEpisodeServer({
    scenario: s,
    seed: 1,
    recordingsDir: null,
    server: { name: "asynctool-mcp", version: "test" },
    sessionId,
    ...(mode ? { mode } : {}),
  });
}

describe("what the sessions of one scenario share", () => {
  it("one set of tool definitions per scenario, not one per session", () => {
    const a = episodeServer("session-a");
    const b = episodeServer("session-b", "instant");
    expect(b.session.tools).toBe(a.session.tools);
    expect([...a.session.tools.keys()]).toEqual([
      ...scenario.tools.keys(),
      ...jobTools.map((tool) => tool.name),
    ]);
    // Another scenario object gets its own, even with the same content.
    const other = declaredScenario();
    expect(episodeServer("session-c", undefined, other).session.tools).not.toBe(a.session.tools);
    // tools/list is made once for the sessions whose entries are the same: it differs only in
    // --mode tasks (the scenario tools' `execution`) and with an app page (its tools' `_meta`).
    expect(toolList(b.session)).toBe(toolList(a.session));
    const tasks = toolList(episodeServer("session-d", "tasks").session);
    expect(tasks).not.toBe(toolList(a.session));
    expect(tasks.filter((tool) => tool.execution !== undefined).map((tool) => tool.name)).toEqual([
      ...scenario.tools.keys(),
    ]);
    expect(toolList(a.session).filter((tool) => tool.execution !== undefined)).toEqual([]);
    expect(toolList(episodeServer("session-h", undefined, other).session)).not.toBe(toolList(a.session));
    expect(toolList(episodeServer("session-h", undefined, other).session)).toEqual(toolList(a.session));
  });

  it("the instructions made once per mode, clock and era, each as episodeBrief words it", () => {
    const async = episodeServer("session-e").session;
    const instant = episodeServer("session-f", "instant").session;
    const sync = episodeServer("session-g", "sync").session;
    for (const [session, mode] of [
      [async, scenario.mode],
      [instant, "instant"],
      [sync, "sync"],
    ] as const) {
      for (const era of ["2025-11-25", "2026-07-28"] as const) {
        const expected = episodeBrief({ scenario, mode, clockKind: scenario.clock }, era);
        expect(briefWithoutEpisode(session, era)).toBe(expected);
        expect(briefWithoutEpisode(session, era)).toBe(expected);
      }
    }
    expect(briefWithoutEpisode(instant)).not.toBe(briefWithoutEpisode(sync));
  });
});
