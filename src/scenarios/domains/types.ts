import type { z } from "zod";
import type { ErrorCode } from "../../errors.js";
import type { JsonObject, JsonValue } from "../../json.js";
import type { LatencySpec } from "../latency-spec.js";

/**
 * A built-in domain simulator: deterministic and stateful. State is plain JSON, cloned from the
 * scenario for each episode and mutated only by the domain's own tools when a job finishes.
 * No clock, no randomness: the same calls in the same order give the same results.
 */
export interface Domain<S extends JsonObject = JsonObject> {
  /** The name scenarios use under `domains:` (lowercase, e.g. `filesystem`). */
  readonly name: string;
  /** The AsyncTool category it covers (e.g. `Filesystem`, `TravelPlanning`). */
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
  /** Default latency in latency units, when the scenario does not set one. */
  readonly latency: LatencySpec;
  /** Runs the operation when the job finishes. Throws DomainError for errors a real API gives. */
  run(state: S, args: z.infer<A>): JsonValue;
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
