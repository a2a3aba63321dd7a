import { AsyncToolError } from "../errors.js";
import { median } from "../metrics/stats.js";
import { type AccItem, gradeAnswer } from "./acc.js";
import { accItemSchema } from "./schemas.js";

/**
 * `asynctool acc-eval`: a model answers ACC items without tools, and its answers are graded with
 * the project's own answer checks. What is asked and how it is graded is here; the CLI talks to
 * the model.
 */

export const ACC_SYSTEM_PROMPT =
  "You are given the record of an agent's work: an episode brief, then the tool calls it made and the " +
  "results it received, turn by turn. Answer the question from that record alone. Reply with the " +
  "answer only: no explanation, no quotes.";

/** The one user message: the context, then the question. */
export function accPrompt(item: AccItem): string {
  return `${item.context}\nQUESTION\n${item.question}`;
}

export interface AccVerdict {
  readonly id: string;
  readonly kind: AccItem["kind"];
  readonly answer: string;
  readonly expected: string;
  readonly pass: boolean;
  readonly detail: string | null;
  /** The farthest evidence, to read accuracy against distance. */
  readonly distanceTurns: number;
  readonly distanceChars: number;
}

export function gradeItem(item: AccItem, answer: string): AccVerdict {
  const outcome = gradeAnswer(item.check, answer.trim());
  return {
    id: item.id,
    kind: item.kind,
    answer,
    expected: item.answer,
    pass: outcome.pass,
    detail: outcome.detail ?? null,
    distanceTurns: item.distance.turns,
    distanceChars: item.distance.chars,
  };
}

/** Reads an ACC export; a line that is not an item names its line. */
export function parseAccItems(text: string, source: string): AccItem[] {
  const items: AccItem[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new AsyncToolError(
        "ACC_ITEMS_INVALID",
        `${source}, line ${i + 1}: not JSON. Give a file written by \`asynctool export acc\`.`,
        { where: `${source}:${i + 1}` },
      );
    }
    const parsed = accItemSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AsyncToolError(
        "ACC_ITEMS_INVALID",
        `${source}, line ${i + 1}: not an ACC item (${issue ? `${issue.path.join(".") || "line"}: ${issue.message}` : "invalid"}). Give a file written by \`asynctool export acc\`.`,
        { where: `${source}:${i + 1}` },
      );
    }
    items.push(value as AccItem);
  });
  return items;
}

export interface AccEvalSummary {
  readonly items: number;
  readonly correct: number;
  readonly accuracy: number | null;
  /** Accuracy by the farthest evidence's distance in turns: the items below the median and the rest. */
  readonly near: { readonly items: number; readonly accuracy: number | null };
  readonly far: { readonly items: number; readonly accuracy: number | null };
  readonly medianDistanceTurns: number | null;
}

export function summarizeAccEval(verdicts: readonly AccVerdict[]): AccEvalSummary {
  const acc = (list: readonly AccVerdict[]) =>
    list.length === 0 ? null : list.filter((v) => v.pass).length / list.length;
  const mid = median(verdicts.map((v) => v.distanceTurns));
  const near = mid === null ? [] : verdicts.filter((v) => v.distanceTurns < mid);
  const far = mid === null ? [] : verdicts.filter((v) => v.distanceTurns >= mid);
  return {
    items: verdicts.length,
    correct: verdicts.filter((v) => v.pass).length,
    accuracy: acc(verdicts),
    near: { items: near.length, accuracy: acc(near) },
    far: { items: far.length, accuracy: acc(far) },
    medianDistanceTurns: mid,
  };
}

export function renderAccEvalSummary(model: string, summary: AccEvalSummary): string {
  const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);
  return [
    `| ACC eval: ${model} | items | accuracy |`,
    "|---|---|---|",
    `| all | ${summary.items} | ${pct(summary.accuracy)} (${summary.correct} right) |`,
    `| evidence nearer than the median (${summary.medianDistanceTurns ?? "–"} turns) | ${summary.near.items} | ${pct(summary.near.accuracy)} |`,
    `| evidence at the median or farther | ${summary.far.items} | ${pct(summary.far.accuracy)} |`,
  ].join("\n");
}
