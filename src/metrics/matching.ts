import { canonicalJson, getPath, type JsonValue } from "../json.js";
import { argsMatch, type FromResolver, referencedSteps } from "../scenarios/matchers.js";
import { type Gold, type GoldNode, stepKey } from "./gold.js";
import type { Call, Inputs } from "./inputs.js";

/**
 * Step matching (metrics.md §1–2): one maximum one-to-one matching between scenario-tool calls
 * and gold steps. A call can match a step of its tool whose matchers accept its arguments, if
 * its job completed or was still working when the log ended (a refused call, or a failed,
 * expired or cancelled job, did not do the step). `$from` reads the results of the completed
 * jobs of every call that can match the referenced step, whenever they came: a call that uses
 * a value before seeing it still matches, and is flagged as a dependency violation.
 *
 * Among maximum matchings the preferences (no violation, then earlier calls) are applied step
 * by step in topological order (depth, task, step), so a step's dependencies are decided before
 * it: each step takes the first call that keeps the matching maximum, a non-violating one if it
 * has any, else the earliest. A step cannot see how its choice affects its dependents (two
 * tasks with the same first call: which call was whose shows only in their next steps), so a
 * second pass exchanges calls between steps that could take each other's while that removes
 * violations.
 */

export interface StepMatch {
  readonly node: GoldNode;
  /** The call that did the step, or null. */
  readonly call: Call | null;
  /** Dependencies whose result the matched call's request came before (or that were never matched or seen). */
  readonly unseenDeps: readonly GoldNode[];
  readonly violation: boolean;
  /** A violation whose arguments still hold the value read from an unseen dependency: guessed or fabricated. */
  readonly guessed: boolean;
}

export interface Matching {
  /** Every gold step, in the gold's topological order. */
  readonly steps: readonly StepMatch[];
  readonly byKey: ReadonlyMap<string, StepMatch>;
  /** The step each matched call did, by call index. */
  readonly stepOfCall: ReadonlyMap<number, GoldNode>;
  /** Calls whose arguments fit a step and that started a job, whatever its outcome: the step's attempts. */
  readonly attempts: ReadonlyMap<string, readonly Call[]>;
}

export function canDoStep(call: Call): boolean {
  const status = call.job?.status;
  return call.kind === "scenario" && (status === "completed" || status === "working");
}

export function matchSteps(gold: Gold, inputs: Inputs): Matching {
  const callsByTool = new Map<string, Call[]>();
  for (let i = 0; i < inputs.calls.length; i++) {
    const call = inputs.calls[i] as Call;
    if (call.kind !== "scenario" || !call.job) continue;
    const list = callsByTool.get(call.tool);
    if (list) list.push(call);
    else callsByTool.set(call.tool, [call]);
  }

  const attempts = new Map<string, Call[]>();
  const candidates = new Map<string, Call[]>();
  // Set below for every gold step before anything reads it (a `$from` reads an ancestor), so a
  // lookup never misses.
  const candidatesOf: Candidates = (key) => candidates.get(key) as Call[];
  const valueCache = new Map<string, JsonValue[]>();
  const resolverFor =
    (task: string): FromResolver =>
    (stepId, path) => {
      const cacheKey = `${stepKey(task, stepId)}\u0000${path.join("\u0000")}`;
      const cached = valueCache.get(cacheKey);
      if (cached) return cached;
      const seen = new Set<string>();
      const values: JsonValue[] = [];
      for (const call of candidatesOf(stepKey(task, stepId))) {
        if (call.job?.status !== "completed") continue;
        const value = getPath(call.job.result, path);
        if (value === undefined) continue;
        const text = canonicalJson(value);
        if (seen.has(text)) continue; // repeated calls give the same values: keep the list short
        seen.add(text);
        values.push(value as JsonValue);
      }
      valueCache.set(cacheKey, values);
      return values;
    };
  // Topological order: a `$from` reads an ancestor, whose candidates are known by then.
  for (const node of gold.nodes) {
    const resolve = resolverFor(node.task.id);
    const fit = (callsByTool.get(node.step.tool) ?? []).filter((call) =>
      argsMatch(node.step.args, call.args, resolve),
    );
    attempts.set(node.key, fit);
    candidates.set(node.key, fit.filter(canDoStep));
  }

  // The answer depends on every step of its task (§3): among calls that violate nothing, one whose
  // result was seen by the task's final answer is preferred, so a repeat the agent did see
  // grounds the answer even when an earlier call of the same step was never looked at.
  const finalAnswer = new Map<string, number>();
  for (const answer of inputs.answers) finalAnswer.set(answer.task, answer.t);
  const decided = lessViolations(gold, candidatesOf, decide(gold, candidatesOf, finalAnswer));
  const steps: StepMatch[] = [];
  const byKey = new Map<string, StepMatch>();
  const stepOfCall = new Map<number, GoldNode>();
  for (const node of gold.nodes) {
    const call = decided.get(node.key) ?? null;
    const unseenDeps = call ? unseenDependencies(node, call, decided) : [];
    const refs = new Set<string>();
    for (const matcher of Object.values(node.step.args)) referencedSteps(matcher, refs);
    const match: StepMatch = {
      node,
      call,
      unseenDeps,
      violation: unseenDeps.length > 0,
      guessed: unseenDeps.some((dep) => refs.has(dep.step.id)),
    };
    steps.push(match);
    byKey.set(node.key, match);
    if (call) stepOfCall.set(call.index, node);
  }
  return { steps, byKey, stepOfCall, attempts };
}

