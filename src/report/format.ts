import type { Metrics } from "../metrics/compute.js";
/** How figures are written in Markdown and HTML: "—" for a value that does not exist (null). */
export const NONE = "—";

export function formatValue(value: number | boolean | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  // Two significant digits for tiny values, so 0.00012 does not read as 0.
  if (abs < 0.001) return String(Number(value.toPrecision(2)));
  // Three decimals for ratios, one for large times.
  const digits = abs >= 100 ? 1 : 3;
  return value.toFixed(digits).replace(/\.?0+$/, "");
}

/** What a figure that needs gold shows when the session had none (a proxy without tasks). */
export const NO_GOLD = "no gold";

/** A headline figure's cell: its value, or "no gold". */
export function formatFigure(figure: {
  readonly value: number | boolean | null;
  readonly noGold?: true;
}): string {
  return figure.noGold ? NO_GOLD : formatValue(figure.value);
}

export function formatTime(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? NONE : `${formatValue(value)} ${unit}`;
}

/** Text safe inside a Markdown table cell. */
export function markdownCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** What an unfinished session's figures are, said above its tables. */
export const UNFINISHED_NOTE =
  "it stopped before the episode ended, so its figures score what the agent had done by then (a task without an answer counts as failed) and are not a final result.";

/** A task left without an answer by a session that is not over (end-status.ts). */
export const UNANSWERED_UNFINISHED = "unanswered (session unfinished)";

/** How a task's answer and state checks went, in words: what both the Markdown and HTML tables show. */
export function checkVerdicts(
  task: Metrics["tasks"][number],
  unfinished = false,
): { answer: string; state: string } {
  const answer =
    task.answerCheck === null
      ? unfinished
        ? UNANSWERED_UNFINISHED
        : "unanswered"
      : task.answerCheck.pass
        ? "pass"
        : `fail: ${task.answerCheck.detail ?? ""}`;
  const state =
    task.stateChecks.length === 0
      ? NONE
      : task.stateChecks.every((c) => c.pass)
        ? "pass"
        : `fail: ${task.stateChecks.find((c) => !c.pass)?.detail ?? ""}`;
  return { answer, state };
}
