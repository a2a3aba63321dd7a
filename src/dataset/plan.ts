import { keyedRng, pick, type Rng } from "../engine/rng.js";
import type { EpisodePlan } from "./compose.js";
import type { LatencyProfileName } from "./latency-profiles.js";
import type { TaskTemplate } from "./template.js";

/** How episodes are drawn ("hybrid evolution": pick templates, within or across domains, vary latency). */
export const MIX = {
  /** Share of episodes with three tasks (the rest have two). */
  threeTasks: 0.45,
  /** Share of episodes whose tasks all come from one domain. */
  withinDomain: 0.5,
  /** Latency profiles and their weights. */
  profiles: { realistic: 0.5, "heavy-tail": 0.2, slow: 0.15, "one-round": 0.15 } satisfies Record<
    LatencyProfileName,
    number
  >,
} as const;

function weighted<T extends string>(rng: Rng, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  let x = rng.next() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of entries) {
    x -= weight;
    if (x < 0) return value;
  }
  return (entries.at(-1) as [T, number])[0];
}

function distinct<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < k && pool.length > 0)
    out.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0] as T);
  return out;
}

/**
 * The plan of episode `index` (1-based), attempt `attempt`: a pure function of the seed, so the
 * same seed gives the same suite. Episodes cycle through the domains for their first task, so
 * every category is about equally represented.
 */
export function planEpisode(options: {
  readonly seed: number;
  readonly index: number;
  readonly attempt: number;
  readonly prefix: string;
  readonly templates: readonly TaskTemplate[];
}): EpisodePlan {
  const rng = keyedRng(options.seed, "plan", options.index, options.attempt);
  const byDomain = new Map<string, TaskTemplate[]>();
  for (const template of options.templates) {
    const home = template.domains[0] ?? "";
    byDomain.set(home, [...(byDomain.get(home) ?? []), template]);
  }
  const domains = [...byDomain.keys()].sort();
  const first = domains[(options.index - 1) % domains.length] as string;
  const count = rng.next() < MIX.threeTasks ? 3 : 2;
  let templates: TaskTemplate[];
  if (rng.next() < MIX.withinDomain && (byDomain.get(first)?.length ?? 0) >= count) {
    templates = distinct(rng, byDomain.get(first) ?? [], count);
  } else {
    const others = distinct(
      rng,
      domains.filter((d) => d !== first),
      count - 1,
    );
    templates = [first, ...others].map((d) => pick(rng, byDomain.get(d) ?? []));
  }
  const profile = weighted(rng, MIX.profiles);
  return {
    id: `${options.prefix}-${String(options.index).padStart(4, "0")}`,
    templates: distinct(rng, templates, templates.length),
    profile,
    seed: options.seed,
    attempt: options.attempt,
  };
}
