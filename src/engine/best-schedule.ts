import type { DeliveryMode } from "./types.js";

/**
 * The best makespan M* of an episode in the step clock, found exactly by search, with one
 * schedule that reaches it. The model is the server's own rules (episode.ts and the MCP tools):
 *
 * - every agent call advances the clock by 1 and is stamped with the new value; jobs due by
 *   then end first (so a start at the end time of a failed attempt is a retry);
 * - a job started at c with latency d ends at c + d; a 0-latency job ends inside its call, and
 *   that call's handle delivers it (seen at c);
 * - wait_for_jobs(ids, all) at c lands at max(c, latest end of ids) and delivers every listed
 *   job that has ended; check_job delivers one ended job at c (a wait landing at c does as much);
 * - a step may start only after every dependency was seen, and every step of a task must be seen
 *   before the task's answer; submit_answer is one call; M = the time of the last answer;
 * - a call is attributed to the first free gold step its arguments fit (task order, then step
 *   order), else to the first one it fits, and runs with that step's latency and failure draw;
 * - a tool with a concurrency limit refuses a start while `limit` of its jobs are working; a
 *   failed attempt ends at its end time and the step can be started again from then.
 *
 * So a schedule is a sequence of start(g), collect(τ) (one wait that lands at τ: the next tick,
 * or the end of a running job, delivering every job ended by τ) and answer(T). Reductions, each
 * exact: the state relative to the last call (per step: not started, running with its remaining
 * time, ended unseen, seen; the answered tasks) does not depend on the absolute time, so equal
 * states are searched once; an answer unlocks nothing, so it goes either into the slack of a
 * collect that jumps two ticks or more (up to τ − t − 1 answers before the wait, for free) or at
 * the very end; without faults, a poll or wait that delivers nothing, and idling, never help
 * (with faults one such call can let a retry or a freed slot be used a tick earlier);
 * a second call for a step already running only shares that attempt's latency and fate.
 * The search is A* on time with an admissible bound (each task's remaining critical path with
 * one action per start and per collect, and one tick per start and answer still to make).
 */

export interface PlanStep {
  /** Index of its task. */
  readonly task: number;
  /** Indexes of the steps it depends on. */
  readonly deps: readonly number[];
  /** d(g), in steps. */
  readonly d: number;
  readonly tool: string;
  /**
   * The steps whose matchers accept this step's call, in the server's attribution order (task
   * order, then step order); it holds the step itself. Default: the step alone.
   */
  readonly fits?: readonly number[];
  /** Whether the attempt-th attempt at this step fails by a fault (0-based). Default: never. */
  readonly fails?: (attempt: number) => boolean;
  /** Its jobs outlive the tool's time-to-live: they expire and the step can never complete. */
  readonly expires?: boolean;
}

export interface BestScheduleInput {
  readonly tasks: number;
  readonly steps: readonly PlanStep[];
  readonly mode: DeliveryMode;
  /** Tool name → most jobs working at once. */
  readonly concurrency?: Readonly<Record<string, number>>;
  /** States the search may expand before it gives up (default MAX_EXPANDED); tests set it low. */
  readonly maxExpanded?: number;
}

export type ScheduleAction =
  | { readonly kind: "start"; readonly step: number; readonly at: number }
  /** One wait_for_jobs(all) on the jobs of `steps`, called at `at`, landing at `until`. */
  | {
      readonly kind: "collect";
      readonly steps: readonly number[];
      readonly at: number;
      readonly until: number;
    }
  | { readonly kind: "answer"; readonly task: number; readonly at: number }
  /** A call that only lets time pass (a check_job of a working job); only with faults. */
  | { readonly kind: "tick"; readonly at: number };

export interface BestSchedule {
  /** M*, or null when some step can never complete. */
  readonly makespan: number | null;
  readonly actions: readonly ScheduleAction[];
  /** Why there is no M*. */
  readonly reason?: string;
  /** States the search expanded (for tuning; not a result). */
  readonly expanded: number;
  /** The episode was too large to search: the caller falls back to a bound. */
  readonly tooLarge?: boolean;
}

