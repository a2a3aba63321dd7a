import { z } from "zod";
import {
  cancellerSchema,
  clockKindSchema,
  endStatusSchema,
  jobStatusSchema,
  modeSchema,
} from "../engine/types.js";

/**
 * The recording format, version 1: one JSON object per line. The first line is the header, then
 * events in the order they happened, then (unless the process died) the end line.
 *
 * Every event carries `seq` (0-based, consecutive, the header is not counted), `wall` (real ms
 * since the session started, not scaled) and `t` (the episode clock: steps, or scenario ms in
 * the wall clock, i.e. real ms divided by the time scale).
 */
export const RECORDING_FORMAT = "asynctool-recording";
export const RECORDING_VERSION = 1;

/** Any JSON value. Exported so the reader can skip re-checking what JSON.parse just produced. */
export const jsonValueSchema = z.json();
const json = jsonValueSchema;
const stamp = {
  seq: z.number().int().nonnegative(),
  wall: z.number().nonnegative(),
  t: z.number().nonnegative(),
};

export const stepRefSchema = z.strictObject({ task: z.string(), step: z.string() });

export const headerSchema = z.strictObject({
  type: z.literal("header"),
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_VERSION),
  server: z.strictObject({ name: z.string(), version: z.string() }),
  session: z.string(),
  startedAt: z.string().describe("ISO 8601 wall-clock time of t0."),
  scenario: z.strictObject({
    id: z.string(),
    title: z.string(),
    hash: z.string().describe("sha256 of the scenario's canonical JSON"),
    file: z.string().optional(),
  }),
  seed: z.number().int(),
  mode: modeSchema,
  clock: clockKindSchema,
  timeScale: z.number().positive(),
  unitMs: z.number().positive(),
  client: z.strictObject({ name: z.string(), version: z.string() }).nullable(),
  /** d(g) of every gold step in this episode, in episode-clock units: task id → step id → latency. */
  schedule: z.record(z.string(), z.record(z.string(), z.number().nonnegative())),
  /** Free-form settings worth knowing when reading the log (inline grace period, runner, model...). */
  options: z.record(z.string(), json).optional(),
});

export const requestEventSchema = z.strictObject({
  type: z.literal("request"),
  ...stamp,
  call: z.number().int().nonnegative().describe("The session's call number, shared with its response."),
  tool: z.string(),
  args: json,
  via: z
    .literal("tasks")
    .optional()
    .describe(
      "The client made this call through MCP Tasks (a task-augmented tools/call, or tasks/get, tasks/result, tasks/cancel, tasks/list recorded as the job tool they map to).",
    ),
  truncated: z
    .record(z.string(), z.number().int().nonnegative())
    .optional()
    .describe("Fields cut to the recording's caps: field → its full size (characters)."),
});

export const responseEventSchema = z.strictObject({
  type: z.literal("response"),
  ...stamp,
  call: z.number().int().nonnegative(),
  isError: z.boolean(),
  code: z.string().optional().describe("Error code when isError."),
  job: z.string().optional().describe("The job this call started."),
  inline: z
    .boolean()
    .optional()
    .describe("The job finished within the inline grace period and was answered inline."),
  delivered: z.array(z.string()).optional().describe("Jobs whose final output this response carried."),
  result: json.optional().describe("The structured result the agent received (bounded)."),
  clientCancelled: z
    .boolean()
    .optional()
    .describe("The client had cancelled the call; this answer was final."),
});

