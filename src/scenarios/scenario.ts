import type { z } from "zod";
import type { Domain, IdSource } from "../domains/shared/types.js";
import type { ClockKind, DeliveryMode } from "../engine/types.js";
import type { JsonObject, JsonValue } from "../json.js";
import type { AnswerCheck, StateCheck } from "./answer-checks.js";
import type { FaultSpec, LatencySpec } from "./latency-spec.js";
import type { Matcher } from "./matchers.js";
import type { ScenarioFile } from "./schema.js";

/** A scenario after compile.ts: checked, resolved, ready to run an episode. Immutable. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly description: string | undefined;
  /** sha256 of the file's canonical JSON: recordings name the exact scenario they ran. */
  readonly hash: string;
  readonly file: string | undefined;
  readonly clock: ClockKind;
  readonly mode: DeliveryMode;
  readonly unitMs: number;
  readonly limits: ScenarioFile["limits"];
  /** The file as parsed, defaults filled. */
  readonly spec: ScenarioFile;
  readonly domains: readonly ScenarioDomain[];
  readonly tools: ReadonlyMap<string, ScenarioTool>;
  readonly tasks: readonly Task[];
}

export interface ScenarioDomain {
  readonly name: string;
  readonly domain: Domain;
  /** Validated by the domain's state schema, defaults filled. Cloned for each episode. */
  readonly initialState: JsonObject;
}

/** Where declared response-table tools live (they have no state). */
export const DECLARED_DOMAIN = "declared";

export interface ScenarioTool {
  /** What the agent calls. Unique in the scenario. */
  readonly name: string;
  /** The built-in domain it comes from, or DECLARED_DOMAIN. */
  readonly domain: string;
  readonly description: string;
  readonly input: z.ZodObject;
  /** The input schema as JSON Schema, as clients see it in tools/list. */
  readonly inputJsonSchema: JsonObject;
  readonly output: z.ZodType | undefined;
  readonly readOnly: boolean;
  /** May remove or overwrite what the agent cannot get back (see DomainTool.destructive). */
  readonly destructive: boolean;
  /** Repeating a call with the same arguments changes nothing more. */
  readonly idempotent: boolean;
  readonly latency: LatencySpec;
  readonly faults: FaultSpec;
  /**
   * Runs the call against the episode's domain states (domain name → state). Throws DomainError.
   * `ids` names what the call creates; without it, the counter rule (see `counterIds`).
   */
  run(states: Record<string, JsonObject>, args: JsonObject, ids?: EpisodeIds): JsonValue;
  /**
   * A tool served by another server (the proxy): the engine calls it when the job starts and
   * settles the job with its outcome once both it and the drawn latency are in. Without it the
   * tool runs against the domain states when its job ends.
   */
  readonly forward?: Forward;
  /** Hints of the tool's origin passed through to clients as they are (a proxied tool's annotations). */
  readonly annotations?: Readonly<Record<string, JsonValue>>;
}

/** What a forwarded call came back with: its result, or an error the agent reads as the job's. */
export type ForwardOutcome =
  | { readonly result: JsonValue }
  | { readonly error: { readonly code: string; readonly message: string; readonly retryable: boolean } };

/** Sends a call to the server that owns the tool; the signal aborts it when the job is cancelled. */
export type Forward = (args: JsonObject, signal: AbortSignal) => Promise<ForwardOutcome>;

/** How an episode names what its tools create: one id source per domain (see IdSource). */
export interface EpisodeIds {
  /** `seeded` (drawn from the episode's seed) or `counter` (recordings made before ids were drawn). */
  readonly rule: string;
  forDomain(domain: string): IdSource;
}

export interface Task {
  readonly id: string;
  readonly instruction: string;
  readonly steps: readonly GoldStep[];
  readonly answer: AnswerCheck;
  readonly state: readonly StateCheck[];
}

export interface GoldStep {
  readonly id: string;
  readonly task: string;
  /** The scenario tool's name (a `domain.` prefix in the file is resolved away). */
  readonly tool: string;
  readonly args: Readonly<Record<string, Matcher>>;
  /** Direct dependencies, in the same task. */
  readonly after: readonly string[];
}
