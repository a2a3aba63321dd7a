import type { ScenarioFileInput } from "../scenarios/schema.js";
import { composeEpisode, type EpisodePlan } from "./compose.js";
import { EDITION_SETTINGS } from "./editions.js";
import { frameInstructions, newPhrasingMemory, rememberPhrasings } from "./phrasings.js";
import { type EpisodeMix, planEpisode } from "./plan.js";
import type { TaskTemplate } from "./template.js";

/** The check an episode must pass to be kept: it compiles and the oracle solves it with full marks. */
export type EpisodeCheck = (
  file: ScenarioFileInput,
) => Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string }>;

export interface GenerateOptions {
  readonly count: number;
  readonly seed: number;
  readonly templates: readonly TaskTemplate[];
  /** Episode ids are `<prefix>-0001`... */
  readonly prefix: string;
  readonly check: EpisodeCheck;
  /** How episodes are drawn; default: the first edition's (src/dataset/editions.ts). */
  readonly mix?: EpisodeMix;
  /** Draws for one episode before generation gives up (the templates would be broken). */
  readonly maxAttempts?: number;
  readonly onEpisode?: (done: number, episode: GeneratedEpisode) => void;
  /**
   * Frame every instruction in one of several phrasings (src/dataset/phrasings.ts) and keep no
   * two tasks of the suite whose instructions are the same once case, numbers, identifiers and
   * spaces are folded: another frame is taken, or, when every frame is, the draw is refused.
   */
  readonly distinctInstructions?: boolean;
}

export interface GeneratedEpisode {
  readonly plan: EpisodePlan;
  readonly file: ScenarioFileInput;
}

export interface Rejection {
  readonly id: string;
  readonly attempt: number;
  readonly templates: readonly string[];
  readonly reason: string;
}

export class GenerationFailed extends Error {}

/**
 * Draws, composes and checks episodes until `count` are kept. Episode i's draws depend only on
 * (seed, i, attempt), and the check is deterministic, so one seed gives one suite, byte for byte.
 */
export async function generateEpisodes(
  options: GenerateOptions,
): Promise<{ episodes: GeneratedEpisode[]; rejected: Rejection[] }> {
  const episodes: GeneratedEpisode[] = [];
  const rejected: Rejection[] = [];
  const maxAttempts = options.maxAttempts ?? 25;
  /** The instructions and phrasings of the episodes kept so far. */
  const phrasings = newPhrasingMemory();
  for (let index = 1; index <= options.count; index++) {
    let kept: GeneratedEpisode | undefined;
    for (let attempt = 0; attempt < maxAttempts && !kept; attempt++) {
      const plan = planEpisode({
        seed: options.seed,
        index,
        attempt,
        prefix: options.prefix,
        templates: options.templates,
        mix: options.mix ?? EDITION_SETTINGS.v1.mix,
      });
      let file: ScenarioFileInput;
      try {
        file = composeEpisode(plan);
      } catch (error) {
        rejected.push({
          id: plan.id,
          attempt,
          templates: plan.templates.map((t) => t.id),
          reason: (error as Error).message,
        });
        continue;
      }
      if (options.distinctInstructions) {
        const framed = frameInstructions(file, options.seed, attempt, phrasings);
        if ("duplicate" in framed) {
          rejected.push({
            id: plan.id,
            attempt,
            templates: plan.templates.map((t) => t.id),
            reason: `task ${framed.duplicate}: every phrasing of its instruction is a near-duplicate of one already in the suite`,
          });
          continue;
        }
        file = framed.file;
      }
      const verdict = await options.check(file);
      if (verdict.ok) {
        kept = { plan, file };
        if (options.distinctInstructions) rememberPhrasings(phrasings, file);
      } else
        rejected.push({
          id: plan.id,
          attempt,
          templates: plan.templates.map((t) => t.id),
          reason: verdict.reason,
        });
    }
    if (!kept) {
      const last = rejected.at(-1);
      throw new GenerationFailed(
        `episode ${index}: no draw passed the check in ${maxAttempts} attempts; the last was refused because ${last?.reason ?? "?"}`,
      );
    }
    episodes.push(kept);
    options.onEpisode?.(episodes.length, kept);
  }
  return { episodes, rejected };
}

/** Checks in turn; the first refusal is the verdict (put the cheapest, most refusing first). */
export function allChecks(...checks: readonly EpisodeCheck[]): EpisodeCheck {
  return async (file) => {
    for (const check of checks) {
      const verdict = await check(file);
      if (!verdict.ok) return verdict;
    }
    return { ok: true };
  };
}

/** How an episode is written: stable key order, two-space indent, one final newline. */
export function episodeText(file: ScenarioFileInput): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
