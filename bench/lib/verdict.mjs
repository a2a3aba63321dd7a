// Whether a row met its goal: on the median of its repetitions (the row's verdict), and in each
// repetition on its own, so that the table can say how often the goal was met and a reader can
// tell a verdict every repetition agrees with from one that the scatter decides.
//
// A goal is { on: "ratio" | "value" | "baselineDiff", op: "<=" | ">=", target, text }, or an
// array of them, all of which must hold.

const goalsOf = (goal) => (Array.isArray(goal) ? goal : [goal]);

/** Whether the measured figures `{ value, ratio, baselineDiff }` meet every goal of `goal`. */
export function meets(goal, at) {
  return goalsOf(goal).every((g) => {
    const x = g.on === "ratio" ? at.ratio : g.on === "baselineDiff" ? at.baselineDiff : at.value;
    // A figure a repetition did not give (no baseline, a NaN) meets nothing.
    if (typeof x !== "number" || Number.isNaN(x)) return false;
    return g.op === "<=" ? x <= g.target : x >= g.target;
  });
}

/**
 * Per repetition, in the order measured: whether that repetition's own value, ratio (or
 * difference, for a row whose ratio column is one) and difference to its baseline met the goal.
 * `ratio` is the per-repetition ratio the row already took, so the two cannot disagree.
 */
export function metPerRepetition(goal, { value, baseline, ratio }) {
  return Array.from(value, (x, i) =>
    meets(goal, {
      value: x,
      ratio: ratio?.[i],
      baselineDiff: baseline ? x - baseline[i] : undefined,
    }),
  );
}

/** How many repetitions met the goal, of how many: null when the row has no goal or no record. */
export function metCount(row) {
  const each = row.metPerRep;
  if (!Array.isArray(each) || each.length === 0) return null;
  return { met: each.filter(Boolean).length, of: each.length };
}
