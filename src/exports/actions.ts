import { canonicalJson, type JsonValue } from "../json.js";
import { targetedJobIds } from "../metrics/inputs.js";
import { checkAnswer } from "../scenarios/answer-checks.js";
import { type EpisodeView, stepResolver } from "./episode.js";

/**
 * A run as a sequence of normalised actions (docs/exports.md, "Actions"): what the agent did that
 * bears on success, with the timing noise (polls that found nothing, job ids, clock stamps) left
 * out and the order facts that decide success (a step started before its inputs were seen, an
 * answer given before its results were seen, an answer's verdict) written into the label. Two
 * runs that did the same things have the same labels, whoever ran them.
 */
export interface Action {
  /** 0-based position in the run's action sequence. */
  readonly index: number;
  /** The session call it comes from. */
  readonly call: number;
  readonly label: string;
  /** The task it belongs to, when it belongs to one. */
  readonly task: string | null;
}

export function actionsOf(view: EpisodeView): Action[] {
  const out: Action[] = [];
  const push = (call: number, label: string, task: string | null) =>
    out.push({ index: out.length, call, label, task });
  const stepOfCall = new Map<number, { task: string; step: string; violation: boolean }>();
  for (const s of view.metrics.steps)
    if (s.call !== null) stepOfCall.set(s.call, { task: s.task, step: s.step, violation: s.violation });
  const stepOfJob = new Map<number, { task: string; step: string }>();
  for (const s of view.metrics.steps)
    if (s.job !== null) stepOfJob.set(s.job, { task: s.task, step: s.step });
  const jobByNumber = new Map(view.inputs.jobs.map((j) => [j.id, j]));
  const jobName = (n: number): { label: string; task: string | null } => {
    const step = stepOfJob.get(n);
    if (step) return { label: `${step.task}.${step.step}`, task: step.task };
    const job = view.inputs.jobs[n - 1];
    return { label: `${job?.tool ?? "?"} ${canonicalJson(job?.args ?? null)}`, task: null };
  };

  for (const call of view.inputs.calls) {
    const response = call.response;
    if (response === null) continue;
    if (call.kind === "scenario") {
      const step = stepOfCall.get(call.call);
      if (step) {
        const early = step.violation ? " (before its inputs were seen)" : "";
        push(call.call, `do ${step.task}.${step.step}${early}`, step.task);
      } else {
        const refused = response.isError ? ` -> ${response.code ?? "error"}` : "";
        push(call.call, `call ${call.tool} ${canonicalJson(call.args)}${refused}`, null);
      }
    } else if (call.tool === "cancel_job" && !response.isError) {
      for (const id of targetedJobIds(call.args)) {
        const job = jobByNumber.get(id);
        if (!job) continue;
        const name = jobName(job.n);
        push(call.call, `cancel ${name.label}`, name.task);
      }
    } else if (call.tool === "submit_answer" && !response.isError) {
      const args = call.args as Record<string, JsonValue>;
      const task = typeof args.task_id === "string" ? args.task_id : "";
      const answer = typeof args.answer === "string" ? args.answer : JSON.stringify(args.answer ?? null);
      push(call.call, `answer ${task} (${answerVerdict(view, task, answer, call.request)})`, task);
    } else if (call.tool === "finish" && !response.isError) {
      push(call.call, "finish", null);
    }
    for (const id of response.delivered ?? []) {
      const job = jobByNumber.get(id);
      if (!job || job.seenBy !== call) continue;
      const name = jobName(job.n);
      push(call.call, `see ${name.label}`, name.task);
    }
  }
  return out;
}

/** "right" or "wrong" by the task's answer check; ", before its results were seen" when ungrounded. */
function answerVerdict(view: EpisodeView, task: string, answer: string, at: number): string {
  const spec = view.scenario.tasks.find((t) => t.id === task);
  if (!spec) return "unknown task";
  const right = checkAnswer(spec.answer, answer, stepResolver(view, task)).pass;
  const steps = view.metrics.steps.filter((s) => s.task === task);
  const grounded = steps.every((s) => s.seenAt !== null && s.seenAt <= at);
  return `${right ? "right" : "wrong"}${grounded ? "" : ", before its results were seen"}`;
}
