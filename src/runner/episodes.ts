import { createHash } from "node:crypto";
import { keyedRng } from "../engine/rng.js";
import type { ClockKind, DeliveryMode } from "../engine/types.js";
import type { Scenario } from "../scenarios/scenario.js";

/** One episode of a run: a scenario under a seed, a delivery mode, a clock and a tool-call setting. */
export interface PlannedEpisode {
  /** Its identity in the output directory: what --resume looks for. */
  readonly key: string;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly mode: DeliveryMode;
  readonly clock: ClockKind;
  /** false: the model is asked for one tool call per turn (the sequential ablation); null: the endpoint's default. */
  readonly parallel: boolean | null;
}

/**
 * A scenario of the run before it is compiled: what selection and planning need (its id,
 * default mode and categories) read from the file cheaply, and the compilation deferred to the
 * moment its first episode starts, so a run of one episode out of 712 starts at once.
 */
export interface ScenarioRef {
  readonly id: string;
  readonly mode: DeliveryMode;
  readonly categories: readonly string[];
  load(): Promise<Scenario>;
}

/** A planned episode whose scenario is not compiled yet. */
export interface EpisodePlan {
  readonly key: string;
  readonly ref: ScenarioRef;
  readonly seed: number;
  readonly mode: DeliveryMode;
  readonly clock: ClockKind;
  readonly parallel: boolean | null;
}

/**
 * Scenario ids are already file-name safe (letters, digits, '.', '_', '-'), and so is the key.
 * The sequential variant gets a suffix; the default (parallel calls as the endpoint decides)
 * keeps the key it always had, so earlier runs resume.
 */
export function episodeKey(
  scenarioId: string,
  seed: number,
  mode: DeliveryMode,
  clock: ClockKind,
  parallel: boolean | null = null,
): string {
  const variant = parallel === null ? "" : parallel ? ".par" : ".seq";
  return `${scenarioId}.s${seed}.${mode}.${clock}${variant}`;
}

/**
 * The episode id an episode is played under on an episode URL (`eval --era 2026-07-28`), and so
 * its recording's session id: its key with '.' as '_' (an episode id is 1-64 letters, digits,
 * '_' or '-'). Within a scenario that is one to one (seed, mode, clock and variant hold neither
 * character), and the recording's file name also names the scenario. A key too long is cut and
 * ends in a hash of itself.
 */
export function episodeUrlId(key: string): string {
  const id = key.replace(/[^A-Za-z0-9_-]/g, "_");
  if (id.length <= 64) return id;
  return `${id.slice(0, 47)}-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

export interface PlanOptions {
  readonly seeds: readonly number[];
  /** The modes to run; undefined runs each scenario in its own default mode. */
  readonly modes: readonly DeliveryMode[] | undefined;
  readonly clock: ClockKind;
  /** The parallel-tool-call settings to run (several give the sequential ablation); [null]: the endpoint's. */
  readonly parallel?: readonly (boolean | null)[];
}

/**
 * Every episode of a run, seed by seed, so a run cut short holds whole seeds of the suite, and
 * the variants of one scenario and seed side by side (the ablations compare them pairwise).
 */
export function planEpisodes(scenarios: readonly ScenarioRef[], options: PlanOptions): EpisodePlan[] {
  const plan: EpisodePlan[] = [];
  for (const seed of options.seeds) {
    for (const ref of scenarios) {
      for (const mode of options.modes ?? [ref.mode]) {
        for (const parallel of options.parallel ?? [null]) {
          plan.push({
            key: episodeKey(ref.id, seed, mode, options.clock, parallel),
            ref,
            seed,
            mode,
            clock: options.clock,
            parallel,
          });
        }
      }
    }
  }
  return plan;
}

/** A ref of a scenario already compiled. */
export function refOf(scenario: Scenario): ScenarioRef {
  return {
    id: scenario.id,
    mode: scenario.mode,
    categories: [...new Set(scenario.domains.map((d) => d.domain.category))].sort(),
    load: async () => scenario,
  };
}

/** Compiles a plan entry's scenario (once per scenario: refs memoize) into an episode. */
export async function resolveEpisode(plan: EpisodePlan): Promise<PlannedEpisode> {
  return {
    key: plan.key,
    scenario: await plan.ref.load(),
    seed: plan.seed,
    mode: plan.mode,
    clock: plan.clock,
    parallel: plan.parallel,
  };
}

/** How --episodes chooses: the first n, a list of ids, or a glob over ids. */
export type EpisodeChoice =
  | { readonly kind: "count"; readonly n: number }
  | { readonly kind: "ids"; readonly ids: readonly string[] }
  | { readonly kind: "glob"; readonly pattern: string };

/** Reads --episodes: "50", "id-1,id-2", or a glob such as "asynctool-v2-00*". */
export function parseEpisodeChoice(value: string): EpisodeChoice {
  const text = value.trim();
  if (/^\d+$/.test(text)) return { kind: "count", n: Number(text) };
  if (/[*?[]/.test(text)) return { kind: "glob", pattern: text };
  return {
    kind: "ids",
    ids: text
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  };
}

/** A glob over ids: `*` any run of characters, `?` one, `[abc]` one of a set. */
export function globMatcher(pattern: string): (id: string) => boolean {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === "*") source += ".*";
    else if (ch === "?") source += ".";
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) source += "\\[";
      else {
        source += `[${pattern.slice(i + 1, end).replace(/[\\^]/g, "\\$&")}]`;
        i = end;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  const re = new RegExp(`^${source}$`);
  return (id) => re.test(id);
}

/**
 * `n` of the scenarios drawn without replacement under `seed` (a partial Fisher–Yates shuffle),
 * returned in suite order: the same seed gives the same sample on every machine.
 */
export function sampleScenarios<T>(items: readonly T[], n: number, seed: number): T[] {
  const indices = items.map((_, i) => i);
  const rng = keyedRng(seed, "eval-sample");
  const count = Math.min(n, indices.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng.next() * (indices.length - i));
    [indices[i], indices[j]] = [indices[j] as number, indices[i] as number];
  }
  return indices
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => items[i] as T);
}
