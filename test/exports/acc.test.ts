import { describe, expect, it } from "vitest";
import { AGENT_NAMES } from "../../src/agents/index.js";
import { type AccItem, accItems, gradeAnswer } from "../../src/exports/acc.js";
import type { EpisodeView } from "../../src/exports/episode.js";
import { accItemSchema } from "../../src/exports/schemas.js";
import { getPath, type JsonValue } from "../../src/json.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { normalizeText } from "../../src/scenarios/answer-checks.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { FAULTS, record, twoTaskScenario, view } from "./runs.js";

const examples = (await loadScenariosAt(exampleScenariosDir)).flatMap((o) =>
  o.scenario ? [o.scenario] : [],
);
const scenarios: Scenario[] = [twoTaskScenario(), ...examples];

async function episodes(): Promise<{ name: string; view: EpisodeView }[]> {
  const out: { name: string; view: EpisodeView }[] = [];
  for (const scenario of scenarios) {
    for (const agent of AGENT_NAMES) {
      out.push({ name: `${scenario.id}@1:${agent}`, view: view(scenario, await record(scenario, agent)) });
    }
  }
  return out;
}

const runs = await episodes();
const items = runs.flatMap((r) => accItems(r.view, r.name).items.map((item) => ({ item, view: r.view })));

/** The text of the block of turn n of an item's context (from its marker to the next one). */
function block(item: AccItem, n: number): string {
  const start = item.context.indexOf(`=== turn ${n} ===\n`);
  const next = item.context.indexOf(`=== turn ${n + 1} ===\n`, start);
  return item.context.slice(start, next < 0 ? undefined : next);
}

/** Turn numbers of the context whose call did one of the task's gold steps, or delivered its result. */
function taskTurns(v: EpisodeView, task: string): Set<number> {
  const out = new Set<number>();
  for (const s of v.metrics.steps.filter((s) => s.task === task)) {
    const job = s.job === null ? undefined : v.inputs.jobs[s.job - 1];
    for (const call of [job?.call, job?.seenBy]) {
      const n = call ? v.turnOfCall.get(call.call) : undefined;
      if (n !== undefined) out.add(n);
    }
  }
  return out;
}

