import { Episode } from "../engine/episode.js";
import type { Job } from "../engine/job.js";
import { getPath, type JsonValue } from "../json.js";
import { checkAnswer, checkState, exampleAnswer } from "../scenarios/answer-checks.js";
import { exampleValue, type FromResolver } from "../scenarios/matchers.js";
import type { Scenario } from "../scenarios/scenario.js";

/**
 * Runs every gold step of a scenario straight on the engine (no MCP), each after its
 * dependencies, and judges the answers: proof that a scenario is solvable as written. Also
 * returns each task's step results (task id → step id → result), in step order.
 */
export async function goldRun(scenario: Scenario, seed = 1) {
  const episode = new Episode({ scenario, seed, clock: "step" });
  const failures: string[] = [];
  const verdicts: Record<string, boolean> = {};
  const results: Record<string, Record<string, JsonValue>> = {};
  for (const task of scenario.tasks) {
    const done = new Map<string, Job>();
    const resolve: FromResolver = (step, path) => {
      const value = getPath(done.get(step)?.result, path);
      return value === undefined ? [] : [value as JsonValue];
    };
    const pending = [...task.steps];
    while (pending.length > 0) {
      const index = pending.findIndex((s) => s.after.every((d) => done.has(d)));
      const step = pending.splice(index, 1)[0];
      if (!step) throw new Error(`task ${task.id}: no step is ready`);
      const args: Record<string, JsonValue> = {};
      for (const [name, matcher] of Object.entries(step.args)) {
        const value = exampleValue(matcher, resolve);
        if (value !== undefined) args[name] = value;
      }
      episode.beginCall();
      const job = episode.startJob(step.tool, args);
      await episode.wait([job.id], { all: true });
      if (job.status !== "completed")
        failures.push(`${task.id}.${step.id}: ${job.status} ${job.error?.message ?? ""}`);
      done.set(step.id, job);
    }
    results[task.id] = Object.fromEntries(
      task.steps.map((step) => [step.id, (done.get(step.id)?.result ?? null) as JsonValue]),
    );
    const answer = exampleAnswer(task.answer, resolve) ?? "";
    const answerOk = checkAnswer(task.answer, answer, resolve);
    if (!answerOk.pass) failures.push(`${task.id}: answer ${answerOk.detail}`);
    verdicts[task.id] = answerOk.pass;
    episode.beginCall();
    episode.submitAnswer(task.id, answer);
    for (const check of task.state) {
      const outcome = checkState(check, episode.states, resolve);
      if (!outcome.pass) failures.push(`${task.id}: state ${outcome.detail}`);
    }
  }
  return { failures, verdicts, results, episode };
}