export const jobEventSchema = z.strictObject({
  type: z.literal("job"),
  ...stamp,
  job: z.string(),
  tool: z.string(),
  status: jobStatusSchema,
  call: z.number().int().nonnegative().optional().describe("On `working`: the call that started it."),
  args: json.optional().describe("On `working`: the arguments."),
  latency: z.number().nonnegative().optional().describe("On `working`: the scheduled duration."),
  finishAt: z.number().nonnegative().optional().describe("On `working`: the scheduled end."),
  step: stepRefSchema.optional().describe("On `working`: the gold step the engine attributed the job to."),
  result: json.optional().describe("On `completed`."),
  error: z
    .strictObject({ code: z.string(), message: z.string(), retryable: z.boolean() })
    .optional()
    .describe("On `failed` and `expired`."),
  by: cancellerSchema.optional().describe("On `cancelled`: who cancelled it."),
  truncated: z
    .record(z.string(), z.number().int().nonnegative())
    .optional()
    .describe("Fields cut to the recording's caps: field → its full size (characters)."),
});

export const clientCancelEventSchema = z.strictObject({
  type: z.literal("client_cancel"),
  ...stamp,
  call: z.number().int().nonnegative(),
  reason: z.string().optional(),
  truncated: z
    .record(z.string(), z.number().int().nonnegative())
    .optional()
    .describe("Fields cut to the recording's caps: field → its full size (characters)."),
});

export const noticeEventSchema = z.strictObject({
  type: z.literal("notice"),
  ...stamp,
  kind: z
    .string()
    .describe(
      '"logging": a logging notification that jobs ended (text only); "tasks": a Tasks-extension notification on a listen stream, carrying the job\'s final state with its result.',
    ),
  jobs: z.array(z.string()),
  call: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe(
      "On `tasks`: the listen call (its request, recorded as wait_for_jobs) whose stream carried it.",
    ),
});

export const noteEventSchema = z.strictObject({
  type: z.literal("note"),
  ...stamp,
  level: z.enum(["info", "warn", "error"]),
  message: z.string(),
  data: json.optional(),
  truncated: z
    .record(z.string(), z.number().int().nonnegative())
    .optional()
    .describe("Fields cut to the recording's caps: field → its full size (characters)."),
});

export const endEventSchema = z.strictObject({
  type: z.literal("end"),
  ...stamp,
  status: endStatusSchema,
  reason: z.string().optional(),
  truncated: z
    .record(z.string(), z.number().int().nonnegative())
    .optional()
    .describe("Fields cut to the recording's caps: field → its full size (characters)."),
  probe: z
    .literal(true)
    .optional()
    .describe(
      "The session made no tool call (a client listing tools, a connection test): `report` leaves it out of tables unless --include-probes.",
    ),
});

export const eventSchema = z.discriminatedUnion("type", [
  requestEventSchema,
  responseEventSchema,
  jobEventSchema,
  clientCancelEventSchema,
  noticeEventSchema,
  noteEventSchema,
  endEventSchema,
]);

export type RecordingHeader = z.infer<typeof headerSchema>;
export type RecordingEvent = z.infer<typeof eventSchema>;
export type RequestEvent = z.infer<typeof requestEventSchema>;
export type ResponseEvent = z.infer<typeof responseEventSchema>;
export type JobEvent = z.infer<typeof jobEventSchema>;
export type ClientCancelEvent = z.infer<typeof clientCancelEventSchema>;
export type NoticeEvent = z.infer<typeof noticeEventSchema>;
export type NoteEvent = z.infer<typeof noteEventSchema>;
export type EndEvent = z.infer<typeof endEventSchema>;

/** An event before it is stamped: the writer adds seq, wall and t. */
export type EventInput = RecordingEvent extends infer E
  ? E extends RecordingEvent
    ? Omit<E, "seq" | "wall" | "t"> & { t?: number }
    : never
  : never;

/** A recording's first and last lines: what a reader that streams its events returns. */
export interface RecordingFrame {
  readonly header: RecordingHeader;
  readonly end: EndEvent | null;
  readonly truncated: boolean;
}

/** A recording as read back: complete, or cut short (no end line) and scored as ended at its last event. */
export interface Recording extends RecordingFrame {
  /** Every event in order, the end line included: `events[i].seq === i`. */
  readonly events: readonly RecordingEvent[];
}