/** Steps per episode the state encoding allows (one bit per step). */
const MAX_STEPS = 30;
/** States expanded before the search gives up (the shipped suite needs at most a few thousand). */
const MAX_EXPANDED = 1_000_000;

const NOT_STARTED = 0;
const RUNNING = 1;
const ENDED = 2;
const SEEN = 3;

interface State {
  readonly status: Uint8Array;
  /** Remaining time of each running job (by the step whose call started it). */
  readonly rem: Int32Array;
  /** The step each running job is attributed to (its latency and fate). */
  readonly attr: Int8Array;
  /** Whether each running job will fail. */
  readonly failing: Uint8Array;
  /** Failed attempts per attributed step. */
  readonly attempts: Uint8Array;
  /** Steps held by a job (the server's attribution): bit per step. */
  readonly held: number;
  readonly answered: number;
}

interface Node {
  readonly state: State;
  /** Absolute time of the last call. */
  readonly g: number;
  readonly f: number;
  readonly parent: Node | null;
  readonly actions: readonly ScheduleAction[];
}

export function bestSchedule(input: BestScheduleInput): BestSchedule {
  const steps = input.steps;
  const n = steps.length;
  if (n > MAX_STEPS)
    return {
      makespan: null,
      actions: [],
      reason: `${n} steps are more than the search handles (${MAX_STEPS})`,
      expanded: 0,
      tooLarge: true,
    };
  const fits = steps.map((s, i) => (s.fits && s.fits.length > 0 ? s.fits : [i]));
  for (let i = 0; i < n; i++) {
    if (fits[i]?.every((j) => steps[j]?.expires)) {
      return {
        makespan: null,
        actions: [],
        reason: `step ${i} can never complete: its jobs outlive the tool's time limit`,
        expanded: 0,
      };
    }
  }
  if (input.mode === "sync") return syncSchedule(input);

  const byTask: number[][] = Array.from({ length: input.tasks }, () => []);
  for (let i = 0; i < n; i++) byTask[(steps[i] as PlanStep).task]?.push(i);
  const limits = input.concurrency ?? {};
  const faulty = Object.keys(limits).length > 0 || steps.some((st) => st.fails !== undefined);
  const minD = steps.map((_, i) => Math.min(...(fits[i] as number[]).map((j) => steps[j]?.d ?? 0)));
  // Topological order for the bound.
  const order = topological(steps);

  const start: State = {
    status: new Uint8Array(n),
    rem: new Int32Array(n),
    attr: new Int8Array(n).fill(-1),
    failing: new Uint8Array(n),
    attempts: new Uint8Array(n),
    held: 0,
    answered: 0,
  };

  const seenAt = new Float64Array(n);
  const collects = new Float64Array(n);
  /** Lower bound on the time still needed to answer every task. */
  const bound = (s: State): number => {
    let notStarted = 0;
    // A chain of unseen steps needs one collect per step with a latency (a dependent cannot start
    // before its dependency was collected, nor be collected before it started).
    let chain = 0;
    for (const i of order) {
      const st = s.status[i] as number;
      let e = 0;
      let c = 0;
      for (const dep of (steps[i] as PlanStep).deps) c = Math.max(c, collects[dep] as number);
      if (st === SEEN) {
        e = 0;
        c = 0;
      } else if (st === ENDED) {
        e = 1;
        c += 1;
      } else if (st === RUNNING) {
        e = Math.max(s.rem[i] as number, 1);
        c += 1;
      } else {
        notStarted++;
        let ready = 0;
        for (const dep of (steps[i] as PlanStep).deps) ready = Math.max(ready, seenAt[dep] as number);
        const d = minD[i] as number;
        e = ready + 1 + (d > 0 ? Math.max(d, 1) : 0);
        if (d > 0) c += 1;
      }
      seenAt[i] = e;
      collects[i] = c;
      if (c > chain) chain = c;
    }
    let best = 0;
    let unanswered = 0;
    for (let t = 0; t < input.tasks; t++) {
      if (s.answered & (1 << t)) continue;
      unanswered++;
      let last = 0;
      for (const i of byTask[t] as number[]) last = Math.max(last, seenAt[i] as number);
      best = Math.max(best, last + 1);
    }
    return Math.max(best, notStarted + unanswered + chain);
  };

  const keyOf = (s: State): string => {
    let key = `${s.held}|${s.answered}|`;
    for (let i = 0; i < n; i++) {
      const st = s.status[i] as number;
      key += st === RUNNING ? `${s.rem[i]}.${s.attr[i]}.${s.failing[i]},` : `${st},`;
    }
    for (let i = 0; i < n; i++) key += s.attempts[i] ? `${s.attempts[i]},` : ",";
    return key;
  };

  const clone = (s: State): Omit<State, "held" | "answered"> & { held: number; answered: number } => ({
    status: s.status.slice(),
    rem: s.rem.slice(),
    attr: s.attr.slice(),
    failing: s.failing.slice(),
    attempts: s.attempts.slice(),
    held: s.held,
    answered: s.answered,
  });

  /** Moves time on by `dt`: jobs that reach their end end (a failure frees its step and its holder). */
  const advance = (s: ReturnType<typeof clone>, dt: number): number[] => {
    const ended: number[] = [];
    for (let i = 0; i < n; i++) {
      if (s.status[i] !== RUNNING) continue;
      const r = (s.rem[i] as number) - dt;
      if (r > 0) {
        s.rem[i] = r;
        continue;
      }
      ended.push(i);
      endJob(s, i);
    }
    return ended;
  };

  const endJob = (s: ReturnType<typeof clone>, i: number): void => {
    const a = s.attr[i] as number;
    if (s.failing[i]) {
      s.status[i] = NOT_STARTED;
      s.held &= ~(1 << a);
      s.attempts[a] = (s.attempts[a] as number) + 1;
    } else s.status[i] = ENDED;
    s.rem[i] = 0;
    s.attr[i] = -1;
    s.failing[i] = 0;
  };

  const answerable = (s: State, t: number): boolean =>
    (byTask[t] as number[]).every((i) => s.status[i] === SEEN);

  const heap = new MinHeap<Node>((a, b) => a.f - b.f || b.g - a.g);
  const bestG = new Map<string, number>();
  heap.push({ state: start, g: 0, f: bound(start), parent: null, actions: [] });
  bestG.set(keyOf(start), 0);
  let expanded = 0;
  const maxExpanded = input.maxExpanded ?? MAX_EXPANDED;

  while (heap.size > 0) {
    const node = heap.pop() as Node;
    const s = node.state;
    if ((bestG.get(keyOf(s)) ?? Number.POSITIVE_INFINITY) < node.g) continue;
    expanded++;
    if (expanded > maxExpanded)
      return {
        makespan: null,
        actions: [],
        reason: `the search passed ${maxExpanded} states`,
        expanded,
        tooLarge: true,
      };
    if (s.status.every((st) => st === SEEN)) {
      // Every result is in: the tasks still unanswered are answered one per tick.
      const actions = collectActions(node);
      let t = node.g;
      for (let task = 0; task < input.tasks; task++) {
        if (s.answered & (1 << task)) continue;
        t += 1;
        actions.push({ kind: "answer", task, at: t });
      }
      return { makespan: t, actions: eager(input, actions, t), expanded };
    }

    const push = (next: State, dt: number, actions: readonly ScheduleAction[]) => {
      const g = node.g + dt;
      const key = keyOf(next);
      if ((bestG.get(key) ?? Number.POSITIVE_INFINITY) <= g) return;
      bestG.set(key, g);
      heap.push({ state: next, g, f: g + bound(next), parent: node, actions });
    };

    // start(i): one call, at g + 1, after the jobs due by then have ended (so a step whose
    // attempt fails at g + 1 can be started again by this very call).
    const base = clone(s);
    advance(base, 1);
    for (let i = 0; i < n; i++) {
      if (base.status[i] !== NOT_STARTED) continue;
      const step = steps[i] as PlanStep;
      if (!step.deps.every((dep) => base.status[dep] === SEEN)) continue;
      const next = clone(base);
      const limit = limits[step.tool];
      if (limit !== undefined) {
        let working = 0;
        for (let j = 0; j < n; j++) if (next.status[j] === RUNNING && steps[j]?.tool === step.tool) working++;
        if (working >= limit) continue;
      }
      const candidates = fits[i] as readonly number[];
      const a = candidates.find((j) => !(next.held & (1 << j))) ?? (candidates[0] as number);
      const target = steps[a] as PlanStep;
      if (target.expires) continue;
      const fails = target.fails?.(next.attempts[a] as number) ?? false;
      next.held |= 1 << a;
      next.status[i] = RUNNING;
      next.rem[i] = target.d;
      next.attr[i] = a;
      next.failing[i] = fails ? 1 : 0;
      if (target.d <= 0) {
        endJob(next, i);
        // A 0-latency job ends inside its call, whose handle delivers it.
        if (next.status[i] === ENDED) next.status[i] = SEEN;
      }
      push(next, 1, [{ kind: "start", step: i, at: node.g + 1 }]);
    }

    // tick: one call that delivers nothing (a check of a working job). Useless without faults,
    // but with them it lets the next call land exactly when a failed attempt or a busy tool's
    // job ends, so that a start can take its place at once.
    if (faulty && s.status.some((st) => st === RUNNING)) {
      const next = clone(s);
      advance(next, 1);
      push(next, 1, [{ kind: "tick", at: node.g + 1 }]);
    }

    // collect(τ): τ = 1 (the next tick) or the end of a running job.
    const targets = new Set<number>();
    let endedNow = false;
    for (let i = 0; i < n; i++) {
      if (s.status[i] === ENDED) endedNow = true;
      if (s.status[i] === RUNNING) targets.add(Math.max(1, s.rem[i] as number));
    }
    if (endedNow) targets.add(1);
    for (const tau of targets) {
      const next = clone(s);
      // Answers fill the slack before the wait: up to τ − 1 of them, for free.
      const actions: ScheduleAction[] = [];
      let slack = tau - 1;
      for (let t = 0; t < input.tasks && slack > 0; t++) {
        if (next.answered & (1 << t) || !answerable(next, t)) continue;
        next.answered |= 1 << t;
        slack--;
        actions.push({ kind: "answer", task: t, at: node.g + actions.length + 1 });
      }
      const callAt = node.g + actions.length + 1;
      const ended = advance(next, tau);
      const delivered: number[] = [];
      for (let i = 0; i < n; i++) {
        if (next.status[i] === ENDED) {
          next.status[i] = SEEN;
          delivered.push(i);
        }
      }
      // A failed attempt is listed too: the wait that lands at its end is what frees the step.
      for (const i of ended) if (!delivered.includes(i)) delivered.push(i);
      if (delivered.length === 0) continue;
      actions.push({
        kind: "collect",
        steps: delivered.sort((a, b) => a - b),
        at: callAt,
        until: node.g + tau,
      });
      push(next, tau, actions);
    }
  }
  return { makespan: null, actions: [], reason: "no schedule answers every task", expanded };
  // (Unreachable in practice: with no fault every step completes.)

  function collectActions(end: Node): ScheduleAction[] {
    const chain: Node[] = [];
    for (let cur: Node | null = end; cur; cur = cur.parent) chain.push(cur);
    return chain.reverse().flatMap((nd) => [...nd.actions]);
  }
}

