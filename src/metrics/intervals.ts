/**
 * Half-open time intervals [start, end) and their unions, kept sorted and disjoint so that
 * measures, intersections and point queries are linear or logarithmic, never quadratic.
 *
 * The loops index the pairs rather than destructure them, and an interval that comes out as it
 * went in is the same pair, not a copy: a long recording has hundreds of thousands of blocked
 * and idle intervals, and each pair made and dropped is work for the collector.
 */
export type Interval = readonly [start: number, end: number];

/** Sorts, drops empty intervals and merges overlapping or touching ones. */
export function union(intervals: readonly Interval[]): Interval[] {
  const kept: Interval[] = [];
  let sorted = true;
  for (let i = 0; i < intervals.length; i++) {
    const interval = intervals[i] as Interval;
    if (!(interval[1] > interval[0])) continue;
    if (sorted && kept.length > 0 && interval[0] < (kept[kept.length - 1] as Interval)[0]) sorted = false;
    kept.push(interval);
  }
  // By start alone: intervals with the same start merge into one whatever their order. Calls come
  // in request order, so the list is usually sorted already.
  if (!sorted) kept.sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  let i = 0;
  while (i < kept.length) {
    const first = kept[i] as Interval;
    let end = first[1];
    let j = i + 1;
    for (; j < kept.length; j++) {
      const next = kept[j] as Interval;
      if (next[0] > end) break;
      if (next[1] > end) end = next[1];
    }
    // A run of one, or one whose later members lie inside the first: the first pair itself.
    out.push(end === first[1] ? first : [first[0], end]);
    i = j;
  }
  return out;
}

/**
 * The union of intervals given one at a time, the same list `union` gives for them all. While
 * they come sorted by start (a recording's calls come in request order) each merges into the run
 * it touches as it comes, so a long recording's hundreds of thousands of blocked intervals need
 * neither a pair each nor a list; one out of order ends the run, and the runs are merged again
 * at the end.
 */
export class IntervalUnion {
  readonly #runs: Interval[] = [];
  #start = 0;
  #end = 0;
  #open = false;
  #sorted = true;

  add(start: number, end: number): void {
    if (!(end > start)) return;
    if (this.#open) {
      if (start < this.#start) this.#sorted = false;
      else if (start <= this.#end) {
        if (end > this.#end) this.#end = end;
        return;
      }
      this.#runs.push([this.#start, this.#end]);
    }
    this.#start = start;
    this.#end = end;
    this.#open = true;
  }

  /** The union of the intervals added (sorted, disjoint, touching ones merged), once they all are. */
  finish(): Interval[] {
    if (this.#open) this.#runs.push([this.#start, this.#end]);
    this.#open = false;
    return this.#sorted ? this.#runs : union(this.#runs);
  }
}

/** Total length of a sorted disjoint list. */
export function measure(intervals: readonly Interval[]): number {
  let total = 0;
  for (let i = 0; i < intervals.length; i++) {
    const interval = intervals[i] as Interval;
    total += interval[1] - interval[0];
  }
  return total;
}

/** The part of a sorted disjoint list inside [low, high). */
export function clipTo(intervals: readonly Interval[], low: number, high: number): Interval[] {
  const out: Interval[] = [];
  for (let i = 0; i < intervals.length; i++) {
    const interval = intervals[i] as Interval;
    const a = interval[0];
    const b = interval[1];
    const s = Math.max(a, low);
    const e = Math.min(b, high);
    if (e > s) out.push(s === a && e === b ? interval : [s, e]);
  }
  return out;
}

/** Intersection of two sorted disjoint lists (two pointers). */
export function intersect(x: readonly Interval[], y: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const one = x[i] as Interval;
    const other = y[j] as Interval;
    const a1 = one[0];
    const b1 = one[1];
    const s = Math.max(a1, other[0]);
    const e = Math.min(b1, other[1]);
    if (e > s) out.push(s === a1 && e === b1 ? one : [s, e]);
    if (b1 < other[1]) i++;
    else j++;
  }
  return out;
}

/** [start, end) minus a sorted disjoint list. */
export function subtract(interval: Interval, holes: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let cursor = interval[0];
  const end = interval[1];
  // A hole before the cursor leaves it where it is, and once the cursor passes the end no hole
  // adds a piece: only a hole starting at or past the end needs to stop the walk.
  for (let i = 0; i < holes.length; i++) {
    const hole = holes[i] as Interval;
    if (hole[0] >= end) break;
    if (hole[0] > cursor) out.push([cursor, hole[0]]);
    cursor = Math.max(cursor, hole[1]);
  }
  if (end > cursor) out.push([cursor, end]);
  return out;
}

/** Whether t lies in a sorted disjoint list (binary search). */
export function contains(intervals: readonly Interval[], t: number): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const interval = intervals[mid] as Interval;
    if (t < interval[0]) hi = mid - 1;
    else if (t >= interval[1]) lo = mid + 1;
    else return true;
  }
  return false;
}
