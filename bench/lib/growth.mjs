// Growth: a cost measured at sizes ten times apart, its slope on log–log axes (1: the cost grows
// in proportion to the size; 0: it does not grow), and the plot of it as a small SVG.
import { num } from "./table.mjs";
import { meets } from "./verdict.mjs";

/** Least-squares slope of log10(y) against log10(x). */
export function logSlope(points) {
  const xs = points.map(([x]) => Math.log10(x));
  const ys = points.map(([, y]) => Math.log10(y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** A size on the x axis: a whole number, with thousands separators. */
const size = (x) => Math.round(x).toLocaleString("en-US");

const xmlText = (text) =>
  String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/**
 * plot: { title, xLabel, yLabel, points: [[x, y]…] }, x in 10× steps. Returns an SVG document:
 * the points on log–log axes, joined, with the slope in the title and `caption` (when and where
 * it was measured) under the axis.
 */
export function growthSvg(plot, caption = "") {
  const W = 480;
  const H = 320;
  const left = 70;
  const right = 20;
  const top = 40;
  const bottom = 70;
  const lx = plot.points.map(([x]) => Math.log10(x));
  const ly = plot.points.map(([, y]) => Math.log10(y));
  const x0 = Math.floor(Math.min(...lx));
  const x1 = Math.ceil(Math.max(...lx));
  const y0 = Math.floor(Math.min(...ly));
  const y1 = Math.max(Math.ceil(Math.max(...ly)), y0 + 1);
  const px = (v) => left + ((v - x0) / Math.max(x1 - x0, 1)) * (W - left - right);
  const py = (v) => H - bottom - ((v - y0) / (y1 - y0)) * (H - top - bottom);
  const heading = `${plot.title} (slope ${num(logSlope(plot.points))})`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    // The svg's first child names the plot for screen readers (and biome's a11y lint).
    `<title>${xmlText(heading)}</title>`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${xmlText(heading)}</text>`,
  ];
  for (let d = x0; d <= x1; d++) {
    parts.push(
      `<line x1="${px(d)}" y1="${top}" x2="${px(d)}" y2="${H - bottom}" stroke="#ddd"/>`,
      `<text x="${px(d)}" y="${H - bottom + 16}" text-anchor="middle">${size(10 ** d)}</text>`,
    );
  }
  for (let d = y0; d <= y1; d++) {
    parts.push(
      `<line x1="${left}" y1="${py(d)}" x2="${W - right}" y2="${py(d)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${py(d) + 4}" text-anchor="end">${num(10 ** d)}</text>`,
    );
  }
  parts.push(
    `<text x="${(left + W - right) / 2}" y="${H - 36}" text-anchor="middle">${xmlText(plot.xLabel)}</text>`,
    `<text x="${W / 2}" y="${H - 12}" text-anchor="middle" font-size="10" fill="#555">${xmlText(caption)}</text>`,
    `<text x="16" y="${(top + H - bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(top + H - bottom) / 2})">${xmlText(plot.yLabel)}</text>`,
    `<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${lx.map((v, i) => `${px(v).toFixed(1)},${py(ly[i]).toFixed(1)}`).join(" ")}"/>`,
    ...lx.map(
      (v, i) =>
        `<circle cx="${px(v).toFixed(1)}" cy="${py(ly[i]).toFixed(1)}" r="4" fill="#1f77b4"><title>${size(plot.points[i][0])}: ${num(plot.points[i][1])}</title></circle>`,
    ),
    "</svg>",
  );
  return `${parts.join("\n")}\n`;
}

/**
 * A row of the table for a growth plot: the slope through the medians of each size, with the
 * points in the note. `repetitions`, when given, holds each repetition's own points: the row then
 * keeps each repetition's slope and whether it met the goal (bench/lib/verdict.mjs).
 */
export function growthRow(plot, goal, repetitions = []) {
  const slope = logSlope(plot.points);
  const slopes = repetitions.map(logSlope);
  return {
    id: `growth ${plot.id}`,
    measure: `growth of ${plot.title.toLowerCase()}, slope on log–log axes`,
    unit: "",
    value: { median: slope, min: slope, max: slope, reps: 1 },
    baseline: null,
    ratio: null,
    goal: goal?.text ?? null,
    met: goal ? meets(goal, { value: slope }) : null,
    ...(goal && slopes.length > 0 ? { slopes, metPerRep: slopes.map((s) => meets(goal, { value: s })) } : {}),
    note: `${plot.yLabel} at ${plot.points.map(([x, y]) => `${size(x)}: ${num(y)}`).join(", ")} (${plot.xLabel}); plot: docs/images/growth-${plot.id}.svg`,
  };
}
