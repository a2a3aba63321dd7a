// The Markdown table of a bench run (bench/results/latest.md and docs/performance.md): a pure
// function of the JSON, so that the doc can be checked against latest.json.
import { metCount } from "./verdict.mjs";

/** A number with as many digits as it deserves. */
export function num(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function cell(stat, unit = "") {
  if (!stat) return "—";
  const u = unit ? ` ${unit}` : "";
  const spread = stat.reps > 1 ? ` (${num(stat.min)}–${num(stat.max)})` : "";
  return `${num(stat.median)}${u}${spread}`;
}

function ratioCell(row) {
  if (!row.ratio) return "—";
  // Lateness rows give the difference to the baseline, in the row's unit.
  if (row.difference) {
    const r = row.ratio;
    const spread = r.reps > 1 ? ` (${signed(r.min)}–${signed(r.max)})` : "";
    return `${signed(r.median)} ${row.unit}${spread}`;
  }
  return cell(row.ratio);
}

function signed(x) {
  return `${x >= 0 ? "+" : "−"}${num(Math.abs(x))}`;
}

const cellText = (text) => String(text).replaceAll("|", "\\|");

/**
 * The version of the bench whose runs the goals table below describes (lean clients, servers in
 * child processes, the rows it looks up); a run of an older bench is shown without it.
 */
export const BENCH_VERSION = 2;

/**
 * The goals of the performance issue, one line each, from the rows that measure them (by id):
 * what was measured, the goal as the rows state it, and whether every row of the line met its own.
 * A line whose rows this run did not measure says so.
 */
const GOALS = [
  { label: "per call, in memory", ids: ["1 memory tool"], show: "versus" },
  { label: "per call, stdio", ids: ["1 stdio tool"], show: "versus" },
  { label: "per call, HTTP", ids: ["1 http tool"], show: "versus" },
  {
    label: "HTTP calls/s vs bare, lean keep-alive clients, 1 / 8 / 64 clients",
    ids: ["2 http 1", "2 http 8", "2 http 64"],
    show: "ratios",
  },
  { label: "server CPU per call, 8 clients", ids: ["2 cpu 8"], show: "versus" },
  {
    label: "recorder on / off (`--no-recordings`), 1 / 8 / 64 clients",
    ids: ["5 http 1", "5 http 8", "5 http 64"],
    show: "ratios",
  },
  // The sizes as this run measured them (a quick run's are smaller).
  {
    label: "`report --json` on 1M events, whole process",
    labelOf: (rows) => rows[0].measure.replace(/: CPU time$/, ""),
    ids: ["6 report cpu", "6 report rss"],
    show: "report",
  },
  {
    label: "1,000 HTTP sessions × 10 jobs, starts overlapping finishes",
    labelOf: (rows) => rows[0].measure.replace(/^jobs completed, /, ""),
    ids: ["8 completed", "8 lateness"],
    // The bare SDK server's probe, when the run measured it (runs before it did not).
    optional: ["8 bare probe"],
    show: "sessions",
  },
];

/**
 * A verdict on the medians ("met" or `missed`, bold), followed, when the run kept its
 * repetitions' own verdicts and had more than one, by how many met the goal: one count per row,
 * in the rows' order ("met in 2 / 0 / 4 of 5 repetitions"; "—" for a row that kept none).
 */
function verdict(met, missed, rows) {
  const head = met ? "met" : `**${missed}**`;
  const counts = rows.map(metCount);
  if (counts.every((c) => !c || c.of < 2)) return head;
  const of = counts.find(Boolean).of;
  const same = counts.every((c) => c && c.of === of);
  const each = counts.map((c) => (c ? (same ? `${c.met}` : `${c.met} of ${c.of}`) : "—")).join(" / ");
  const counted = `met in ${each}${same ? ` of ${of}` : ""} repetitions`;
  return met ? counted : `${head}; ${counted}`;
}

/** A row's verdict on its medians, and how many of its repetitions met the goal on their own. */
export function rowStatus(row) {
  if (row.met === null || row.met === undefined) return "";
  return verdict(row.met, "missed", [row]);
}

/** The header's words on the machine's speed, from the fixed workload's price at start and end. */
export function speedText(speed) {
  const ends = [
    [speed?.start, "start"],
    [speed?.end, "end"],
  ];
  const timed = ends.filter(([p]) => p);
  if (timed.length === 0) return "";
  const took = timed.map(([p, when], i) => `${num(p.workMs)} ms${i === 0 ? " of CPU" : ""} at the ${when}`);
  const missing = ends.find(([p]) => !p);
  const fstat = timed.map(([p]) => `${num(p.fstatUs)} µs`).join(" and ");
  return `; a fixed workload (bench/lib/speed.mjs) took ${took.join(", ")}${missing ? ` (not timed at the ${missing[1]})` : ""}; one fstat ${fstat}`;
}

function goalLine(goal, rows) {
  const [first, second] = rows;
  switch (goal.show) {
    case "versus":
      return `${num(first.value.median)} ${first.unit} vs ${num(first.baseline?.median)} ${first.unit} ${first.baseline?.label ?? ""}: ${num(first.ratio?.median)}×`;
    case "ratios":
      return rows.map((r) => num(r.ratio?.median)).join(" / ");
    case "report":
      return `${num(first.value.median)} CPU-s, ${num(second.value.median)} MiB peak${first.extra?.outputMB === undefined ? "" : `, ${num(first.extra.outputMB)} MB of output`}`;
    case "sessions": {
      const all = first.met ? "all jobs complete" : `${num(first.value.median)} jobs complete, not all`;
      const bare = rows[2]
        ? `; the same probe in the bare SDK server at half its own rate: ${num(rows[2].baseline?.median)} ms`
        : "";
      return `${all}; lateness p99 ${num(second.value.median)} ms (probe of plain timers beside: ${num(second.baseline?.median)} ms${bare})`;
    }
    default:
      throw new Error(`no such goal line: ${goal.show}`);
  }
}

/** The table of the performance issue's goals, for the rows of `run` (a pure function, as below). */
export function renderGoals(run) {
  const byId = new Map();
  for (const figure of run.figures) for (const r of figure.ok ? figure.rows : []) byId.set(r.id, r);
  const lines = ["| Goal | Measured | Goal, as the rows state it | |", "|---|---|---|---|"];
  for (const goal of GOALS) {
    const rows = goal.ids.map((id) => byId.get(id));
    if (rows.some((r) => !r)) {
      lines.push(`| ${cellText(goal.label)} | not measured in this run | | |`);
      continue;
    }
    const label = goal.labelOf ? goal.labelOf(rows) : goal.label;
    const goals = [...new Set(rows.map((r) => r.goal).filter(Boolean))].join("; ");
    const met = verdict(
      rows.every((r) => r.met !== false),
      "not met",
      rows,
    );
    const shown = [...rows, ...(goal.optional ?? []).map((id) => byId.get(id))];
    lines.push(`| ${cellText(label)} | ${cellText(goalLine(goal, shown))} | ${cellText(goals)} | ${met} |`);
  }
  return lines.join("\n");
}

export function renderMarkdown(run) {
  const m = run.machine;
  const date = run.date.slice(0, 16).replace("T", " ");
  const lines = [
    `Measured ${date} UTC on ${m.cpu} (${m.cores} cores), ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}; load average ${run.loadBefore.join(" ")} at the start, ${run.loadAfter.join(" ")} at the end${speedText(run.speed)}. ` +
      `Command: \`${run.command}\` (${run.seconds} s). Medians of ${run.options.reps} repetitions after a warm-up, (min–max) over them; each ratio is taken per repetition between runs measured back to back.${keptRepetitions(run) ? " A verdict is on the medians; beside it, in how many repetitions the row's own ratio (or value, for a goal on the value) met the goal." : ""}`,
    "",
    ...((run.bench ?? 1) >= BENCH_VERSION ? [renderGoals(run), "", "Every row:", ""] : []),
    "| # | Measure | asynctool | Baseline | Ratio | Goal | |",
    "|---|---|---|---|---|---|---|",
  ];
  const notes = [];
  for (const figure of run.figures) {
    if (!figure.ok) {
      lines.push(
        `| ${figure.n} | ${cellText(figure.name ?? "")}: **failed** (${cellText(firstLine(figure.error))}) | | | | | |`,
      );
      continue;
    }
    for (const row of figure.rows) {
      const baseline = row.baseline
        ? `${cellText(row.baseline.label)}: ${cell(row.baseline, row.unit)}`
        : "—";
      const status = rowStatus(row);
      lines.push(
        `| ${figure.n} | ${cellText(row.measure)} | ${cell(row.value, row.unit)} | ${baseline} | ${ratioCell(row)} | ${cellText(row.goal ?? "")} | ${status} |`,
      );
      if (row.note) notes.push(`- ${figure.n}, ${cellText(row.measure)}: ${cellText(row.note)}.`);
    }
  }
  if (notes.length > 0) lines.push("", ...notes);
  return lines.join("\n");
}

/** Whether any row of the run kept its repetitions' verdicts (runs before the bench did, none). */
function keptRepetitions(run) {
  return run.figures.some((f) => f.ok && f.rows.some((r) => metCount(r)?.of > 1));
}

function firstLine(text) {
  return String(text ?? "").split("\n")[0];
}
