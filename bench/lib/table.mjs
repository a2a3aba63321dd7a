// The Markdown table of a bench run (bench/results/latest.md and docs/performance.md): a pure
// function of the JSON, so that the doc can be checked against latest.json.

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

export function renderMarkdown(run) {
  const m = run.machine;
  const date = run.date.slice(0, 16).replace("T", " ");
  const lines = [
    `Measured ${date} UTC on ${m.cpu} (${m.cores} cores), ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}; load average ${run.loadBefore.join(" ")} at the start, ${run.loadAfter.join(" ")} at the end. ` +
      `Command: \`${run.command}\` (${run.seconds} s). Medians of ${run.options.reps} repetitions after a warm-up, (min–max) over them; each ratio is taken per repetition between runs measured back to back.`,
    "",
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
      const status = row.met === null ? "" : row.met ? "met" : "**missed**";
      lines.push(
        `| ${figure.n} | ${cellText(row.measure)} | ${cell(row.value, row.unit)} | ${baseline} | ${ratioCell(row)} | ${cellText(row.goal ?? "")} | ${status} |`,
      );
      if (row.note) notes.push(`- ${figure.n}, ${cellText(row.measure)}: ${cellText(row.note)}.`);
    }
  }
  if (notes.length > 0) lines.push("", ...notes);
  return lines.join("\n");
}

function firstLine(text) {
  return String(text ?? "").split("\n")[0];
}
