import type { Report } from "./build.js";
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

export function formatTime(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? NONE : `${formatValue(value)} ${unit}`;
}

/** Text safe inside a Markdown table cell. */
export function markdownCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** How a task's answer and state checks went, in words: what both the Markdown and HTML tables show. */
export function checkVerdicts(task: Report["tasks"][number]): { answer: string; state: string } {
  const answer =
    task.answerCheck === null
      ? "unanswered"
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
