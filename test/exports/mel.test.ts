import { describe, expect, it } from "vitest";
import { actionsOf } from "../../src/exports/actions.js";
import { bifurcation, lcsLength } from "../../src/exports/alignment.js";
import { taskCauses } from "../../src/exports/causes.js";
import { causeTable, type MelPair, melPairs } from "../../src/exports/mel.js";
import { melPairSchema } from "../../src/exports/schemas.js";
import { FAULTS, knownFrom, record, twoTaskScenario, view } from "./runs.js";

const scenario = twoTaskScenario();

/**
 * The sequential agent's actions on the two-task scenario, by hand: route's three steps in order,
 * each started then seen, its answer, then stock's step and answer.
 */
const SEQUENTIAL = [
  "do route.find",
  "see route.find",
  "do route.fare",
  "see route.fare",
  "do route.weather",
  "see route.weather",
  "answer route (right)",
  "do stock.quote",
  "see stock.quote",
  "answer stock (right)",
];

/**
 * What each scripted mistake must give, worked out from the scripts: where the failed run parts
 * from the sequential run (the first action that has no place in it), what it did there, what
 * the sequential run did, and the cause class.
 */
const EXPECTED: Record<string, { index: number; taken: string; successAction: string }> = {
  // Starts fare right after find, before find's result (with the code a previous run saw): its second action.
  "dependency violation": {
    index: 1,
    taken: "do route.fare (before its inputs were seen)",
    successAction: "see route.find",
  },
  // Calls get_weather for Lyon where the gold step wants Oslo: the fifth action.
  "wrong or missing step (wrong argument)": {
    index: 4,
    taken: 'call get_weather {"city":"Lyon"}',
    successAction: "do route.weather",
  },
  // Answers route without ever starting weather: the answer is ungrounded (weather never seen).
  "wrong or missing step (skipped)": {
    index: 4,
    taken: "answer route (right, before its results were seen)",
    successAction: "do route.weather",
  },
  // Starts weather and answers without collecting it; weather ends during stock's wait, unseen.
  "orphaned result": {
    index: 5,
    taken: "answer route (right, before its results were seen)",
    successAction: "see route.weather",
  },
  // Answers right after starting weather, then collects it.
  "ungrounded answer": {
    index: 5,
    taken: "answer route (right, before its results were seen)",
    successAction: "see route.weather",
  },
  // Answers 399 where fare returned 412.
  "wrong answer": { index: 6, taken: "answer route (wrong)", successAction: "answer route (right)" },
  // Finishes after route: stock is never started.
  "gave up": { index: 7, taken: "finish", successAction: "do stock.quote" },
};

const sequential = await record(scenario, "sequential");
const oracle = await record(scenario, "oracle");
const poller = await record(scenario, "poller");
const faulty = await Promise.all(
  Object.entries(FAULTS).map(async ([name, fault]) => ({
    name,
    recording: await record(scenario, {
      name: `faulty-${name}`,
      fault,
      known: knownFrom(view(scenario, sequential)),
    }),
  })),
);

function exportPairs(): MelPair[] {
  const episodes = [
    { name: "sequential", view: view(scenario, sequential) },
    { name: "oracle", view: view(scenario, oracle) },
    { name: "poller", view: view(scenario, poller) },
    ...faulty.map((f) => ({ name: f.name, view: view(scenario, f.recording) })),
  ];
  return [...melPairs(episodes).pairs];
}

