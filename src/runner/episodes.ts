import type { ClockKind, DeliveryMode } from "../engine/types.js";
import type { Scenario } from "../scenarios/scenario.js";

/** One episode of a run: a scenario under a seed, a delivery mode and a clock. */
export interface PlannedEpisode {
  /** Its identity in the output directory: what --resume looks for. */
  readonly key: string;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly mode: DeliveryMode;
  readonly clock: ClockKind;
}

/** Scenario ids are already file-name safe (letters, digits, '.', '_', '-'), and so is the key. */
export function episodeKey(scenarioId: string, seed: number, mode: DeliveryMode, clock: ClockKind): string {
  return `${scenarioId}.s${seed}.${mode}.${clock}`;
}

export interface PlanOptions {
  readonly seeds: readonly number[];
  /** The modes to run; undefined runs each scenario in its own default mode. */
  readonly modes: readonly DeliveryMode[] | undefined;
  readonly clock: ClockKind;
}

/**
 * Every episode of a run, seed by seed, so a run cut short holds whole seeds of the suite, and
 * the modes of one scenario and seed side by side (the ablation compares them pairwise).
 */
export function planEpisodes(scenarios: readonly Scenario[], options: PlanOptions): PlannedEpisode[] {
  const plan: PlannedEpisode[] = [];
  for (const seed of options.seeds) {
    for (const scenario of scenarios) {
      for (const mode of options.modes ?? [scenario.mode]) {
        plan.push({
          key: episodeKey(scenario.id, seed, mode, options.clock),
          scenario,
          seed,
          mode,
          clock: options.clock,
        });
      }
    }
  }
  return plan;
}
