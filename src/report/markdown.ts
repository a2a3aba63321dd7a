import { DEFINITIONS_LINK } from "../metrics/catalog.js";
import type { Report } from "./build.js";
import {
  markdownCell as cell,
  checkVerdicts,
  formatFigure,
  formatTime,
  formatValue,
  NONE,
  UNFINISHED_NOTE,
} from "./format.js";

/** The report for a terminal or a pull request: headline table, per-task table, δ used, issues, notes. */
export function renderMarkdown(report: Report): string {
  const { metrics: m, unit } = report;
  const out: string[] = [];
  out.push(`# AsyncTool report: ${cell(report.scenario.title)}`, "");
  const client = report.client ? `${report.client.name} ${report.client.version}` : "unknown client";
  out.push(
    `Scenario \`${report.scenario.id}\` · seed ${report.seed} · mode ${report.mode} · clock ${report.clock} · ${client}`,
    "",
  );
  out.push(`**δ used:** ${describeDelta(report)}`, "");
  out.push(`**End:** ${report.end.label}.`);
  if (report.end.unfinished) out.push("", `> **Unfinished session:** ${UNFINISHED_NOTE}`);
  if (report.end.truncated) {
    out.push(
      "",
      `> **Truncated log:** it has no end line; scored as ended at its last event (t = ${formatTime(report.end.t, unit)}).`,
    );
  }
  out.push(
    "",
    `## Headline${report.end.unfinished ? " (unfinished session: figures so far)" : ""}`,
    "",
    "| Metric | Value | Unit | Better |",
    "|---|---:|---|---|",
  );
  for (const h of report.headline) {
    out.push(
      `| ${h.label} | ${formatFigure(h)} | ${h.unit} | ${h.direction === "neither" ? NONE : h.direction} |`,
    );
  }

  out.push(
    "",
    `What each figure means: [${DEFINITIONS_LINK}](${DEFINITIONS_LINK}) (the page of \`--html\` says it next to each figure).`,
  );

  out.push(
    "",
    "## Tasks",
    "",
    "| Task | Steps matched | Violations | Final answer at | Grounded | Answer check | State check | Stretch | Success |",
    "|---|---:|---:|---:|---|---|---|---:|---|",
  );
  for (const t of report.tasks) {
    const { answer: answerCheck, state } = checkVerdicts(t, report.end.unfinished);
    out.push(
      `| ${cell(t.id)} | ${t.matchedSteps}/${t.steps} | ${t.violations} | ${formatTime(t.answeredAt, unit)} | ${groundedCell(t.grounded)} | ${cell(answerCheck)} | ${cell(state)} | ${formatValue(t.stretch)} | ${t.success ? "yes" : "no"} |`,
    );
  }

  const issues = issueLines(report);
  if (issues.length > 0) out.push("", "## Issues", "", ...issues.map((line) => `- ${line}`));
  if (report.notes.length > 0) out.push("", "## Notes", "", ...report.notes.map((line) => `- ${line}`));
  out.push(
    "",
    report.tasks.length === 0
      ? "Gold: none (no tasks): the figures marked “no gold” need tasks; a proxy config's `tasks` gives them (docs/proxy.md)."
      : `Gold: ${m.correctness.goldSteps} steps in ${report.tasks.length} tasks (N = ${m.time.minimumActions}); S = ${formatTime(m.sequentialBound, unit)}, ${describeBest(m)}.`,
  );
  return `${out.join("\n")}\n`;
}

/** A task row's grounded flag: "no" flags an answer given before its results were seen. */
export function groundedCell(grounded: boolean | null): string {
  return grounded === null ? "—" : grounded ? "yes" : "NO (answered before its results were seen)";
}

/** M* and where it comes from; in the wall clock it is the bound LB, relative to the agent's own δ. */
export function describeBest(m: Report["metrics"]): string {
  const value = formatTime(m.bestMakespan, m.unit);
  if (m.time.bestMakespanSource === "search") return `M* = ${value} (best makespan, exact by search)`;
  return m.clock === "wall"
    ? `M* = LB = ${value} (the bound max CP(T): wall-clock efficiency is relative to the agent's own action time δ)`
    : `M* = LB = ${value} (the bound max CP(T): the episode is too large to search)`;
}

export function describeDelta(report: Pick<Report, "delta" | "unit">): string {
  const value = formatTime(
    report.delta.value,
    report.unit === "steps" ? (report.delta.value === 1 ? "step" : "steps") : "ms",
  );
  switch (report.delta.source) {
    case "step":
      return `${value} (step clock: one agent action)`;
    case "turns":
      return `${value}, the median of ${report.delta.gaps} gap${report.delta.gaps === 1 ? "" : "s"} between a response and the next turn (the agent's thinking time)`;
    case "none":
      return `${value}: no gap between turns to measure`;
  }
}

/** Items listed per kind of issue; the JSON report has them all. */
const LISTED = 20;

function issueLines(report: Report): string[] {
  const m = report.metrics;
  const lines: string[] = [];
  const some = <T>(items: readonly T[], show: (item: T) => string, more: (n: number) => string) => {
    for (const item of items.slice(0, LISTED)) lines.push(show(item));
    if (items.length > LISTED) lines.push(more(items.length - LISTED));
  };
  some(
    report.timeline.violations,
    (v) =>
      `Dependency violation: ${v.task}/${v.step} started by call ${v.call} before ${v.unseenDeps.join(", ")} was seen${v.guessed ? " (its arguments hold the unseen result's value: guessed)" : ""}.`,
    (n) => `…and ${n} more dependency violations.`,
  );
  some(
    report.timeline.ungrounded,
    (u) =>
      `Ungrounded answer: ${u.task} answered by call ${u.call} before ${u.unseenSteps.join(", ")} was seen (the task fails, whatever the answer says).`,
    (n) => `…and ${n} more ungrounded answers.`,
  );
  if (m.correctness.neglectedTasks.length > 0)
    lines.push(`Neglected tasks (no step done): ${m.correctness.neglectedTasks.join(", ")}.`);
  if (m.correctness.unansweredTasks.length > 0)
    lines.push(`Unanswered tasks: ${m.correctness.unansweredTasks.join(", ")}.`);
  if (m.correctness.orphanJobs.length > 0) {
    lines.push(
      `Orphan jobs (completed, never seen): ${listed(m.correctness.orphanJobs.map((n) => `#${n}`))}.`,
    );
  }
  if (m.correctness.duplicateCalls.length > 0)
    lines.push(`Duplicate calls: ${listed(m.correctness.duplicateCalls.map(String))}.`);
  some(
    m.correctness.confusions,
    (c) =>
      `Cross-task confusion: call ${c.call} (${c.tool}) used ${c.values.map((v) => `${JSON.stringify(v.value)} (from ${v.from})`).join(", ")}.`,
    (n) => `…and ${n} more calls with cross-task confusion.`,
  );
  some(
    m.polling.runs,
    (run) =>
      `Busy-wait run: ${run.length} wasted polls (calls ${run.length > 3 ? `${run[0]}–${run[run.length - 1]}` : run.join(", ")}) while other work was ready.`,
    (n) => `…and ${n} more busy-wait runs.`,
  );
  return lines.map(cell);
}

function listed(items: readonly string[]): string {
  return items.length > LISTED
    ? `${items.slice(0, LISTED).join(", ")} and ${items.length - LISTED} more`
    : items.join(", ");
}
