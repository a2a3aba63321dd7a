/** Geometry shared by the timeline's parts: the plot area, and where each lane sits. */

export const LEFT = 120;
export const WIDTH = 960;
export const RIGHT = 20;
export const TOP = 28;

export interface Layout {
  /** The time → x mapping over the drawn window [0, end]. */
  readonly x: (t: number) => number;
  readonly laneTop: readonly number[];
  readonly laneHeight: readonly number[];
  /** y of the bottom of the last lane. */
  readonly bottom: number;
}

export function layout(end: number, laneHeights: readonly number[]): Layout {
  const span = end > 0 ? end : 1;
  const laneTop: number[] = [];
  let y = TOP;
  for (const h of laneHeights) {
    laneTop.push(y);
    y += h;
  }
  return {
    x: (t) => round(LEFT + (Math.max(0, t) / span) * WIDTH),
    laneTop,
    laneHeight: laneHeights,
    bottom: y,
  };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
