import type { EpisodeConnection } from "../agents/episode-connection.js";
import type { EndStatus } from "../engine/types.js";
import { messageOf } from "../errors.js";
import { computeMetrics, type Metrics } from "../metrics/compute.js";
import type { RecordingHeader } from "../recorder/format.js";
import type { AgentLimits } from "./agent-limits.js";
import { type EpisodePlan, type PlannedEpisode, resolveEpisode } from "./episodes.js";
import { type AgentOptions, DEFAULT_AGENT_OPTIONS, runModelAgent, type TurnProgress } from "./model-agent.js";
import { isInfrastructureStop, type RunnerStats, runnerStats } from "./notes.js";
import type { EpisodeRecord, EpisodeTarget } from "./target.js";
import { type Deadline, realDeadline } from "./tool-calls.js";
import type { ExchangeLog, ModelClient } from "./types.js";

/** An episode of the run with its figures: metrics when its recording is readable here, and the runner's own. */
export interface ScoredEpisode {
  readonly episode: PlannedEpisode;
  readonly file: string;
  readonly header: RecordingHeader | null;
  readonly metrics: Metrics | null;
  /** Why a readable recording could not be scored (a fault of the metrics, not of the run). */
  readonly scoreError: string | null;
  readonly stats: RunnerStats;
  readonly endStatus: EndStatus | null;
  /** Found complete by --resume rather than run now. */
  readonly earlier: boolean;
}

export type SuiteEvent =
  | { readonly type: "started"; readonly episode: PlannedEpisode }
  | { readonly type: "turn"; readonly episode: PlannedEpisode; readonly turn: TurnProgress }
  | { readonly type: "done"; readonly scored: ScoredEpisode; readonly ms: number }
  | { readonly type: "skipped"; readonly scored: ScoredEpisode };

export interface SuiteOptions {
  readonly episodes: readonly EpisodePlan[];
  readonly target: EpisodeTarget;
  readonly model: ModelClient;
  readonly limits: AgentLimits;
  /** The agent's evaluation choices; the tool-call setting comes from each episode. */
  readonly agent?: Omit<AgentOptions, "parallelToolCalls" | "signal" | "onTurn" | "exchangeLog">;
  /** The raw-exchange log of an episode (--log-requests), by its key. */
  readonly exchangeLog?: (episode: PlannedEpisode) => ExchangeLog;
  readonly concurrency: number;
  readonly resume: boolean;
  /** With resume: run again the episodes the runner could not finish (endpoint or connection failures). */
  readonly retryFailed?: boolean;
  readonly deadline?: Deadline;
  /** Aborted: start no further episode (the run drains). */
  readonly stopStarting?: AbortSignal;
  /** Aborted: the episodes running end now, recorded as interrupted (the grace period is over). */
  readonly abortRunning?: AbortSignal;
  readonly onEvent?: (event: SuiteEvent) => void;
  /**
   * The model acts through a client-side Tasks driver (`eval --tasks-driver`): its tool calls
   * answer with finished results and it never sees the job tools (src/client/tasks-driver.ts).
   */
  readonly tasksDriver?: boolean;
}

export interface SuiteResult {
  /** In plan order; episodes not run (after a fatal error or an interruption) are missing. */
  readonly episodes: readonly ScoredEpisode[];
  /** The error that stopped the run (the endpoint refused it or is down, a recording could not be written). */
  readonly fatal: Error | null;
  /** Planned episodes without a result: never started, or interrupted. */
  readonly notRun: number;
  /** The run was interrupted (stopStarting aborted) before its plan was done. */
  readonly interrupted: boolean;
}

export function scoreRecord(record: EpisodeRecord, earlier: boolean): ScoredEpisode {
  const { recording } = record;
  let metrics: Metrics | null = null;
  let scoreError: string | null = null;
  try {
    metrics = recording ? computeMetrics(record.episode.scenario, recording) : null;
  } catch (error) {
    // One recording the metrics cannot read must not stop a long run: it is reported unscored.
    scoreError = messageOf(error);
  }
  return {
    episode: record.episode,
    file: record.file,
    header: recording?.header ?? null,
    metrics,
    scoreError,
    stats: runnerStats(record.notes),
    endStatus: recording?.end?.status ?? null,
    earlier,
  };
}

/** The connection as the model sees it behind a client-side Tasks driver. */
function drivenBy<C extends EpisodeConnection>(connection: C): C {
  const driver = connection.tasksDriver;
  // Every connection src/client/ opens has one: a missing driver is a bug, not a user's choice.
  if (!driver) throw new Error("this connection has no client-side Tasks driver (tasksDriver)");
  return { ...connection, tools: driver.tools, listTools: () => driver.listTools() };
}

/** The runner could not finish the episode: the endpoint or the connection failed, not the model. */
export function runnerFailed(scored: ScoredEpisode): boolean {
  return isInfrastructureStop(scored.stats.stop);
}

/**
 * Plays every episode of the plan with up to `concurrency` at once. A failed episode is recorded
 * and the run goes on; only an error that dooms every later episode (the endpoint refusing the
 * key or the request, the endpoint down, a recording that cannot be written) stops it, after
 * the episodes in flight end. An interruption stops new episodes at once; those running end on
 * their own or when `abortRunning` fires, and are then left for --resume (not scored).
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const { episodes, target } = options;
  const results: (ScoredEpisode | undefined)[] = new Array(episodes.length);
  let next = 0;
  let fatal: Error | null = null;
  const stopped = () => fatal !== null || options.stopStarting?.aborted === true;
  const worker = async () => {
    while (!stopped() && next < episodes.length) {
      const index = next++;
      const plan = episodes[index] as EpisodePlan;
      try {
        const episode = await resolveEpisode(plan);
        let again = false;
        if (options.resume) {
          const earlier = await target.finished(episode);
          if (earlier) {
            const scored = scoreRecord(earlier, true);
            // An interrupted episode is no result: it always runs again.
            again =
              scored.stats.stop === "interrupted" || (options.retryFailed === true && runnerFailed(scored));
            if (!again) {
              results[index] = scored;
              options.onEvent?.({ type: "skipped", scored });
              continue;
            }
          }
        }
        if (stopped()) break;
        const setAside = options.resume ? await target.setAside(episode, again) : [];
        options.onEvent?.({ type: "started", episode });
        const started = performance.now();
        const { record, outcome } = await target.run(
          episode,
          (connection) =>
            runModelAgent(
              options.tasksDriver ? drivenBy(connection) : connection,
              options.model,
              options.limits,
              options.deadline ?? realDeadline,
              {
                ...(options.agent ?? DEFAULT_AGENT_OPTIONS),
                parallelToolCalls: episode.parallel,
                ...(options.abortRunning ? { signal: options.abortRunning } : {}),
                onTurn: (turn) => options.onEvent?.({ type: "turn", episode, turn }),
                ...(options.exchangeLog ? { exchangeLog: options.exchangeLog(episode) } : {}),
              },
            ),
          setAside,
        );
        if (outcome.stop === "interrupted") continue;
        const scored = scoreRecord(record, false);
        results[index] = scored;
        options.onEvent?.({ type: "done", scored, ms: performance.now() - started });
        if (outcome.fatal) fatal ??= outcome.error ?? new Error("the model endpoint refused the run");
      } catch (error) {
        fatal ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, episodes.length)) }, worker),
  );
  const done = results.filter((r): r is ScoredEpisode => r !== undefined);
  return {
    episodes: done,
    fatal,
    notRun: episodes.length - done.length,
    interrupted: options.stopStarting?.aborted === true && done.length < episodes.length,
  };
}
