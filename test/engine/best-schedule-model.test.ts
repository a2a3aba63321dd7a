import { describe, expect, it } from "vitest";
import {
  type BestScheduleInput,
  bestSchedule,
  type PlanStep,
  type ScheduleAction,
} from "../../src/engine/best-schedule.js";

/**
 * The search against an exhaustive enumeration of the same model (the rules in best-schedule.ts's
 * header, written again here without any of its reductions): every call the agent could make at
 * every moment (start a ready step, wait on any subset of its jobs, check one job, answer a task),
 * with faults, concurrency limits and calls that fit several steps. Tiny instances only; a
 * memo on the state relative to the last call and the best makespan found keep it quick.
 */

const NOT_STARTED = 0;
const RUNNING = 1;
const ENDED = 2;
const SEEN = 3;

interface Sim {
  t: number;
  status: number[];
  /** Absolute end time of each running job (by the step whose call started it). */
  end: number[];
  attr: number[];
  failing: boolean[];
  attempts: number[];
  held: number;
  answered: number;
}

const copy = (s: Sim): Sim => ({
  ...s,
  status: [...s.status],
  end: [...s.end],
  attr: [...s.attr],
  failing: [...s.failing],
  attempts: [...s.attempts],
});

const fitsOf = (input: BestScheduleInput, i: number): readonly number[] => {
  const f = input.steps[i]?.fits;
  return f && f.length > 0 ? f : [i];
};

/** Ends job i (at its end time): a failure frees the step it was attributed to and counts an attempt. */
function endJob(s: Sim, i: number): void {
  const a = s.attr[i] as number;
  if (s.failing[i]) {
    s.status[i] = NOT_STARTED;
    s.held &= ~(1 << a);
    s.attempts[a] = (s.attempts[a] as number) + 1;
  } else s.status[i] = ENDED;
}

/** Time moves to `to`: every job due by then ends. Returns the steps whose jobs ended. */
function moveTo(s: Sim, to: number): number[] {
  s.t = to;
  const ended: number[] = [];
  s.status.forEach((st, i) => {
    if (st === RUNNING && (s.end[i] as number) <= to) {
      endJob(s, i);
      ended.push(i);
    }
  });
  return ended;
}

/** A start call for step i at s.t (time already moved); false if the server would refuse it. */
function start(input: BestScheduleInput, s: Sim, i: number): boolean {
  const step = input.steps[i] as PlanStep;
  if (s.status[i] !== NOT_STARTED) return false;
  if (!step.deps.every((d) => s.status[d] === SEEN)) return false;
  const limit = input.concurrency?.[step.tool];
  if (limit !== undefined) {
    const working = s.status.filter((st, j) => st === RUNNING && input.steps[j]?.tool === step.tool).length;
    if (working >= limit) return false;
  }
  const fits = fitsOf(input, i);
  const a = fits.find((j) => !(s.held & (1 << j))) ?? (fits[0] as number);
  const target = input.steps[a] as PlanStep;
  if (target.expires) return false;
  s.held |= 1 << a;
  s.attr[i] = a;
  s.failing[i] = target.fails?.(s.attempts[a] as number) ?? false;
  s.status[i] = RUNNING;
  s.end[i] = s.t + Math.max(0, target.d);
  if (target.d <= 0) {
    endJob(s, i);
    if (s.status[i] === ENDED) s.status[i] = SEEN;
  }
  return true;
}

const answerable = (input: BestScheduleInput, s: Sim, task: number): boolean =>
  input.steps.every((st, i) => st.task !== task || s.status[i] === SEEN);

const initial = (input: BestScheduleInput): Sim => {
  const n = input.steps.length;
  return {
    t: 0,
    status: Array(n).fill(NOT_STARTED),
    end: Array(n).fill(0),
    attr: Array(n).fill(-1),
    failing: Array(n).fill(false),
    attempts: Array(n).fill(0),
    held: 0,
    answered: 0,
  };
};

