import { describe, expect, it } from "vitest";
import { CATALOGUE, type MetricCatalogue, type MetricEntry } from "../../src/metrics/catalog.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { Session } from "./session.js";

/**
 * What computeMetrics puts together from the metric families: the order of the figures in the
 * report, the clock's unit, δ set by the caller, the notes on how the figures were obtained, and
 * the per-task and per-step rows. The declared scenario: `chain` = a (fetch key=a, d=3) → b
 * (combine left=$from a.value, right=b, d=2); `solo` = c (fetch key=c, d=3).
 */
const scenario = declaredScenario();

/** The JSON report's order of the shipped headline figures (reports stay byte-identical). */
const JSON_ORDER = [
  "stepPrecision",
  "stepRecall",
  "stepF1",
  "taskSuccessRate",
  "episodeSuccess",
  "dependencyViolationRate",
  "ungroundedAnswers",
  "makespan",
  "sequentialBound",
  "bestMakespan",
  "speedup",
  "optimality",
  "normalizedEfficiency",
  "successWeightedEfficiency",
  "meanConcurrency",
  "peakConcurrency",
  "idleShare",
  "avoidableIdleShare",
  "pickupLatencyMean",
  "pickupLatencyP95",
  "polls",
  "wastedPolls",
  "pollEfficiency",
  "busyWaitRuns",
  "switches",
  "productiveSwitchShare",
  "worstTaskStretch",
  "orphans",
  "duplicates",
  "agentCalls",
];

/** The rest of the report, after the headline figures, in its order. */
const DETAIL_KEYS = [
  "clock",
  "unit",
  "delta",
  "deltaSource",
  "deltaGaps",
  "end",
  "endStatus",
  "truncated",
  "tasks",
  "steps",
  "correctness",
  "time",
  "polling",
  "switching",
  "cost",
  "notes",
];

/** A full run of both tasks: a, c, then b once a is seen, then both answers. */
function fullRun(options: ConstructorParameters<typeof Session>[1] = {}) {
  const s = new Session(scenario, options);
  const a = s.call(1, "fetch", { key: "a" });
  const c = s.call(2, "fetch", { key: "c" });
  s.wait(3, [a]);
  const b = s.call(5, "combine", { left: "v-a", right: "b" });
  s.wait(6, [b, c]);
  s.answer(8, "chain", "v-a+b");
  s.answer(9, "solo", "v-c");
  return s;
}

const toy = (name: string): MetricEntry => ({
  name,
  label: name,
  unit: "answers",
  direction: "higher",
  description: "A toy figure.",
  over: { kind: "sum", head: name },
  shown: ["episode"],
  value: () => 1,
});

describe("the order of the report's figures", () => {
  it("lists the shipped headline figures in the JSON report's order, then the details", () => {
    const m = computeMetrics(scenario, fullRun().end());
    expect(Object.keys(m)).toEqual([...JSON_ORDER, ...DETAIL_KEYS]);
  });

  it("puts figures a catalogue adds after the shipped ones, in catalogue order", () => {
    const catalogue: MetricCatalogue = [toy("zeta"), ...CATALOGUE, toy("alpha")];
    const m = computeMetrics(scenario, fullRun().end(), { catalogue });
    expect(Object.keys(m)).toEqual([...JSON_ORDER, "zeta", "alpha", ...DETAIL_KEYS]);
    expect((m as unknown as Record<string, number>).zeta).toBe(1);
  });

  it("leaves out a shipped figure the catalogue does not have", () => {
    const catalogue = CATALOGUE.filter((e) => e.name !== "stepF1" && e.name !== "agentCalls");
    const m = computeMetrics(scenario, fullRun().end(), { catalogue });
    expect(Object.keys(m)).toEqual([
      ...JSON_ORDER.filter((name) => name !== "stepF1" && name !== "agentCalls"),
      ...DETAIL_KEYS,
    ]);
  });
});

describe("the clock and δ", () => {
  it("gives times in steps in the step clock and in ms in the wall clock", () => {
    expect(computeMetrics(scenario, fullRun().end()).unit).toBe("steps");
    const wall = computeMetrics(scenario, fullRun({ clock: "wall" }).end());
    expect(wall.clock).toBe("wall");
    expect(wall.unit).toBe("ms");
  });

  it("uses the caller's δ, keeps how it would have been measured, and says so", () => {
    // A wall-clock log with one call: no turn gap to measure (source none, 0 gaps).
    const s = new Session(scenario, { clock: "wall" });
    s.call(10, "fetch", { key: "c" }, { respondAt: 12 });
    const m = computeMetrics(scenario, s.end("disconnected"), { delta: 7 });
    expect([m.delta, m.deltaSource, m.deltaGaps]).toEqual([7, "none", 0]);
    // The caller's note replaces the "no gap" note.
    expect(m.notes).toEqual(["δ was set to 7 by the caller."]);
  });

  it("keeps the measured δ, source and gaps when the caller sets none", () => {
    const m = computeMetrics(scenario, fullRun().end());
    // Step clock: δ is one step, by definition of the clock.
    expect(m.delta).toBe(1);
    expect(m.notes).toEqual([]);
  });
});

