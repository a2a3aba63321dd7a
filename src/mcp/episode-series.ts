import type { Catalogue } from "../scenarios/catalogue.js";
import type { SessionOptions } from "./episode-session.js";

/**
 * The episode after `previous` on a server that plays episode after episode. With a suite, its
 * next scenario in order, the same seed; past the last one, the first again with the next seed
 * (so a repeated scenario is a new latency schedule: pass^k counts it). Without a suite, the
 * same scenario with the next seed.
 */
export function followingEpisode<T extends Pick<SessionOptions, "scenario" | "seed">>(
  previous: T,
  suite: Catalogue | undefined,
): T {
  if (!suite || suite.size === 0) return { ...previous, seed: previous.seed + 1 };
  const ids = suite.ids();
  const at = ids.indexOf(previous.scenario.id);
  const nextAt = (at + 1) % ids.length;
  return {
    ...previous,
    scenario: suite.get(ids[nextAt] as string),
    seed: nextAt === 0 ? previous.seed + 1 : previous.seed,
  };
}