/** Every state one agent call leads to. */
function successors(input: BestScheduleInput, s: Sim): Sim[] {
  const out: Sim[] = [];
  const base = copy(s);
  moveTo(base, s.t + 1);
  for (let task = 0; task < input.tasks; task++) {
    if (base.answered & (1 << task) || !answerable(input, base, task)) continue;
    const next = copy(base);
    next.answered |= 1 << task;
    out.push(next);
  }
  for (let i = 0; i < input.steps.length; i++) {
    const next = copy(base);
    if (start(input, next, i)) out.push(next);
  }
  // Jobs a call can name: those started and not yet seen (as the server's ids, listed by step).
  const open = s.status.flatMap((st, i) => (st === RUNNING || st === ENDED ? [i] : []));
  for (const i of open) {
    // check_job of one job: delivers it if it has ended by the call.
    const next = copy(base);
    if (next.status[i] === ENDED) next.status[i] = SEEN;
    out.push(next);
  }
  for (let mask = 1; mask < 1 << open.length; mask++) {
    const listed = open.filter((_, b) => mask & (1 << b));
    const next = copy(s);
    // wait(all) lands at the latest end of the listed jobs still running, or at the next tick.
    let until = s.t + 1;
    for (const i of listed) if (s.status[i] === RUNNING) until = Math.max(until, s.end[i] as number);
    moveTo(next, until);
    for (const i of listed) if (next.status[i] === ENDED) next.status[i] = SEEN;
    out.push(next);
  }
  return out;
}

const keyOf = (s: Sim): string =>
  JSON.stringify([
    s.status,
    s.status.map((st, i) => (st === RUNNING ? (s.end[i] as number) - s.t : 0)),
    s.attr,
    s.failing,
    s.attempts,
    s.held,
    s.answered,
  ]);

/** The least makespan over every call sequence, or null when none answers every task by `horizon`. */
function bruteForce(input: BestScheduleInput, horizon = 40): number | null {
  let best = horizon + 1;
  const all = (1 << input.tasks) - 1;
  const memo = new Map<string, number>();
  const explore = (s: Sim) => {
    if (s.answered === all) {
      best = Math.min(best, s.t);
      return;
    }
    // Each unanswered task still needs its answer call.
    let unanswered = 0;
    for (let task = 0; task < input.tasks; task++) if (!(s.answered & (1 << task))) unanswered++;
    if (s.t + unanswered >= best) return;
    const key = keyOf(s);
    if ((memo.get(key) ?? Number.POSITIVE_INFINITY) <= s.t) return;
    memo.set(key, s.t);
    for (const next of successors(input, s)) explore(next);
  };
  explore(initial(input));
  return best > horizon ? null : best;
}

/**
 * Plays a schedule the search returned, call by call, and checks each call's time: every call is
 * one tick after the previous one, a wait lands at the latest end of the jobs it lists (at least
 * its own tick) and sees every job ended by then, a start obeys the server's rules, an answer
 * comes after all its task's steps were seen. Returns the time of the last call.
 */
function replay(input: BestScheduleInput, actions: readonly ScheduleAction[]): number {
  const s = initial(input);
  // Jobs that ended during the answers just before a wait: that wait lists them too.
  let endedBefore: number[] = [];
  for (const action of actions) {
    expect(action.at, `${JSON.stringify(action)} is one tick after ${s.t}`).toBe(s.t + 1);
    if (action.kind !== "answer" && action.kind !== "collect") endedBefore = [];
    if (action.kind === "start") {
      moveTo(s, action.at);
      expect(start(input, s, action.step), `start ${action.step} at ${action.at} is allowed`).toBe(true);
    } else if (action.kind === "answer") {
      endedBefore.push(...moveTo(s, action.at));
      expect(answerable(input, s, action.task), `task ${action.task} answerable at ${action.at}`).toBe(true);
      expect(s.answered & (1 << action.task)).toBe(0);
      s.answered |= 1 << action.task;
    } else if (action.kind === "tick") {
      moveTo(s, action.at);
    } else {
      let until = action.at;
      // Listed in step order, each once.
      expect(action.steps).toEqual([...new Set(action.steps)].sort((x, y) => x - y));
      for (const i of action.steps) {
        if (endedBefore.includes(i)) continue;
        expect([RUNNING, ENDED]).toContain(s.status[i]);
        if (s.status[i] === RUNNING) until = Math.max(until, s.end[i] as number);
      }
      expect(action.until).toBe(until);
      const ended = [...endedBefore, ...moveTo(s, until)];
      endedBefore = [];
      // The wait lists exactly the jobs ended and not yet seen, and every job that ended on its
      // way (a failed one too: the wait that lands at its end is what frees its step).
      const expected = new Set(ended);
      s.status.forEach((st, i) => {
        if (st === ENDED) expected.add(i);
      });
      expect(action.steps.length).toBeGreaterThan(0);
      expect(action.steps).toEqual([...expected].sort((x, y) => x - y));
      for (const i of action.steps) if (s.status[i] === ENDED) s.status[i] = SEEN;
    }
  }
  expect(s.answered).toBe((1 << input.tasks) - 1);
  return s.t;
}

