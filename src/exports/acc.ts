import { keyedRng } from "../engine/rng.js";
import { deepEqual, getPath, type JsonPrimitive, type JsonValue } from "../json.js";
import type { Job } from "../metrics/inputs.js";
import {
  type CheckOutcome,
  checkAnswer,
  compileAnswerCheck,
  exampleAnswer,
} from "../scenarios/answer-checks.js";
import { textWords, wordRuns } from "../scenarios/answer-text.js";
import { noResults } from "../scenarios/matchers.js";
import type { GoldStep, Task } from "../scenarios/scenario.js";
import type { AnswerCheckSpec, ExpectedSpec } from "../scenarios/schema.js";
import { renderContext } from "./context.js";
import { type EpisodeView, stepResolver, type Turn } from "./episode.js";

/**
 * Agent Context Compilation: one long-context QA item per answerable task of a recorded episode,
 * and derived items that join two results through a gold dependency (docs/exports.md, "ACC").
 * A pure function of the episode: the CLI reads the recordings and writes the lines.
 */

export interface AccOptions {
  /** Only episodes where every task succeeded with a grounded answer. */
  readonly successfulOnly?: boolean;
  /** Items whose context is longer (characters) are skipped and counted. */
  readonly maxContextChars?: number;
  /** Shuffle the turns that are not evidence among their own positions, seeded per item. */
  readonly shuffleSeed?: number;
}

export interface Distance {
  /** Turns between the evidence turn and the question (the evidence turn excluded). */
  readonly turns: number;
  /** Characters of context after the evidence turn's block. */
  readonly chars: number;
}

export interface Evidence {
  readonly step: string;
  /** `result`: the turn that delivered the step's result; `call`: the turn of the call that did it. */
  readonly role: "result" | "call";
  readonly job: number;
  /** Its position in this item's context. */
  readonly turn: number;
  readonly distance: Distance;
}

export interface AccItem {
  readonly id: string;
  readonly kind: "task" | "derived";
  readonly episode: string;
  readonly scenario: string;
  readonly seed: number;
  readonly agent: string | null;
  readonly task: string;
  readonly context: string;
  readonly question: string;
  /** The gold answer: what the answer check expects, resolved from the gold steps' results. */
  readonly answer: string;
  /** The task's answer check with every `$from` replaced by the value it reads here. */
  readonly check: AnswerCheckSpec;
  readonly evidence: readonly Evidence[];
  /** The farthest evidence. */
  readonly distance: Distance;
  readonly turns: number;
  readonly contextChars: number;
}