describe("MEL pairs from reference agents and scripted mistakes", () => {
  const pairs = exportPairs();

  it("the sequential agent's actions are the ones worked out by hand, and the scripted agent without a mistake takes them too", async () => {
    expect(actionsOf(view(scenario, sequential)).map((a) => a.label)).toEqual(SEQUENTIAL);
    const clean = await record(scenario, { name: "clean", fault: { kind: "none" } });
    const v = view(scenario, clean);
    expect(v.success).toBe(true);
    expect(actionsOf(v).map((a) => a.label)).toEqual(SEQUENTIAL);
  });

  it("pairs every failed run, and only those, with the sequential run (the closest)", () => {
    expect(pairs.map((p) => p.failed.episode)).toEqual(Object.keys(FAULTS));
    for (const pair of pairs) expect(pair.successful.episode).toBe("sequential");
  });

  it.each(Object.keys(FAULTS))("%s: the bifurcation point and the cause class", (name) => {
    const pair = pairs.find((p) => p.failed.episode === name) as MelPair;
    const expected = EXPECTED[name] as (typeof EXPECTED)[string];
    expect(pair.bifurcation).toMatchObject({ kind: "unaligned", ...expected });
    expect(pair.cause).toBe(name.replace(/ \(.*\)$/, ""));
    // Only route went wrong, except when the agent gave up: then stock is the unanswered one.
    expect(pair.causes).toEqual([{ task: name === "gave up" ? "stock" : "route", cause: pair.cause }]);
  });

  it("each cause class agrees with the failed run's metrics", () => {
    for (const pair of pairs) {
      const recording = faulty.find((f) => f.name === pair.failed.episode)?.recording;
      if (!recording) throw new Error(pair.failed.episode);
      const v = view(scenario, recording);
      const m = v.metrics;
      const route = v.tasks.find((t) => t.metrics.id === "route");
      switch (pair.cause) {
        case "dependency violation":
          expect(m.correctness.violations).toBe(1);
          break;
        case "gave up":
          expect(m.correctness.unansweredTasks).toEqual(["stock"]);
          break;
        case "wrong or missing step":
          expect(m.steps.find((s) => s.step === "weather")?.job).toBeNull();
          break;
        case "orphaned result":
          expect(m.orphans).toBe(1);
          break;
        case "ungrounded answer":
          // Every step done and the answer right, but weather seen after the answer.
          expect(route?.metrics.answerCheck?.pass).toBe(true);
          expect(route?.grounded).toBe(false);
          break;
        case "wrong answer":
          expect(route?.metrics.answerCheck?.pass).toBe(false);
          break;
      }
      expect(taskCauses(v).map((c) => c.cause)).toContain(pair.cause);
    }
  });

  it("the bifurcation index is the first point where the alignment breaks", () => {
    for (const pair of pairs) {
      const f = pair.failed.actions.map((a) => a.label);
      const s = pair.successful.actions.map((a) => a.label);
      const b = pair.bifurcation.index;
      // Everything before it aligns with the successful run in order; with it, nothing does.
      expect(lcsLength(f.slice(0, b), s)).toBe(b);
      expect(lcsLength(f.slice(0, b + 1), s)).toBe(b);
    }
  });

  it("every line fits the published schema, and the summary counts each class", () => {
    for (const pair of pairs) expect(melPairSchema.safeParse(pair).success).toBe(true);
    expect(causeTable(pairs)).toEqual([
      { cause: "dependency violation", pairs: 1 },
      { cause: "gave up", pairs: 1 },
      { cause: "wrong or missing step", pairs: 2 },
      { cause: "orphaned result", pairs: 1 },
      { cause: "ungrounded answer", pairs: 1 },
      { cause: "wrong answer", pairs: 1 },
    ]);
  });

  it("the reference agents all succeed, so a failed-only group pairs nothing", () => {
    for (const r of [sequential, oracle, poller]) expect(view(scenario, r).success).toBe(true);
    const lone = melPairs([{ name: "x", view: view(scenario, faulty[0]?.recording ?? sequential) }]);
    expect(lone).toMatchObject({ pairs: [], unpaired: 1, groups: 1 });
  });
});

describe("bifurcation on label sequences", () => {
  it("an omission: the failed run's actions all align, but it skipped some of the successful run's", () => {
    // b is left out: c aligns only after skipping b, so the runs part at c (index 1).
    expect(bifurcation(["a", "c"], ["a", "b", "c"])).toEqual({ index: 1, successIndex: 1, kind: "omission" });
  });
  it("a run that stopped short parts at its end", () => {
    expect(bifurcation(["a"], ["a", "b"])).toEqual({ index: 1, successIndex: 1, kind: "stopped" });
  });
  it("an action out of the successful run's order breaks the alignment where it comes", () => {
    // "b" then "a": "a" has no place after "b" in [a, b, c].
    expect(bifurcation(["b", "a"], ["a", "b", "c"])).toEqual({
      index: 1,
      successIndex: 2,
      kind: "unaligned",
    });
  });
  it("identical runs do not part", () => {
    expect(bifurcation(["a"], ["a"])).toEqual({ index: 1, successIndex: 1, kind: "none" });
  });
});
