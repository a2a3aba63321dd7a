import { z } from "zod";

/** Status words follow MCP's task vocabulary, plus `expired` for a job past its time-to-live. */
export const jobStatusSchema = z.enum(["working", "completed", "failed", "cancelled", "expired"]);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/**
 * How a scenario tool's result reaches the agent. `tasks` is `async` for the engine: a plain
 * tools/call gets a job handle, and a task-augmented one (MCP Tasks) a task backed by that job.
 */
export const modeSchema = z.enum(["async", "sync", "instant", "tasks"]);
export type DeliveryMode = z.infer<typeof modeSchema>;

export const clockKindSchema = z.enum(["step", "wall"]);
export type ClockKind = z.infer<typeof clockKindSchema>;

/** Why an episode ended. */
export const endStatusSchema = z.enum([
  "completed", // every task answered
  "finished", // the agent called finish
  "disconnected", // the client went away
  "interrupted", // the server shut down
  "timeout", // the episode's time limit
  "error", // the server could not go on (e.g. the recording could not be written)
]);
export type EndStatus = z.infer<typeof endStatusSchema>;

/** Who cancelled a job: the agent (cancel_job), the client (it abandoned the call), or the server. */
export const cancellerSchema = z.enum(["agent", "client", "server"]);
export type Canceller = z.infer<typeof cancellerSchema>;
