import type { Episode, EpisodeEvent } from "../engine/episode.js";
import { SEEDED_IDS } from "../engine/ids.js";
import type { Job } from "../engine/job.js";
import type { EndStatus } from "../engine/types.js";
import type { JsonValue } from "../json.js";
import { recordingFailureReason } from "./budget.js";
import { cutText, RECORDING_CAPS } from "./field-caps.js";
import { type JobEvent, RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from "./format.js";
import type { RecordingSink } from "./sink.js";

export interface HeaderInput {
  readonly episode: Episode;
  readonly server: { readonly name: string; readonly version: string };
  readonly session: string;
  readonly client: { readonly name: string; readonly version: string } | null;
  readonly startedAt: Date;
  readonly options?: Record<string, JsonValue>;
}

/** The first line of a session's recording: everything needed to score it without the server. */
export function recordingHeader(input: HeaderInput): RecordingHeader {
  const { episode } = input;
  return {
    type: "header",
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    server: { name: input.server.name, version: input.server.version },
    session: input.session,
    startedAt: input.startedAt.toISOString(),
    scenario: {
      id: episode.scenario.id,
      title: episode.scenario.title,
      hash: episode.scenario.hash,
      ...(episode.scenario.file ? { file: episode.scenario.file } : {}),
    },
    seed: episode.seed,
    mode: episode.mode,
    clock: episode.clockKind,
    timeScale: episode.timeScale,
    unitMs: episode.scenario.unitMs,
    client: input.client && {
      name: cutText(input.client.name, RECORDING_CAPS.name),
      version: cutText(input.client.version, RECORDING_CAPS.name),
    },
    schedule: episode.schedule as Record<string, Record<string, number>>,
    // `ids` says the episode's tools drew the ids they minted from its seed, so the final-state
    // replay draws them too; a recording without it was made when ids came from counters.
    options: { ...input.options, ids: SEEDED_IDS },
  };
}

/** The recording line of a job transition (built in place: one object per line, in key order). */
export function jobEvent(job: Job, t: number): Omit<JobEvent, "seq" | "wall"> {
  const event: Omit<JobEvent, "seq" | "wall"> = {
    type: "job",
    t,
    job: job.id,
    tool: job.tool,
    status: job.status,
  };
  switch (job.status) {
    case "working":
      if (job.call !== undefined) event.call = job.call;
      event.args = job.args;
      event.latency = job.latency;
      event.finishAt = job.startedAt + job.latency;
      if (job.step) event.step = job.step;
      break;
    case "completed":
      event.result = job.result ?? null;
      break;
    case "cancelled":
      event.by = job.cancelledBy ?? "agent";
      break;
    default:
      if (job.error) event.error = job.error;
  }
  return event;
}

export interface RecordEpisodeOptions {
  /**
   * Called at the episode's end instead of closing the sink there and then: a session closes it
   * once the calls still in flight are recorded (their responses precede the end line).
   */
  readonly onEnd?: (status: EndStatus, reason: string | undefined) => void;
  /** Told of a job event that could not be written (before the episode ends as `error`). */
  readonly onWriteError?: (error: unknown) => void;
}

/**
 * Writes every job transition and the end of the episode to the sink as they happen. If the
 * sink fails (disk full), the episode ends as `error`: a benchmark must not go on unrecorded.
 * A write after the sink closed is refused by the sink, and reported like any failed write.
 * Returns a function that detaches it.
 */
export function recordEpisode(
  episode: Episode,
  sink: RecordingSink,
  options: RecordEpisodeOptions = {},
): () => void {
  return episode.on((event: EpisodeEvent) => {
    if (event.type === "end") {
      // A failed sink is closed too: it releases its file (and a budget-stopped one writes its end line).
      if (options.onEnd) options.onEnd(event.status, event.reason);
      else if (!sink.closed) sink.close(event.status, event.reason);
      return;
    }
    // A failed sink has been reported already; the episode is ending as `error`.
    if (sink.failed) return;
    try {
      sink.write(jobEvent(event.job, event.t));
    } catch (error) {
      options.onWriteError?.(error);
      episode.end("error", recordingFailureReason(error));
    }
  });
}
