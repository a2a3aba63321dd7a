import type { Rng } from "../engine/rng.js";
import type { JsonObject } from "../json.js";
import type { AnswerCheckSpec, StateCheckSpec } from "../scenarios/schema.js";

/**
 * A single-task template: one parameterised call path (the paper's single-task "call path"),
 * instantiated with fresh values into a task of an episode. A template creates the objects its
 * task needs in the episode's domain state (with distractors), so two tasks of one episode never
 * step on each other, and writes its expected answer from what it created, or as `$from` a
 * result the agent must read.
 */
export interface TaskTemplate {
  /** `domain/slug`, unique: the dataset's statistics and the datasheet use it. */
  readonly id: string;
  /** The domains its steps use (one, usually). */
  readonly domains: readonly string[];
  instantiate(ctx: TemplateContext): TaskDraft;
}

/** A task as a template writes it, in the scenario file's own syntax. */
export interface TaskDraft {
  readonly instruction: string;
  readonly steps: readonly StepInput[];
  readonly answer: AnswerCheckSpec;
  readonly state?: readonly StateCheckSpec[];
}

/** A gold step as written in a scenario file; compiling the episode checks it. */
export interface StepInput {
  readonly id: string;
  readonly tool: string;
  /** Matchers in the file's syntax (literals, `$ci`, `$from`...). */
  readonly args?: Readonly<Record<string, unknown>>;
  readonly after?: readonly string[];
}

export interface TemplateContext {
  readonly rng: Rng;
  /** A short token unique to this task in the episode ("a", "b", "c"): put it in names and paths you create. */
  readonly tag: string;
  /** The episode's state of a domain (its schema's defaults at first), to add the task's objects to. */
  state<S extends JsonObject = JsonObject>(domain: string): S;
  /** A value of a pool that no other task of this episode has taken (cities, dates, names...). */
  unique<T>(pool: string, values: readonly T[]): T;
  pick<T>(values: readonly T[]): T;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** k distinct items of a list, in random order. */
  sample<T>(values: readonly T[], k: number): T[];
}

/** Keeps a template's type tidy at its definition. */
export function defineTemplate(template: TaskTemplate): TaskTemplate {
  return template;
}
