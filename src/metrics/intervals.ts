/**
 * Half-open time intervals [start, end) and their unions, kept sorted and disjoint so that
 * measures, intersections and point queries are linear or logarithmic, never quadratic.
 */
export type Interval = readonly [start: number, end: number];

/** Sorts, drops empty intervals and merges overlapping or touching ones. */
export function union(intervals: readonly Interval[]): Interval[] {
  // By start alone: intervals with the same start merge into one whatever their order.
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Total length of a sorted disjoint list. */
export function measure(intervals: readonly Interval[]): number {
  let total = 0;
  for (const [a, b] of intervals) total += b - a;
  return total;
}

/** The part of a sorted disjoint list inside [low, high). */
export function clipTo(intervals: readonly Interval[], low: number, high: number): Interval[] {
  const out: Interval[] = [];
  for (const [a, b] of intervals) {
    const s = Math.max(a, low);
    const e = Math.min(b, high);
    if (e > s) out.push([s, e]);
  }
  return out;
}

/** Intersection of two sorted disjoint lists (two pointers). */
export function intersect(x: readonly Interval[], y: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const [a1, b1] = x[i] as Interval;
    const [a2, b2] = y[j] as Interval;
    const s = Math.max(a1, a2);
    const e = Math.min(b1, b2);
    if (e > s) out.push([s, e]);
    if (b1 < b2) i++;
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
  for (const [a, b] of holes) {
    if (a >= end) break;
    if (a > cursor) out.push([cursor, a]);
    cursor = Math.max(cursor, b);
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
    const [a, b] = intervals[mid] as Interval;
    if (t < a) hi = mid - 1;
    else if (t >= b) lo = mid + 1;
    else return true;
  }
  return false;
}