/** mulberry32: a fixed-seed generator, so that every run tests the same instances. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random instance: 1–2 tasks (or as many as `kind` says), 1–4 steps with latencies 0–3, dependencies inside a task, two
 * tools; as `kind` says, faults that fail some early attempts, a concurrency limit of 1, and
 * calls that fit a step of the same tool.
 */
function randomInput(
  seed: number,
  kind: { faults: boolean; limit: boolean; fits: boolean; tasks?: number },
): BestScheduleInput {
  const rnd = generator(seed);
  const pick = (k: number) => Math.floor(rnd() * k);
  const tasks = kind.tasks ?? 1 + pick(2);
  const total = tasks + pick(5 - tasks);
  const raw: { task: number; deps: number[]; d: number; tool: string; failMask: number }[] = [];
  for (let i = 0; i < total; i++) {
    const task = i < tasks ? i : pick(tasks);
    const deps = raw.flatMap((s, j) => (s.task === task && rnd() < 0.5 ? [j] : []));
    raw.push({ task, deps, d: pick(4), tool: rnd() < 0.5 ? "a" : "b", failMask: kind.faults ? pick(4) : 0 });
  }
  // Steps in attribution order: task order, then step order.
  const order = raw
    .map((_, i) => i)
    .sort((x, y) => (raw[x]?.task as number) - (raw[y]?.task as number) || x - y);
  const renumber = new Map(order.map((old, i) => [old, i]));
  const steps: PlanStep[] = order.map((old, i) => {
    const r = raw[old] as (typeof raw)[number];
    const fits = kind.fits
      ? order.flatMap((o, j) => (j === i || (raw[o]?.tool === r.tool && rnd() < 0.5) ? [j] : []))
      : undefined;
    return {
      task: r.task,
      deps: r.deps.map((d) => renumber.get(d) as number),
      d: r.d,
      tool: r.tool,
      ...(fits ? { fits } : {}),
      // Bit k of the mask: the k-th attempt fails (only the first two can).
      ...(r.failMask > 0
        ? { fails: (attempt: number) => attempt < 2 && (r.failMask & (1 << attempt)) !== 0 }
        : {}),
    };
  });
  return { tasks, steps, mode: "async", ...(kind.limit ? { concurrency: { a: 1 } } : {}) };
}

const kinds = [
  { name: "fault-free", faults: false, limit: false, fits: false },
  { name: "faults", faults: true, limit: false, fits: false },
  { name: "a concurrency limit", faults: false, limit: true, fits: false },
  { name: "faults and a limit", faults: true, limit: true, fits: false },
  { name: "shared calls", faults: false, limit: false, fits: true },
  { name: "shared calls and faults", faults: true, limit: false, fits: true },
  // Three tasks: the answers of two finished tasks can compete for the slack of one wait.
  { name: "three tasks", faults: false, limit: false, fits: false, tasks: 3 },
];

describe("bestSchedule against an exhaustive search of its model", () => {
  for (const kind of kinds) {
    it(`${kind.name}: M* is the least makespan over every call sequence, and the schedule reaches it`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const input = randomInput(seed * 7919 + kind.name.length, kind);
        const best = bestSchedule(input);
        const expected = bruteForce(input);
        expect(best.makespan, `seed ${seed}: ${JSON.stringify(input)}`).toBe(expected);
        if (best.makespan !== null) expect(replay(input, best.actions)).toBe(best.makespan);
        // A call that only lets time pass never helps without faults or limits.
        if (!kind.faults && !kind.limit) expect(best.actions.map((a) => a.kind)).not.toContain("tick");
      }
    });
  }
});
