import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Episode } from "../engine/episode.js";
import { AsyncToolError } from "../errors.js";
import type { JsonObject } from "../json.js";
import { portableJsonSchema } from "../scenarios/portable-json-schema.js";
import type { ProtocolEra } from "./brief.js";

/** What a tool handler may use besides its arguments. */
export interface ToolContext {
  readonly episode: Episode;
  /** The session's number for this call (shared by its request and response in the recording). */
  readonly call: number;
  /** Aborted when the client cancels the call (notifications/cancelled) or goes away. */
  readonly signal: AbortSignal;
  /** Sends a progress notification when the client asked for them; otherwise does nothing. */
  progress(progress: number, total?: number, message?: string): void;
  /** Calls fn every `ms` real milliseconds (on the injected real time) until the returned stop is called. */
  every(ms: number, fn: () => void): () => void;
  readonly settings: SessionSettings;
  /** The protocol revision of the session's client (2025-11-25 when absent): list_tasks words the brief for it. */
  readonly era?: ProtocolEra;
  /**
   * Whether an answer of this session has carried the job's final output to the agent. A wait
   * with no ids takes the jobs still working and those that ended unreported: a job that ends at
   * the tick of the call (the step clock finishes due jobs first) must not slip through.
   */
  delivered(jobId: string): boolean;
}

/** Per-session settings the tools read. */
export interface SessionSettings {
  /** Longest result text returned at once, in characters. */
  readonly maxResultChars: number;
  /** Longest real time a blocking call may block (below clients' request timeouts). */
  readonly waitCapMs: number;
  /** Live use: answer inline a job that finishes within this many real ms (0 = off). */
  readonly inlineMs: number;
  /** Real ms between progress notifications of a blocking call. */
  readonly progressEveryMs: number;
}

/** A handler's answer, before the seam records it and turns it into an MCP result. */
export interface ToolOutcome {
  readonly structured: Record<string, unknown>;
  readonly text: string;
  /** The job this call started. */
  readonly job?: string;
  /** Jobs whose final output this answer carries (they count as seen). */
  readonly delivered?: readonly string[];
  readonly inline?: boolean;
  /** Runs after the response is recorded (ending the episode must not cut its own answer). */
  readonly after?: () => void;
}

/** A tool the server publishes. Job tools are one file each under tools/; scenario tools are built per scenario. */
export interface ToolDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** JSON Schema of the arguments, as tools/list shows it. */
  readonly inputSchema: JsonObject;
  /** JSON Schema of structuredContent. */
  readonly outputSchema: JsonObject;
  readonly annotations: ToolAnnotations;
  /**
   * Its answer shows jobs' statuses. In the step clock such a call first awaits the answers of
   * forwarded jobs already due (`Episode.dueForwards`), so a proxied job is never seen working
   * past its end only because its server is slow: real time does not count as steps.
   */
  readonly seesJobs?: boolean;
  /** Checks the arguments (throwing BAD_ARGUMENTS) and returns them typed. */
  parse(args: unknown): unknown;
  run(args: unknown, context: ToolContext): Promise<ToolOutcome> | ToolOutcome;
}

/** Defines a job tool from zod schemas: arguments are checked before `run` sees them. */
export function defineJobTool<A extends z.ZodObject>(spec: {
  name: string;
  title: string;
  description: string;
  input: A;
  output: z.ZodObject;
  annotations: ToolAnnotations;
  seesJobs?: boolean;
  run(args: z.infer<A>, context: ToolContext): Promise<ToolOutcome> | ToolOutcome;
}): ToolDefinition {
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: jsonSchemaOf(spec.input),
    outputSchema: jsonSchemaOf(spec.output, "output"),
    annotations: spec.annotations,
    ...(spec.seesJobs ? { seesJobs: true } : {}),
    parse: (args) => parseArgs(spec.name, spec.input, args ?? {}),
    run: (args, context) => spec.run(args as z.infer<A>, context),
  };
}

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output" = "input"): JsonObject {
  const { $schema: _omit, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonObject;
  return portableJsonSchema(rest);
}

function parseArgs<A extends z.ZodObject>(tool: string, schema: A, args: unknown): z.infer<A> {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown argument${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
        : `${issue.path.length ? issue.path.join(".") : "arguments"}: ${issue.message}`,
    );
  throw new AsyncToolError(
    "BAD_ARGUMENTS",
    `${tool} was called with bad arguments (${problems.join("; ")}). Call it again with arguments that fit its input schema.`,
  );
}