export const SKIP_REASONS = [
  "episode-not-successful",
  "no-answer-to-ask",
  "evidence-incomplete",
  "non-scalar-answer",
  "context-too-long",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface AccResult {
  readonly items: readonly AccItem[];
  readonly skipped: Readonly<Record<SkipReason, number>>;
}

export function emptySkips(): Record<SkipReason, number> {
  return Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
}

/** The ACC items of one episode; `episode` names it in the items (ids are built from it). */
export function accItems(view: EpisodeView, episode: string, options: AccOptions = {}): AccResult {
  const skipped = emptySkips();
  const items: AccItem[] = [];
  if (options.successfulOnly && !view.success) {
    skipped["episode-not-successful"] += countQuestions(view);
    return { items, skipped };
  }
  const keep = (item: AccItem | SkipReason) => {
    if (typeof item === "string") skipped[item] += 1;
    else if (options.maxContextChars !== undefined && item.contextChars > options.maxContextChars)
      skipped["context-too-long"] += 1;
    else items.push(item);
  };
  for (const task of view.scenario.tasks) {
    keep(taskItem(view, episode, task, options));
    for (const item of derivedItems(view, episode, task, options)) keep(item);
  }
  return { items, skipped };
}

/** Questions an episode would give if every skip were lifted: its tasks (derived items need evidence). */
function countQuestions(view: EpisodeView): number {
  return view.scenario.tasks.length;
}

interface Source {
  readonly step: GoldStep;
  readonly job: Job;
  /** The turn that delivered the job's result. */
  readonly turn: Turn;
}

/** The job that did the step, completed and delivered, and the turn that delivered it. */
function sourceOf(view: EpisodeView, step: GoldStep): Source | null {
  const job = view.stepJob.get(`${step.task}.${step.id}`);
  if (job?.status !== "completed" || job.seenBy === null) return null;
  const n = view.turnOfCall.get(job.seenBy.call);
  const turn = n === undefined ? undefined : view.turns[n - 1];
  return turn ? { step, job, turn } : null;
}

function taskItem(view: EpisodeView, episode: string, task: Task, options: AccOptions): AccItem | SkipReason {
  if (task.answer.kind === "any") return "no-answer-to-ask";
  const sources: Source[] = [];
  for (const step of task.steps) {
    const source = sourceOf(view, step);
    if (!source) return "evidence-incomplete";
    sources.push(source);
  }
  const resolve = stepResolver(view, task.id);
  const spec = view.scenario.spec.tasks.find((t) => t.id === task.id)?.answer;
  const check = spec === undefined ? null : resolveCheck(spec, resolve);
  const answer = exampleAnswer(task.answer, resolve);
  if (check === null || answer === undefined) return "non-scalar-answer";
  return assemble(view, episode, {
    id: `${episode}/${task.id}`,
    kind: "task",
    task: task.id,
    question: oneLine(task.instruction),
    answer,
    check,
    evidence: sources.map((s) => ({ step: s.step.id, role: "result", job: s.job.n, turn: s.turn.n })),
    options,
  });
}

/**
 * Derived questions: a step v whose argument is exactly `{ $from: "u.path" }` took u's value;
 * asking what v returned, naming v only by u's call and the path, makes the reader find u's
 * result, the call that passed that value on, and its result. Exact only when one call of v's
 * tool in the whole episode got that value for that argument, and v returned a scalar worth asking.
 */
function derivedItems(view: EpisodeView, episode: string, task: Task, options: AccOptions): AccItem[] {
  const out: AccItem[] = [];
  for (const v of task.steps) {
    for (const [arg, matcher] of Object.entries(v.args)) {
      if (matcher.kind !== "from") continue;
      const u = task.steps.find((s) => s.id === matcher.step);
      const from = u ? sourceOf(view, u) : null;
      const to = sourceOf(view, v);
      if (!from || !to || !u) continue;
      const value = getPath(from.job.result, matcher.path);
      const given = getPath(to.job.args, [arg]);
      if (value === undefined || !deepEqual(value, given)) continue;
      const callTurnN = to.job.call ? view.turnOfCall.get(to.job.call.call) : undefined;
      if (callTurnN === undefined || callTurnN < from.turn.n) continue; // used before it was seen
      const sameCalls = view.inputs.calls.filter(
        (c) => c.tool === v.tool && c.job !== null && deepEqual(getPath(c.args, [arg]), value),
      );
      if (sameCalls.length !== 1) continue;
      const leaf = askedLeaf(task, v, to.job);
      if (!leaf) continue;
      const uTurnN = from.job.call ? view.turnOfCall.get(from.job.call.call) : undefined;
      const uArgs = JSON.stringify(uTurnN === undefined ? from.job.args : view.turns[uTurnN - 1]?.args);
      out.push(
        assemble(view, episode, {
          id: `${episode}/${task.id}/${v.id}.${arg}`,
          kind: "derived",
          task: task.id,
          question:
            `The \`${matcher.path.join(".")}\` in the result of the ${u.tool} call with arguments ${uArgs} ` +
            `was passed as \`${arg}\` to a call of ${v.tool}. What \`${leaf.path.join(".")}\` did that ${v.tool} call return?`,
          answer: asText(leaf.value),
          check: checkFor(leaf.value),
          evidence: [
            { step: u.id, role: "result", job: from.job.n, turn: from.turn.n },
            { step: v.id, role: "call", job: to.job.n, turn: callTurnN },
            { step: v.id, role: "result", job: to.job.n, turn: to.turn.n },
          ],
          options,
        }),
      );
    }
  }
  return out;
}

/**
 * What to ask of v's result: the path the task's answer reads from v if it reads one, else the
 * first top-level scalar field whose value is none of v's own arguments (an echo asks nothing).
 */
function askedLeaf(
  task: Task,
  v: GoldStep,
  job: Job,
): { path: readonly string[]; value: JsonPrimitive } | null {
  const check = task.answer;
  const expected =
    check.kind === "exact" ||
    check.kind === "normalized" ||
    check.kind === "number" ||
    check.kind === "choice"
      ? [check.expected]
      : check.kind === "contains"
        ? check.expected
        : [];
  for (const e of expected) {
    if (e.kind !== "from" || e.step !== v.id) continue;
    const value = getPath(job.result, e.path);
    if (isPrimitive(value)) return { path: e.path, value };
  }
  const result = job.result;
  if (result === null || typeof result !== "object" || Array.isArray(result)) return null;
  const argValues = Object.values((job.args ?? {}) as Record<string, JsonValue>);
  for (const [key, value] of Object.entries(result)) {
    if (!isPrimitive(value) || value === null || typeof value === "boolean") continue;
    if (argValues.some((a) => deepEqual(a, value))) continue;
    return { path: [key], value };
  }
  return null;
}

interface Draft {
  readonly id: string;
  readonly kind: AccItem["kind"];
  readonly task: string;
  readonly question: string;
  readonly answer: string;
  readonly check: AnswerCheckSpec;
  readonly evidence: readonly Omit<Evidence, "distance">[];
  readonly options: AccOptions;
}

/** Lays the context out (shuffled if asked) and measures the distances. */
function assemble(view: EpisodeView, episode: string, draft: Draft): AccItem {
  const order = turnOrder(view.turns, new Set(draft.evidence.map((e) => e.turn)), draft);
  const context = renderContext(view.scenario, order);
  const total = order.length;
  const evidence: Evidence[] = draft.evidence.map((e) => {
    const [, end] = context.blocks[e.turn - 1] as readonly [number, number];
    return { ...e, distance: { turns: total - e.turn, chars: context.text.length - end } };
  });
  const farthest = evidence.reduce<Distance>(
    (far, e) => ({
      turns: Math.max(far.turns, e.distance.turns),
      chars: Math.max(far.chars, e.distance.chars),
    }),
    { turns: 0, chars: 0 },
  );
  const header = view.recording.header;
  return {
    id: draft.id,
    kind: draft.kind,
    episode,
    scenario: view.scenario.id,
    seed: header.seed,
    agent: header.client?.name ?? null,
    task: draft.task,
    context: context.text,
    question: draft.question,
    answer: draft.answer,
    check: draft.check,
    evidence,
    distance: farthest,
    turns: total,
    contextChars: context.text.length,
  };
}

/**
 * The turns in delivery order; with a shuffle seed, the turns that are not evidence are permuted
 * among their own positions (Fisher–Yates on a draw keyed by the seed and the item), so every
 * evidence turn keeps its place and number.
 */
function turnOrder(turns: readonly Turn[], evidence: ReadonlySet<number>, draft: Draft): Turn[] {
  const order = [...turns];
  const seed = draft.options.shuffleSeed;
  if (seed === undefined) return order;
  const slots = order.map((t, i) => (evidence.has(t.n) ? -1 : i)).filter((i) => i >= 0);
  const moved = slots.map((i) => order[i] as Turn);
  const rng = keyedRng(seed, "acc-distractors", draft.id);
  for (let i = moved.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [moved[i], moved[j]] = [moved[j] as Turn, moved[i] as Turn];
  }
  slots.forEach((slot, k) => {
    order[slot] = moved[k] as Turn;
  });
  return order;
}

/** The check spec with `$from` replaced by the value read here; null when a value is not a scalar. */
function resolveCheck(
  spec: AnswerCheckSpec,
  resolve: (step: string, path: readonly string[]) => readonly JsonValue[],
): AnswerCheckSpec | null {
  let ok = true;
  const literal = (e: ExpectedSpec): ExpectedSpec => {
    if (e === null || typeof e !== "object") return e;
    const [step, ...path] = e.$from.split(".");
    const value = resolve(step ?? "", path)[0];
    if (!isPrimitive(value)) {
      ok = false;
      return null;
    }
    return value;
  };
  let out: AnswerCheckSpec;
  if ("exact" in spec) out = { ...spec, exact: literal(spec.exact) };
  else if ("normalized" in spec) out = { ...spec, normalized: literal(spec.normalized) };
  else if ("number" in spec) out = { ...spec, number: literal(spec.number) };
  else if ("choice" in spec) out = { ...spec, choice: literal(spec.choice) };
  else if ("contains" in spec)
    out = {
      ...spec,
      contains: Array.isArray(spec.contains) ? spec.contains.map(literal) : literal(spec.contains),
    };
  else out = spec;
  return ok ? out : null;
}

function checkFor(value: JsonPrimitive): AnswerCheckSpec {
  if (typeof value === "number") return { number: value };
  if (typeof value === "string") return { normalized: value };
  return { exact: asText(value) };
}

function isPrimitive(value: unknown): value is JsonPrimitive {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function asText(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function oneLine(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

/** Whether `answer` passes the item's check: the grader of `acc-eval`, with the project's checks. */
export function gradeAnswer(check: AnswerCheckSpec, answer: string): CheckOutcome {
  return checkAnswer(compileAnswerCheck(check), answer, noResults);
}

/** Whether a text holds a value, the way the `contains` check compares: as a run of whole words. */
export function textHolds(text: string, value: JsonValue): boolean {
  return wordRuns(textWords(text), textWords(asText(value))).length > 0;
}