/** request(v) < seen(u) for a dependency u; a dependency never matched or never seen counts as not seen. */
function unseenDependencies(node: GoldNode, call: Call, decided: ReadonlyMap<string, Call>): GoldNode[] {
  return node.deps.filter((dep) => {
    const seen = decided.get(dep.key)?.job?.seen ?? null;
    return seen === null || call.request < seen;
  });
}

/** The calls that can do a gold step, by its key. */
type Candidates = (key: string) => readonly Call[];

interface ToolState {
  /** The tool's gold steps, in gold order. */
  readonly keys: readonly string[];
  undecided: Set<string>;
  used: Set<number>;
  /** The size the rest of this tool's matching must still reach to stay maximum. */
  need: number;
  /** The steps each candidate call of the tool fits, by call index; null until a step needs it. */
  stepsOfCall: readonly (readonly string[] | undefined)[] | null;
}

function decide(
  gold: Gold,
  candidates: Candidates,
  finalAnswer: ReadonlyMap<string, number>,
): Map<string, Call> {
  const nodesByTool = new Map<string, GoldNode[]>();
  for (const node of gold.nodes) {
    const list = nodesByTool.get(node.step.tool);
    if (list) list.push(node);
    else nodesByTool.set(node.step.tool, [node]);
  }
  const states = new Map<string, ToolState>();
  for (const [tool, nodes] of nodesByTool) {
    const keys = nodes.map((n) => n.key);
    states.set(tool, {
      keys,
      undecided: new Set(keys),
      used: new Set(),
      need: maxMatching(keys, candidates, new Set()).stepToCall.size,
      stepsOfCall: null,
    });
  }

  const decided = new Map<string, Call>();
  for (const node of gold.nodes) {
    const state = states.get(node.step.tool) as ToolState;
    state.undecided.delete(node.key);
    const answeredAt = finalAnswer.get(node.task.id);
    const grounds = (c: Call) =>
      answeredAt !== undefined &&
      c.job?.seen !== null &&
      c.job?.seen !== undefined &&
      c.job.seen <= answeredAt;
    // The first feasible free call in order of preference: violating nothing and grounding the
    // answer, then violating nothing, then the rest, each in call order. Found by walking the
    // candidates once per rank rather than listing each rank: a step of a large log has tens of
    // thousands of candidates, and the first one usually does.
    let feasible: ((index: number) => boolean) | null = null;
    let pick: Call | undefined;
    for (let rank = 0; rank < 3 && pick === undefined; rank++) {
      for (const c of candidates(node.key)) {
        if (state.used.has(c.index)) continue;
        const clean = !hasUnseenDependency(node, c, decided);
        if (rank === 0 ? !clean || !grounds(c) : rank === 1 ? !clean || grounds(c) : clean) continue;
        feasible ??= feasibleCalls(state, candidates);
        if (feasible(c.index)) {
          pick = c;
          break;
        }
      }
    }
    if (!pick) continue;
    decided.set(node.key, pick);
    state.used.add(pick.index);
    state.need -= 1;
  }
  return decided;
}

/** Whether some dependency of the step was not seen by the call's request (unseenDependencies, without the list). */
function hasUnseenDependency(node: GoldNode, call: Call, decided: ReadonlyMap<string, Call>): boolean {
  for (const dep of node.deps) {
    const seen = decided.get(dep.key)?.job?.seen ?? null;
    if (seen === null || call.request < seen) return true;
  }
  return false;
}

/** The steps of the tool each of its candidate calls fits, by call index: made once a step needs it. */
function stepsOfCalls(state: ToolState, candidates: Candidates): readonly (readonly string[] | undefined)[] {
  if (state.stepsOfCall !== null) return state.stepsOfCall;
  // Indexed by call index rather than a Map: a large log's tools have tens of thousands of calls.
  // Made at its full length and filled first: written at scattered indices, an empty array turns
  // into a dictionary (on 10⁶ events, 62,500 calls spread over 375,000 indices), each write and
  // read a hash lookup.
  let last = -1;
  for (const key of state.keys) for (const call of candidates(key)) last = Math.max(last, call.index);
  const stepsOfCall: (string[] | undefined)[] = new Array(last + 1).fill(undefined);
  for (const key of state.keys) {
    for (const call of candidates(key)) {
      const list = stepsOfCall[call.index];
      if (list) list.push(key);
      else stepsOfCall[call.index] = [key];
    }
  }
  state.stepsOfCall = stepsOfCall;
  return stepsOfCall;
}

