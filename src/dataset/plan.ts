import { keyedRng, pick, type Rng } from "../engine/rng.js";
import type { EpisodePlan } from "./compose.js";
import type { LatencyProfileName } from "./latency-profiles.js";
import type { TaskTemplate } from "./template.js";

/** How episodes are drawn: pick templates, within or across domains, and a latency profile. */
export interface EpisodeMix {
  /** Tasks per episode with their weights, drawn in this order. */
  readonly tasks: readonly (readonly [count: number, weight: number])[];
  /** Share of episodes whose tasks all come from one domain. */
  readonly withinDomain: number;
  /** Latency profiles and their weights, drawn in this order. */
  readonly profiles: Readonly<Partial<Record<LatencyProfileName, number>>>;
  /**
   * Draw the episode's shape (task count, within or across domains, profile) once per episode
   * rather than once per attempt: a draw refused by a check is then redrawn with other templates
   * only, and the kept suite keeps the mix's shares however often a shape is refused.
   */
  readonly shapePerEpisode?: boolean;
  /**
   * With `shapePerEpisode`: after this many refused draws of an episode drawn within one domain,
   * its tasks are drawn across domains (a domain whose templates cannot make a balanced episode
   * together would otherwise exhaust the attempts).
   */
  readonly withinDomainAttempts?: number;
}

function drawCount(rng: Rng, tasks: EpisodeMix["tasks"]): number {
  const x = rng.next();
  let cumulative = 0;
  for (const [count, weight] of tasks) {
    cumulative += weight;
    if (x < cumulative) return count;
  }
  return (tasks.at(-1) as readonly [number, number])[0];
}

function weighted<T extends string>(rng: Rng, weights: Readonly<Partial<Record<T, number>>>): T {
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
  readonly mix: EpisodeMix;
}): EpisodePlan {
  const mix = options.mix;
  const rng = keyedRng(options.seed, "plan", options.index, options.attempt);
  const byDomain = new Map<string, TaskTemplate[]>();
  for (const template of options.templates) {
    const home = template.domains[0] ?? "";
    byDomain.set(home, [...(byDomain.get(home) ?? []), template]);
  }
  const domains = [...byDomain.keys()].sort();
  const first = domains[(options.index - 1) % domains.length] as string;
  const shape = mix.shapePerEpisode ? keyedRng(options.seed, "shape", options.index) : rng;
  const count = drawCount(shape, mix.tasks);
  const within =
    shape.next() < mix.withinDomain &&
    !(mix.withinDomainAttempts !== undefined && options.attempt >= mix.withinDomainAttempts);
  const profile = mix.shapePerEpisode ? weighted(shape, mix.profiles) : undefined;
  let templates: TaskTemplate[];
  if (within && (byDomain.get(first)?.length ?? 0) >= count) {
    templates = distinct(rng, byDomain.get(first) ?? [], count);
  } else {
    const others = distinct(
      rng,
      domains.filter((d) => d !== first),
      count - 1,
    );
    templates = [first, ...others].map((d) => pick(rng, byDomain.get(d) ?? []));
  }
  // Otherwise the profile is drawn here, after the templates and before their order, as the
  // first edition did: kept, so that it regenerates byte for byte.
  const chosen = profile ?? weighted(rng, mix.profiles);
  return {
    id: `${options.prefix}-${String(options.index).padStart(4, "0")}`,
    templates: distinct(rng, templates, templates.length),
    profile: chosen,
    seed: options.seed,
    attempt: options.attempt,
  };
}
