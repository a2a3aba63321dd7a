import type { LatencyProfileName } from "./latency-profiles.js";
import type { EpisodeMix } from "./plan.js";

/** Editions of the suite: each draws its episodes with its own mix and keeps them by its own bar. */
export const EDITIONS = ["v1", "v2"] as const;
export type Edition = (typeof EDITIONS)[number];

/**
 * The bar on how much an episode rewards overlapping its calls: S / M* (the sequential bound over
 * the best makespan, docs/metrics.md) at least `minRatio` for every seed of `seeds`, except in
 * the `exempt` profiles.
 */
export interface BalanceBar {
  readonly minRatio: number;
  /**
   * The same ratio with every step at its tool's median latency, at least this times the number
   * of tasks (n tasks of equal length would reach about n): the composition's own balance,
   * whatever the seed.
   */
  readonly typicalPerTask?: number;
  readonly seeds: readonly number[];
  readonly exempt: readonly LatencyProfileName[];
}

export interface EditionSettings {
  readonly mix: EpisodeMix;
  /** Episode ids are `<prefix>-0001`... unless the command line says otherwise. */
  readonly prefix: string;
  /** None: every draw the oracle solves is kept. */
  readonly balance?: BalanceBar;
  /** Draws for one episode before generation gives up. */
  readonly maxAttempts: number;
}

export const EDITION_SETTINGS: Readonly<Record<Edition, EditionSettings>> = {
  /** The first suite (scenarios/asynctool-v1): kept as it was, so it regenerates byte for byte. */
  v1: {
    mix: {
      tasks: [
        [3, 0.45],
        [2, 0.55],
      ],
      withinDomain: 0.5,
      profiles: { realistic: 0.5, "heavy-tail": 0.2, slow: 0.15, "one-round": 0.15 },
    },
    prefix: "asynctool-v1",
    maxAttempts: 25,
  },
  /**
   * The second: mostly three tasks, so that there is work to overlap; latencies by tool class
   * (src/dataset/tool-latency-classes.ts), so that overlapping it pays; and a draw that would
   * not reward it redrawn. `one-round` stays (every call delayed by one step), reported apart.
   */
  v2: {
    mix: {
      tasks: [
        [3, 0.85],
        [2, 0.15],
      ],
      withinDomain: 0.5,
      profiles: { service: 0.6, "service-busy": 0.25, "one-round": 0.15 },
      shapePerEpisode: true,
    },
    prefix: "asynctool-v2",
    balance: { minRatio: 1.7, typicalPerTask: 0.6, seeds: [1, 2, 3], exempt: ["one-round"] },
    maxAttempts: 100,
  },
};

export function isEdition(name: string): name is Edition {
  return (EDITIONS as readonly string[]).includes(name);
}
