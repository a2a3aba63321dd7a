// What every figure shares: its options from the runner, progress on stderr, and its result
// (rows of the table) sent back over IPC, or printed as JSON when run by hand:
//   node --expose-gc bench/figures/call-overhead.mjs '{"reps":3}'
import { summary } from "./stats.mjs";
import { meets, metPerRepetition } from "./verdict.mjs";

/** Runs a figure's `measure(options)` and hands its rows to the runner. */
export async function runFigure(name, measure) {
  const options = { reps: 5, quick: false, ...JSON.parse(process.argv[2] ?? "{}") };
  const started = performance.now();
  let result;
  try {
    result = { name, ok: true, ...(await measure(options)) };
  } catch (error) {
    const cause = error?.cause ? `\ncaused by: ${error.cause.stack ?? error.cause}` : "";
    result = {
      name,
      ok: false,
      error: `${error instanceof Error ? (error.stack ?? error.message) : String(error)}${cause}`,
    };
  }
  result.seconds = Math.round((performance.now() - started) / 100) / 10;
  if (process.send) {
    await new Promise((resolve) => process.send({ result }, resolve));
  } else {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
  process.exit(result.ok ? 0 : 1);
}

export function log(message) {
  process.stderr.write(`  ${message}\n`);
}

/**
 * A row of the table. `value` and `baseline` are per-repetition measurements; the ratio is taken
 * per repetition (each pair measured back to back) and summarised like them; with `difference`
 * the "ratio" is value − baseline instead (lateness, where a ratio of near-zero times means little).
 * goal: { on: "ratio" | "value", op: "<=" | ">=", target, text } or an array of them
 * (bench/lib/verdict.mjs): `met` is the verdict on the medians, `metPerRep` each repetition's own.
 * `extra`: figures the summary of goals quotes beside the row's own (bench/lib/table.mjs).
 */
export function row({
  id,
  measure,
  unit,
  value,
  baseline,
  baselineLabel,
  goal,
  difference = false,
  note,
  extra,
}) {
  const v = summary(value);
  const b = baseline ? summary(baseline) : null;
  let per = null;
  let ratio = null;
  if (baseline) {
    per = Array.from(value, (x, i) => (difference ? x - baseline[i] : x / baseline[i]));
    ratio = summary(per);
  }
  // The verdict is on the medians; how many repetitions met the goal on their own is kept beside.
  const met = goal
    ? meets(goal, { value: v.median, ratio: ratio?.median, baselineDiff: v.median - (b?.median ?? 0) })
    : null;
  const metPerRep = goal ? metPerRepetition(goal, { value, baseline, ratio: per }) : null;
  return {
    id,
    measure,
    unit,
    // Each summary keeps its repetitions' own figures, in the order measured (bench/results/latest.json).
    value: { ...v, values: Array.from(value) },
    baseline: b ? { label: baselineLabel, ...b, values: Array.from(baseline) } : null,
    ratio: ratio ? { ...ratio, values: per } : null,
    ...(difference ? { difference: true } : {}),
    goal: goal ? (Array.isArray(goal) ? goal.map((g) => g.text).join("; ") : goal.text) : null,
    met,
    ...(metPerRep ? { metPerRep } : {}),
    ...(note ? { note } : {}),
    ...(extra ? { extra } : {}),
  };
}
