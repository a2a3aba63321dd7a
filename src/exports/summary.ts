import { median } from "../metrics/stats.js";
import type { AccItem, SkipReason } from "./acc.js";
import { causeTable, type MelPair } from "./mel.js";

/** The figures printed after an export, and quoted in docs/exports.md. */

export interface AccStats {
  readonly episodes: number;
  readonly items: number;
  readonly taskItems: number;
  readonly derivedItems: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Medians over items of the farthest evidence's distance. */
  readonly medianDistanceTurns: number | null;
  readonly medianDistanceChars: number | null;
  readonly maxDistanceTurns: number;
  readonly maxDistanceChars: number;
  readonly medianContextChars: number | null;
  readonly maxContextChars: number;
}

export function accStats(
  episodes: number,
  items: readonly AccItem[],
  skipped: Readonly<Record<SkipReason, number>>,
): AccStats {
  const turns = items.map((i) => i.distance.turns);
  const chars = items.map((i) => i.distance.chars);
  const sizes = items.map((i) => i.contextChars);
  return {
    episodes,
    items: items.length,
    taskItems: items.filter((i) => i.kind === "task").length,
    derivedItems: items.filter((i) => i.kind === "derived").length,
    skipped,
    medianDistanceTurns: median(turns),
    medianDistanceChars: median(chars),
    maxDistanceTurns: Math.max(0, ...turns),
    maxDistanceChars: Math.max(0, ...chars),
    medianContextChars: median(sizes),
    maxContextChars: Math.max(0, ...sizes),
  };
}

export function renderAccStats(stats: AccStats): string {
  const skipped = Object.entries(stats.skipped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`);
  const rows: [string, string][] = [
    ["episodes", String(stats.episodes)],
    ["items", `${stats.items} (${stats.taskItems} task, ${stats.derivedItems} derived)`],
    ["skipped", skipped.length > 0 ? skipped.join(", ") : "none"],
    ["median evidence distance (turns)", show(stats.medianDistanceTurns)],
    ["median evidence distance (characters)", show(stats.medianDistanceChars)],
    ["longest evidence distance (turns, characters)", `${stats.maxDistanceTurns}, ${stats.maxDistanceChars}`],
    ["median context (characters)", show(stats.medianContextChars)],
    ["longest context (characters)", String(stats.maxContextChars)],
  ];
  return ["| ACC export | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
}

export function renderMelSummary(pairs: readonly MelPair[], unpaired: number, groups: number): string {
  const rows = causeTable(pairs).map(({ cause, pairs: n }) => `| ${cause} | ${n} |`);
  return [
    `${pairs.length} pairs from ${groups} scenario-seed groups; ${unpaired} failed runs had no successful run to pair with.`,
    "",
    "| cause class | pairs |",
    "|---|---|",
    ...rows,
  ].join("\n");
}

function show(value: number | null): string {
  return value === null ? "–" : String(value);
}
