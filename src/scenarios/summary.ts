import type { Scenario, Task } from "./scenario.js";

/** The shape of a scenario at a glance: what `list` prints and the dataset statistics count. */
export interface ScenarioSummary {
  readonly id: string;
  readonly title: string;
  readonly domains: readonly string[];
  readonly tasks: number;
  readonly steps: number;
  /** Longest dependency chain of any task, in steps. */
  readonly depth: number;
  readonly declaredTools: number;
  readonly clock: string;
}

export function summarizeScenario(scenario: Scenario): ScenarioSummary {
  return {
    id: scenario.id,
    title: scenario.title,
    domains: scenario.domains.map((d) => d.name),
    tasks: scenario.tasks.length,
    steps: scenario.tasks.reduce((n, t) => n + t.steps.length, 0),
    depth: Math.max(...scenario.tasks.map(taskDepth)),
    declaredTools: scenario.spec.tools.length,
    clock: scenario.clock,
  };
}

/** Steps on the longest dependency chain of a task. */
export function taskDepth(task: Task): number {
  const memo = new Map<string, number>();
  const byId = new Map(task.steps.map((s) => [s.id, s]));
  const depth = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const step = byId.get(id);
    const value = 1 + Math.max(0, ...(step?.after ?? []).map(depth));
    memo.set(id, value);
    return value;
  };
  return Math.max(...task.steps.map((s) => depth(s.id)));
}
