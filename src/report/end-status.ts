import type { EndStatus } from "../engine/types.js";
import { formatTime } from "./format.js";

/**
 * How a recording ended, in words a reader of a table understands: the end line's status (or
 * none yet), and whether the session was a probe. A session is *unfinished* when it stopped
 * before the episode reached one of its own ends (every task answered, `finish`, the time
 * limit): no end recorded yet (in progress, or the server died), the server shut down, the
 * client went away, a server error, or a probe (no tool call at all). Its figures score what
 * the agent had done by then, so every table says so (metrics.md, "Unfinished sessions").
 */

export type EndKind =
  | "in-progress"
  | "probe"
  | "interrupted"
  | "disconnected"
  | "error"
  | "timeout"
  | "finished"
  | "completed";

export interface EndFacts {
  /** The end line's status; null when the log has none (yet). */
  readonly status: EndStatus | null;
  /** The end line's time, or the last event's when there is none. */
  readonly t: number;
  /** The end line marks a session that made no tool call. */
  readonly probe?: boolean;
}

export interface EndDescription {
  readonly kind: EndKind;
  readonly unfinished: boolean;
  /** A word or two, for a table cell: "in progress", "interrupted", "completed"… */
  readonly short: string;
  /** A sentence part with the time: "in progress (no end recorded; last event at t = 1 steps)". */
  readonly label: string;
}

const UNFINISHED: ReadonlySet<EndKind> = new Set([
  "in-progress",
  "probe",
  "interrupted",
  "disconnected",
  "error",
]);

export function endKind(facts: Pick<EndFacts, "status" | "probe">): EndKind {
  if (facts.status === null) return "in-progress";
  if (facts.probe === true) return "probe";
  return facts.status;
}

export function isUnfinished(facts: Pick<EndFacts, "status" | "probe">): boolean {
  return UNFINISHED.has(endKind(facts));
}

export function describeEnd(facts: EndFacts, unit: string): EndDescription {
  const kind = endKind(facts);
  const at = `t = ${formatTime(facts.t, unit)}`;
  const [short, label] = words(kind, at, facts.status);
  return { kind, unfinished: UNFINISHED.has(kind), short, label };
}

function words(kind: EndKind, at: string, status: EndStatus | null): [string, string] {
  switch (kind) {
    case "in-progress":
      return ["in progress", `in progress (no end recorded; last event at ${at})`];
    case "probe":
      return ["probe", `probe: the session made no tool call (${status ?? "ended"} at ${at})`];
    case "interrupted":
      return ["interrupted", `interrupted: the server shut down at ${at}, before the episode ended`];
    case "disconnected":
      return ["disconnected", `disconnected: the client went away at ${at}, before the episode ended`];
    case "error":
      return ["server error", `stopped by a server error at ${at}, before the episode ended`];
    case "timeout":
      return ["timed out", `timed out: the episode's time limit, at ${at}`];
    case "finished":
      return ["finished", `finished: the agent called finish at ${at}`];
    case "completed":
      return ["completed", `completed: every task answered by ${at}`];
  }
}