/**
 * Among schedules of the same makespan, one that starts work as soon as it can: a start that
 * follows a wait it did not need (its dependencies were seen before) moves before that wait,
 * as long as the makespan does not grow. The search returns any optimal schedule; this one also
 * reads well (the oracle does not sit in a wait while a step it could start is ready). Only
 * without faults and without calls that fit several steps, where times follow from the order
 * alone. Exported (at the end of the file) for its tests, which give it hand-made schedules.
 */
function eager(input: BestScheduleInput, actions: ScheduleAction[], makespan: number): ScheduleAction[] {
  const steps = input.steps;
  const plain =
    Object.keys(input.concurrency ?? {}).length === 0 &&
    steps.every((s, i) => s.fails === undefined && !s.expires && (s.fits ?? [i]).every((j) => j === i));
  if (!plain) return actions;
  let current = actions;
  for (let changed = true; changed; ) {
    changed = false;
    const delivered = new Set<number>();
    for (let i = 0; i + 1 < current.length && !changed; i++) {
      const here = current[i] as ScheduleAction;
      // A start among those right after this wait whose inputs were in before it moves before it.
      for (let j = i + 1; here.kind === "collect" && j < current.length; j++) {
        const next = current[j] as ScheduleAction;
        if (next.kind !== "start") break;
        if (!(steps[next.step] as PlanStep).deps.every((dep) => delivered.has(dep))) continue;
        const moved = [...current.slice(0, i), next, ...current.slice(i, j), ...current.slice(j + 1)];
        const timed = retime(steps, moved);
        if (timed && (timed.at(-1)?.at ?? Number.POSITIVE_INFINITY) <= makespan) {
          current = timed;
          changed = true;
          break;
        }
      }
      if (here.kind === "collect") for (const j of here.steps) delivered.add(j);
      if (here.kind === "start" && (steps[here.step] as PlanStep).d <= 0) delivered.add(here.step);
    }
  }
  return current;
}