describe("ACC items from the reference agents", () => {
  it("every episode gives one item per task (each task asks something) and the derived items", () => {
    // The examples' tasks all have an answer to check, and every reference agent succeeds.
    const taskCount = scenarios.reduce((n, s) => n + s.tasks.length, 0) * AGENT_NAMES.length;
    expect(items.filter((i) => i.item.kind === "task")).toHaveLength(taskCount);
    expect(items.filter((i) => i.item.kind === "derived").length).toBeGreaterThan(0);
    for (const { item } of items) expect(accItemSchema.safeParse(item).success).toBe(true);
  });

  it("the evidence turns deliver the results of the task's gold steps, and contain the answer's source values", () => {
    for (const { item, view: v } of items.filter((i) => i.item.kind === "task")) {
      const task = v.scenario.tasks.find((t) => t.id === item.task);
      expect(item.evidence.map((e) => e.step).sort()).toEqual(task?.steps.map((s) => s.id).sort());
      const evidenceText = item.evidence.map((e) => block(item, e.turn)).join("\n");
      const spec = v.scenario.spec.tasks.find((t) => t.id === item.task)?.answer as Record<string, unknown>;
      const expected = Object.entries(spec)
        .filter(([k]) => ["exact", "normalized", "number", "contains"].includes(k))
        .flatMap(([, e]) => (Array.isArray(e) ? e : [e]));
      for (const e of expected) {
        if (e !== null && typeof e === "object" && "$from" in e) {
          // A $from value sits in the turn that delivered that very step.
          const [step, ...path] = String((e as { $from: string }).$from).split(".");
          const evidence = item.evidence.find((x) => x.step === step) as AccItem["evidence"][number];
          const job = v.stepJob.get(`${item.task}.${step}`);
          const value = getPath(job?.result, path) as JsonValue;
          expect(block(item, evidence.turn)).toContain(JSON.stringify(value));
        } else {
          // A literal answer is read off the evidence (the temperature, the product, the code),
          // as a whole word: "2" inside "12" or a stamp would not do.
          expect(wordIn(evidenceText, e as JsonValue)).toBe(true);
        }
      }
    }
  });

  it("the context holds the answer only in the turns of the task's own steps (and the task's own question)", () => {
    for (const { item, view: v } of items.filter((i) => i.item.kind === "task")) {
      const own = taskTurns(v, item.task);
      const question = v.scenario.tasks.find((t) => t.id === item.task)?.instruction ?? "";
      const turns = item.context.split(/(?==== turn \d+ ===\n)/);
      const brief = (turns.shift() ?? "").replace(question.trim().replace(/\s+/g, " "), "");
      const others = turns.filter((_, i) => !own.has(i + 1));
      const word = new RegExp(`(^|[^a-z0-9])${escapeRegex(normalizeText(item.answer))}($|[^a-z0-9])`);
      expect(word.test(normalizeText(brief))).toBe(false);
      for (const text of others) expect(word.test(normalizeText(withoutBookkeeping(text)))).toBe(false);
    }
  });

  it("derived questions are exact: the value passed on is the one returned, and the answer is what the consumer returned", () => {
    const derived = items.filter((i) => i.item.kind === "derived");
    for (const { item, view: v } of derived) {
      const [stepArg] = item.id.split("/").slice(-1);
      const [vStep, arg] = (stepArg as string).split(".") as [string, string];
      const task = v.scenario.tasks.find((t) => t.id === item.task);
      const matcher = task?.steps.find((s) => s.id === vStep)?.args[arg];
      if (matcher?.kind !== "from") throw new Error(`${item.id}: not a $from argument`);
      const uJob = v.stepJob.get(`${item.task}.${matcher.step}`);
      const vJob = v.stepJob.get(`${item.task}.${vStep}`);
      expect(getPath(vJob?.args, [arg])).toEqual(getPath(uJob?.result, matcher.path));
      const leaf = /What `([^`]+)`/.exec(item.question)?.[1] as string;
      expect(item.answer).toBe(String(getPath(vJob?.result, leaf.split("."))));
      // Its evidence: u's result, v's call, v's result, in that order in the context.
      expect(item.evidence.map((e) => e.role)).toEqual(["result", "call", "result"]);
      const [a, b, c] = item.evidence.map((e) => e.turn) as [number, number, number];
      expect(a <= b && b < c).toBe(true);
      expect(block(item, b)).toContain(JSON.stringify(getPath(vJob?.args, [arg])));
    }
    // travel-and-files: book_flight takes the flight id search_flights returned (one derived item per agent).
    expect(
      derived.filter((d) => d.item.id.endsWith("travel-and-files@1:oracle/flight/book.flight_id")),
    ).toHaveLength(1);
  });

  it("the gold answer scores 1 with the project's checks, and a dump scores 0", () => {
    for (const { item } of items) {
      expect(gradeAnswer(item.check, item.answer).pass).toBe(true);
      expect(gradeAnswer(item.check, "I do not know.").pass).toBe(false);
    }
  });

  it("distances are counted from the evidence turn's end to the question, by hand on the two-task scenario", () => {
    const route = items.find((i) => i.item.id === "exports-two-tasks@1:sequential/route")?.item as AccItem;
    // The sequential agent: 3 route steps × (start, wait), answer; quote (start, wait), answer. The
    // answers are not observations: 8 turns. find's result is turn 2, fare's 4, weather's 6.
    expect(route.turns).toBe(8);
    expect(route.evidence.map((e) => [e.step, e.turn, e.distance.turns])).toEqual([
      ["find", 2, 6],
      ["fare", 4, 4],
      ["weather", 6, 2],
    ]);
    expect(route.distance.turns).toBe(6);
    const end = route.context.indexOf("=== turn 3 ===");
    expect(route.evidence[0]?.distance.chars).toBe(route.context.length - end);
    expect(route.answer).toBe("412");
    expect(route.check).toEqual({ number: 412 });
  });
});

describe("ACC options", () => {
  const sequential = runs.find((r) => r.name === "exports-two-tasks@1:sequential") as (typeof runs)[number];

  it("successful-only skips a failed episode's questions and counts them", async () => {
    const scenario = twoTaskScenario();
    const failed = view(
      scenario,
      await record(scenario, { name: "wrong", fault: FAULTS["wrong answer"] as never }),
    );
    expect(accItems(failed, "f").items.length).toBeGreaterThan(0);
    const only = accItems(failed, "f", { successfulOnly: true });
    expect(only.items).toEqual([]);
    expect(only.skipped["episode-not-successful"]).toBe(2);
  });

  it("a maximum context size skips and counts the longer items", () => {
    const all = accItems(sequential.view, "s").items;
    const limit = Math.min(...all.map((i) => i.contextChars));
    const kept = accItems(sequential.view, "s", { maxContextChars: limit - 1 });
    expect(kept.items).toEqual([]);
    expect(kept.skipped["context-too-long"]).toBe(all.length);
  });

  it("a shuffle seed moves only the turns that are not evidence, the same way every time", () => {
    const poller = runs.find((r) => r.name === "travel-and-files@1:poller") as (typeof runs)[number];
    const plain = accItems(poller.view, "p").items;
    const one = accItems(poller.view, "p", { shuffleSeed: 7 }).items;
    const again = accItems(poller.view, "p", { shuffleSeed: 7 }).items;
    expect(again).toEqual(one);
    let moved = 0;
    one.forEach((item, i) => {
      const base = plain[i] as AccItem;
      for (const e of item.evidence) expect(block(item, e.turn)).toBe(block(base, e.turn));
      if (item.context !== base.context) moved += 1;
      expect(item.context.length).toBe(base.context.length);
    });
    expect(moved).toBeGreaterThan(0);
  });

  it("a task whose check asks nothing (any) gives no item, and is counted", async () => {
    const base = twoTaskScenario();
    const spec = {
      ...base.spec,
      id: "exports-any",
      tasks: base.spec.tasks.map((t) => (t.id === "stock" ? { ...t, answer: { any: true as const } } : t)),
    };
    const scenario = compileScenario(spec, { file: "exports-any.yaml" });
    const result = accItems(view(scenario, await record(scenario, "sequential")), "a");
    expect(result.items.map((i) => i.task)).toEqual(["route", "route"]); // route and its derived item
    expect(result.skipped["no-answer-to-ask"]).toBe(1);
  });
});

function withoutBookkeeping(text: string): string {
  return text
    .replace(/=== turn \d+ ===/g, "")
    .replace(/job#\d+/g, "")
    .replace(
      /"(started_at|ended_at|poll_after|unit|status|tool|timed_out)":("[^"]*"|[\d.]+|true|false)/g,
      "",
    );
}

function wordIn(text: string, value: JsonValue): boolean {
  const wanted = normalizeText(typeof value === "string" ? value : JSON.stringify(value));
  return new RegExp(`(^|[^a-z0-9.])${escapeRegex(wanted)}($|[^a-z0-9])`).test(normalizeText(text));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