/**
 * Which calls a step may take while the tool's matching stays maximum. If the other undecided
 * steps reach the needed size without this step, any call will do; otherwise this step must be
 * matched, and only with a call that some maximum matching of the others leaves free: one
 * unmatched there, or reachable from an unmatched call by an alternating path.
 */
function feasibleCalls(state: ToolState, candidates: Candidates): (index: number) => boolean {
  const rest = [...state.undecided];
  if (rest.length === 0) return () => true;
  const others = maxMatching(rest, candidates, state.used);
  if (others.stepToCall.size >= state.need) return () => true;
  const free = new Set<number>();
  const queue: number[] = [];
  for (const step of rest) {
    for (const call of candidates(step)) {
      if (state.used.has(call.index) || others.callToStep.has(call.index) || free.has(call.index)) continue;
      free.add(call.index);
      queue.push(call.index);
    }
  }
  const stepsOfCall = stepsOfCalls(state, candidates);
  for (let i = 0; i < queue.length; i++) {
    for (const step of stepsOfCall[queue[i] as number] as readonly string[]) {
      // Only the undecided steps other than this one are matched in `others`: this step and the
      // decided ones have no partner there, so they end the path without a test of their own.
      const partner = others.stepToCall.get(step);
      if (partner !== undefined && !free.has(partner)) {
        free.add(partner);
        queue.push(partner);
      }
    }
  }
  return (index) => !others.callToStep.has(index) || free.has(index);
}

/** Steps that would be flagged as violations under an assignment. */
function countViolations(gold: Gold, decided: ReadonlyMap<string, Call>): number {
  let count = 0;
  for (const node of gold.nodes) {
    const call = decided.get(node.key);
    if (call && unseenDependencies(node, call, decided).length > 0) count += 1;
  }
  return count;
}

/**
 * Exchanges the calls of two steps of one tool, or gives a step an unused call that fits it,
 * whenever that lowers the number of violations. Both moves keep the matching's size, so it
 * stays maximum. Rarely more than a few rounds: each accepted move removes a violation.
 */
function lessViolations(gold: Gold, candidates: Candidates, decided: Map<string, Call>): Map<string, Call> {
  let best = countViolations(gold, decided);
  if (best === 0) return decided;
  const fits = (key: string, call: Call) => candidates(key).includes(call);
  const keys = [...decided.keys()];
  let improved = true;
  while (improved && best > 0) {
    improved = false;
    const used = new Set([...decided.values()].map((c) => c.index));
    for (const a of keys) {
      const callA = decided.get(a) as Call;
      const tool = callA.tool;
      const moves: [string, Call][][] = [];
      for (const b of keys) {
        const callB = decided.get(b) as Call;
        if (b !== a && callB.tool === tool && fits(a, callB) && fits(b, callA)) {
          moves.push([
            [a, callB],
            [b, callA],
          ]);
        }
      }
      for (const spare of candidates(a)) if (!used.has(spare.index)) moves.push([[a, spare]]);
      for (const move of moves) {
        const trial = new Map(decided);
        for (const [key, call] of move) trial.set(key, call);
        const violations = countViolations(gold, trial);
        if (violations < best) {
          for (const [key, call] of move) decided.set(key, call);
          best = violations;
          improved = true;
          break;
        }
      }
      if (improved) break;
    }
  }
  return decided;
}

/** Kuhn's augmenting paths from the step side (few steps, possibly many calls). */
function maxMatching(
  steps: readonly string[],
  candidates: Candidates,
  used: ReadonlySet<number>,
): { stepToCall: Map<string, number>; callToStep: Map<number, string> } {
  const stepToCall = new Map<string, number>();
  const callToStep = new Map<number, string>();
  for (const start of steps) {
    const visited = new Set<number>();
    const augment = (step: string): boolean => {
      for (const call of candidates(step)) {
        if (used.has(call.index) || visited.has(call.index)) continue;
        visited.add(call.index);
        const owner = callToStep.get(call.index);
        if (owner === undefined || augment(owner)) {
          callToStep.set(call.index, step);
          stepToCall.set(step, call.index);
          return true;
        }
      }
      return false;
    };
    augment(start);
  }
  return { stepToCall, callToStep };
}

/** `$from` for answer and state checks: the result of the job that did the step. */
export function matchedResults(matching: Matching, task: string): FromResolver {
  return (stepId, path) => {
    const job = matching.byKey.get(stepKey(task, stepId))?.call?.job;
    if (job?.status !== "completed") return [];
    const value = getPath(job.result, path);
    return value === undefined ? [] : [value as JsonValue];
  };
}
