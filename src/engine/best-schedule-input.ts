import type { JsonValue } from "../json.js";
import { argsMatch, exampleValue, noResults } from "../scenarios/matchers.js";
import type { GoldStep, Scenario } from "../scenarios/scenario.js";
import type { BestScheduleInput, PlanStep } from "./best-schedule.js";
import { attemptFails, stepAttemptKey } from "./episode.js";
import { toClockUnits } from "./latency.js";
import type { DeliveryMode } from "./types.js";

/** A gold step as the search numbers it. */
export interface PlannedStep {
  readonly task: string;
  readonly step: GoldStep;
}

/**
 * The search's input for one episode in the step clock: every gold step (task order, then step
 * order) with its latency from `schedule`, its dependencies, the steps its call also fits (the
 * server attributes a call to the first free one), and the tool's faults.
 *
 * Which steps a call fits is judged on the call the step's example arguments make, with no
 * `$from` value known: a step that reads another's result is fitted by its own call only.
 */
export function bestScheduleInput(
  scenario: Scenario,
  schedule: Readonly<Record<string, Readonly<Record<string, number>>>>,
  seed: number,
  mode: DeliveryMode,
): { readonly input: BestScheduleInput; readonly steps: readonly PlannedStep[] } {
  const planned: PlannedStep[] = scenario.tasks.flatMap((task) =>
    task.steps.map((step) => ({ task: task.id, step })),
  );
  const index = new Map(planned.map((p, i) => [`${p.task}/${p.step.id}`, i]));
  const callArgs = planned.map((p) => {
    const args: Record<string, JsonValue> = {};
    for (const [name, matcher] of Object.entries(p.step.args)) {
      const value = exampleValue(matcher, noResults);
      if (value !== undefined) args[name] = value;
    }
    return args;
  });
  const ttlOf = (tool: string): number | undefined => {
    const timeout = scenario.tools.get(tool)?.faults.timeout;
    const jobTtl = scenario.limits.jobTtl;
    const units = [timeout, jobTtl].filter((v): v is number => v !== undefined);
    return units.length === 0 ? undefined : toClockUnits(Math.min(...units), "step", scenario.unitMs);
  };
  const concurrency: Record<string, number> = {};
  for (const [name, tool] of scenario.tools)
    if (tool.faults.concurrency !== undefined) concurrency[name] = tool.faults.concurrency;

  const steps: PlanStep[] = planned.map((p, i) => {
    const d = schedule[p.task]?.[p.step.id] ?? 0;
    const tool = scenario.tools.get(p.step.tool);
    const rate = tool?.faults.failureRate ?? 0;
    const ttl = ttlOf(p.step.tool);
    const fits = planned.flatMap((other, j) =>
      j === i ||
      (other.step.tool === p.step.tool && argsMatch(other.step.args, callArgs[i] as JsonValue, noResults))
        ? [j]
        : [],
    );
    return {
      task: scenario.tasks.findIndex((t) => t.id === p.task),
      // compileScenario refuses a dependency that names no step of the task, so each is found.
      deps: p.step.after.map((dep) => index.get(`${p.task}/${dep}`) as number),
      d,
      tool: p.step.tool,
      fits,
      ...(rate > 0
        ? { fails: (attempt: number) => attemptFails(seed, stepAttemptKey(p.task, p.step.id), attempt, rate) }
        : {}),
      ...(ttl !== undefined && d > ttl ? { expires: true } : {}),
    };
  });
  return {
    input: { tasks: scenario.tasks.length, steps, mode, concurrency },
    steps: planned,
  };
}
