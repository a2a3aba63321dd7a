import type { GoldStep, Scenario, Task } from "../scenarios/scenario.js";

/** The gold side of an episode: every step with its latency d(g) (from the recording's schedule) and its place in the DAG. */

export interface GoldNode {
  /** "task/step": unique in the episode. */
  readonly key: string;
  readonly task: Task;
  readonly taskIndex: number;
  readonly step: GoldStep;
  /** d(g), in clock units. */
  readonly d: number;
  /** Steps on the longest dependency chain that ends here (a root has depth 1). */
  readonly depth: number;
  readonly deps: readonly GoldNode[];
}

export interface GoldTask {
  readonly task: Task;
  readonly index: number;
  /** Its steps in topological order. */
  readonly nodes: readonly GoldNode[];
  /** CP(T): longest path with node weight w(g) = δ + max(d(g), δ), plus δ for the answer. */
  readonly criticalPath: number;
}

export interface Gold {
  /** Every gold step, in a topological order: depth, then task order, then step order. */
  readonly nodes: readonly GoldNode[];
  readonly byKey: ReadonlyMap<string, GoldNode>;
  readonly tasks: readonly GoldTask[];
  readonly delta: number;
  /** Gold steps + tasks: one start per step, one answer per task. */
  readonly minimumActions: number;
  /** S = Σ w(g) + |T|·δ. */
  readonly sequentialBound: number;
  /** LB = max over tasks of CP(T): M* in the wall clock. */
  readonly lowerBound: number;
  /** Steps the schedule had no latency for (read as 0). */
  readonly unscheduled: readonly string[];
}

/**
 * w(g) = δ + max(d(g), δ): one action to start the step, then its latency, or one action to
 * collect it if that is longer (a collect is an action, and a wait cannot answer before it is
 * asked).
 */
export function weight(d: number, delta: number): number {
  return delta + Math.max(d, delta);
}

export function stepKey(task: string, step: string): string {
  return `${task}/${step}`;
}

export function buildGold(
  scenario: Scenario,
  schedule: Readonly<Record<string, Readonly<Record<string, number>>>>,
  delta: number,
): Gold {
  const all: GoldNode[] = [];
  const byKey = new Map<string, GoldNode>();
  const tasks: GoldTask[] = [];
  const unscheduled: string[] = [];
  scenario.tasks.forEach((task, taskIndex) => {
    const steps = new Map(task.steps.map((s) => [s.id, s]));
    const built = new Map<string, GoldNode>();
    const order: GoldNode[] = [];
    const visit = (step: GoldStep): GoldNode => {
      const known = built.get(step.id);
      if (known) return known;
      // The scenario compiler guarantees an acyclic graph over steps of the same task.
      const deps = step.after.flatMap((id) => {
        const dep = steps.get(id);
        return dep ? [visit(dep)] : [];
      });
      const d = schedule[task.id]?.[step.id];
      if (d === undefined) unscheduled.push(stepKey(task.id, step.id));
      const node: GoldNode = {
        key: stepKey(task.id, step.id),
        task,
        taskIndex,
        step,
        d: d ?? 0,
        depth: 1 + Math.max(0, ...deps.map((n) => n.depth)),
        deps,
      };
      built.set(step.id, node);
      order.push(node);
      return node;
    };
    for (const step of task.steps) visit(step);
    const finish = new Map<string, number>();
    let longest = 0;
    for (const node of order) {
      const end = Math.max(0, ...node.deps.map((dep) => finish.get(dep.key) ?? 0)) + weight(node.d, delta);
      finish.set(node.key, end);
      longest = Math.max(longest, end);
    }
    tasks.push({ task, index: taskIndex, nodes: order, criticalPath: longest + delta });
    for (const node of order) {
      all.push(node);
      byKey.set(node.key, node);
    }
  });
  const stepIndex = new Map(
    scenario.tasks.flatMap((t) => t.steps.map((s, i) => [stepKey(t.id, s.id), i] as const)),
  );
  all.sort(
    (a, b) =>
      a.depth - b.depth ||
      a.taskIndex - b.taskIndex ||
      (stepIndex.get(a.key) ?? 0) - (stepIndex.get(b.key) ?? 0),
  );
  const minimumActions = all.length + tasks.length;
  const sequentialBound = all.reduce((sum, n) => sum + weight(n.d, delta), 0) + tasks.length * delta;
  const lowerBound = Math.max(0, ...tasks.map((t) => t.criticalPath));
  return { nodes: all, byKey, tasks, delta, minimumActions, sequentialBound, lowerBound, unscheduled };
}