describe("notes", () => {
  it("names a truncated log's last time", () => {
    const s = new Session(scenario);
    s.call(1, "fetch", { key: "a" });
    s.unanswered(5, "combine", { left: "v-a", right: "b" });
    const m = computeMetrics(scenario, s.truncate());
    expect(m.notes[0]).toBe(
      "The log has no end line (the server stopped mid-session): scored as ended at its last event, t = 5.",
    );
  });

  it("says how many events had fields cut to the recording's caps", () => {
    // One request event marked as cut (its args): one note, naming the field.
    const recording = fullRun().end();
    const events = recording.events.map((e, i) => (i === 0 ? { ...e, truncated: { args: 5000 } } : e));
    const m = computeMetrics(scenario, { ...recording, events } as typeof recording);
    expect(m.notes).toEqual([
      "1 event of the recording had fields cut to the recording's caps (args): what the client sent there is not recorded in full.",
    ]);
  });

  it("names the steps the recording's schedule has no latency for", () => {
    const s = fullRun({ schedule: { chain: { a: 3 } } });
    const m = computeMetrics(scenario, s.end());
    expect(m.notes).toContain("The recording's schedule has no latency for chain/b, solo/c; read as 0.");
  });

  it("says when no schedule can answer every task", () => {
    // Every job outlives the time-to-live of 1: no step can complete, so M* is null.
    const doomed = declaredScenario({ limits: { jobTtl: 1 } });
    const s = new Session(doomed);
    s.call(1, "fetch", { key: "c" });
    const m = computeMetrics(doomed, s.end());
    expect(m.bestMakespan).toBeNull();
    // Found by search, not the bound: no note on the bound.
    expect(m.time.bestMakespanSource).toBe("search");
    expect(m.notes).toEqual([
      "No schedule can answer every task (step 0 can never complete: its jobs outlive the tool's time limit): M* and the figures that use it are null.",
    ]);
  });
});

describe("notes on M*", () => {
  it("says when M* is the bound because the episode is too large to search", () => {
    // 31 one-step tasks: one step more than the search handles (30).
    const many = declaredScenario({
      tasks: Array.from({ length: 31 }, (_, i) => ({
        id: `t${i}`,
        instruction: `Fetch k${i}.`,
        steps: [{ id: "s", tool: "fetch", args: { key: `k${i}` } }],
        answer: { any: true as const },
      })),
    });
    const s = new Session(many);
    s.call(1, "fetch", { key: "k0" });
    const m = computeMetrics(many, s.end());
    expect(m.time.bestMakespanSource).toBe("bound");
    expect(m.notes).toEqual([
      "M* is the bound LB = max CP(T): the episode is too large to search (31 steps are more than the search handles (30)).",
    ]);
  });

  it("adds no note for the wall clock's bound, which is M* by definition there", () => {
    const s = new Session(scenario, { clock: "wall" });
    const a = s.call(10, "fetch", { key: "a" }, { respondAt: 12 });
    s.wait(20, [a]);
    s.call(400, "fetch", { key: "c" }, { respondAt: 402 });
    const m = computeMetrics(scenario, s.end());
    expect(m.time.bestMakespanSource).toBe("bound");
    expect(m.notes.filter((n) => n.includes("M*"))).toEqual([]);
  });
});

describe("the rows of tasks and steps", () => {
  it("gives an unanswered task no answer, time or stretch, and a step never done no call", () => {
    // Only a is done (call 1, seen at 4 by the wait); nothing is answered.
    const s = new Session(scenario);
    const a = s.call(1, "fetch", { key: "a" });
    s.wait(2, [a]);
    const m = computeMetrics(scenario, s.end());
    expect(m.tasks.find((t) => t.id === "chain")).toMatchObject({
      answer: null,
      answeredAt: null,
      answers: 0,
      stretch: null,
      success: false,
    });
    const [stepA, stepC, stepB] = m.steps;
    expect(stepA).toMatchObject({
      task: "chain",
      step: "a",
      call: 1,
      requestAt: 1,
      job: 1,
      seenAt: 4,
      attempts: 1,
    });
    expect(stepC).toMatchObject({
      task: "solo",
      step: "c",
      call: null,
      requestAt: null,
      job: null,
      seenAt: null,
    });
    expect(stepB).toMatchObject({
      task: "chain",
      step: "b",
      tool: "combine",
      after: ["a"],
      d: 2,
      attempts: 0,
    });
  });
});
