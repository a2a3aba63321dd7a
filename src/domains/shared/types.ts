import type { z } from "zod";
import type { ErrorCode } from "../../errors.js";
import type { JsonObject, JsonValue } from "../../json.js";
import type { LatencySpec } from "../../scenarios/latency-spec.js";

/**
 * A built-in domain simulator: deterministic and stateful. State is plain JSON, cloned from the
 * scenario for each episode and mutated only by the domain's own tools when a job finishes.
 * No clock and no randomness of its own: the same calls in the same order, with the same
 * `ToolContext` (the episode's seed), give the same results.
 */
export interface Domain<S extends JsonObject = JsonObject> {
  /** The name scenarios use under `domains:` (lowercase, e.g. `filesystem`). */
  readonly name: string;
  /** The category of the suite it covers (e.g. `Filesystem`, `TravelPlanning`): our choice, not a list of the AsyncTool paper's. */
  readonly category: string;
  readonly description: string;
  /** Validates the scenario's initial state and fills defaults. */
  readonly state: z.ZodType<S>;
  readonly tools: readonly DomainTool<S>[];
}

export interface DomainTool<S extends JsonObject = JsonObject, A extends z.ZodObject = z.ZodObject> {
  /** Unique across all built-in domains: it is what the agent sees. snake_case. */
  readonly name: string;
  /** Written as a real API's documentation would be: what it does, what it returns, its errors. */
  readonly description: string;
  readonly input: A;
  /** Shape of a successful result, used to check `$from` paths in scenarios and for docs. */
  readonly output: z.ZodType;
  /** True when the tool never changes the domain state. */
  readonly readOnly: boolean;
  /**
   * True when a call can remove or overwrite what the agent cannot get back (a deletion, a
   * cancellation, an overwrite): clients may ask their user first. Published as `destructiveHint`.
   */
  readonly destructive?: boolean;
  /**
   * True when repeating a call with the same arguments changes nothing more (the second finds
   * nothing left to do). Read-only tools always are. Published as `idempotentHint`.
   */
  readonly idempotent?: boolean;
  /** Default latency in latency units, when the scenario does not set one. */
  readonly latency: LatencySpec;
  /** Runs the operation when the job finishes. Throws DomainError for errors a real API gives. */
  run(state: S, args: z.infer<A>, ctx: ToolContext): JsonValue;
}

/**
 * Where a tool gets the ids of what it creates (bookings, posts, orders...). Each domain keeps a
 * counter in its state (`nextBookingNumber`, `nextPostNumber`...) that says which of its kind
 * this is; the context turns that index into the id. Under the episode's rule the id is drawn from
 * the episode's seed (so it cannot be guessed from the tool descriptions or from another episode);
 * under the counter rule of recordings made before ids were drawn, it is `${prefix}${counter}`.
 * Either way the same state and calls give the same id, so the final-state replay mints it again.
 */
export interface IdSource {
  /**
   * A text id starting with `prefix` for the `counter`-th thing of that kind, that `taken` refuses
   * for none; `next` is the counter's next value.
   */
  text(prefix: string, counter: number, taken: (id: string) => boolean): { id: string; next: number };
  /** The seed a generator uses when the call gives none: drawn from `chain` (the domain's own chain of seeds). */
  seed(chain: number): number;
}

/** What a tool gets from the episode besides its state and arguments. */
export interface ToolContext {
  readonly ids: IdSource;
}

/** An error a real API would return (not found, insufficient funds...). The job ends failed. */
export class DomainError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "DomainError";
    this.code = code;
  }
}

/** Keeps a tool's argument type tied to its input schema, so `run` is checked against it. */
export function defineTool<S extends JsonObject, A extends z.ZodObject>(
  tool: DomainTool<S, A>,
): DomainTool<S> {
  return tool as unknown as DomainTool<S>;
}

export function defineDomain<S extends JsonObject>(domain: Domain<S>): Domain {
  return domain as unknown as Domain;
}