/** The times of a fault-free schedule played in order; null if a start comes before its inputs. */
function retime(steps: readonly PlanStep[], actions: readonly ScheduleAction[]): ScheduleAction[] | null {
  const ends = new Map<number, number>();
  const seen = new Set<number>();
  let t = 0;
  const out: ScheduleAction[] = [];
  for (const action of actions) {
    t += 1;
    if (action.kind === "start") {
      const step = steps[action.step] as PlanStep;
      if (!step.deps.every((dep) => seen.has(dep))) return null;
      ends.set(action.step, t + Math.max(0, step.d));
      if (step.d <= 0) seen.add(action.step);
      out.push({ ...action, at: t });
    } else if (action.kind === "collect") {
      const at = t;
      for (const j of action.steps) t = Math.max(t, ends.get(j) ?? Number.POSITIVE_INFINITY);
      for (const j of action.steps) seen.add(j);
      out.push({ ...action, at, until: t });
    } else out.push({ ...action, at: t });
  }
  return out;
}

/**
 * In sync mode every scenario call blocks until its own result: nothing overlaps, and each
 * attempt costs one call plus its latency, each answer one call.
 */
function syncSchedule(input: BestScheduleInput): BestSchedule {
  const order = topological(input.steps);
  const actions: ScheduleAction[] = [];
  const failures = new Map<number, number>();
  let t = 0;
  for (const i of order) {
    const step = input.steps[i] as PlanStep;
    for (;;) {
      const k = failures.get(i) ?? 0;
      actions.push({ kind: "start", step: i, at: t + 1 });
      t += 1 + Math.max(0, step.d);
      if (!step.fails?.(k)) break;
      failures.set(i, k + 1);
    }
  }
  for (let task = 0; task < input.tasks; task++) {
    t += 1;
    actions.push({ kind: "answer", task, at: t });
  }
  return { makespan: t, actions, expanded: 0 };
}

function topological(steps: readonly PlanStep[]): number[] {
  const out: number[] = [];
  const done = new Uint8Array(steps.length);
  const visit = (i: number) => {
    if (done[i]) return;
    done[i] = 1;
    for (const dep of steps[i]?.deps ?? []) visit(dep);
    out.push(i);
  };
  for (let i = 0; i < steps.length; i++) visit(i);
  return out;
}

class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(a[i] as T, a[p] as T) >= 0) break;
      [a[i], a[p]] = [a[p] as T, a[i] as T];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as T, a[m] as T) < 0) m = l;
        if (r < a.length && this.less(a[r] as T, a[m] as T) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as T, a[i] as T];
        i = m;
      }
    }
    return top;
  }
}

// Only for the tests of the eager order: not part of the module's interface.
export { eager };
