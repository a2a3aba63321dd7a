import type { TurnProgress } from "./model-agent.js";
import { isInfrastructureStop } from "./notes.js";
import type { ScoredEpisode, SuiteEvent } from "./suite.js";

/**
 * Counts for the progress display: episodes done (run now or found by --resume), successes so
 * far, and an ETA from the mean time of the episodes run now, spread over the concurrency.
 */
export class Progress {
  done = 0;
  successes = 0;
  /** Episodes whose success is unknown here (a remote server's recording not readable). */
  unscored = 0;
  /** Episodes the runner could not finish (the endpoint or the connection failed). */
  failed = 0;
  /** Model turns, tokens and cost of this run so far (turn by turn: a slow model still shows it moves). */
  turns = 0;
  tokens = 0;
  /** null while no turn had a price (the model has none). */
  costUsd: number | null = null;
  #ranMs = 0;
  #ran = 0;

  constructor(
    readonly total: number,
    readonly concurrency: number,
    /** false: a reference agent plays (`run --suite`), with no turns or tokens to count. */
    readonly modelRun = true,
  ) {}

  take(event: SuiteEvent): void {
    if (event.type === "started") return;
    if (event.type === "turn") {
      this.#takeTurn(event.turn);
      return;
    }
    const { scored } = event;
    this.done += 1;
    if (scored.metrics === null) this.unscored += 1;
    else if (scored.metrics.episodeSuccess) this.successes += 1;
    if (isInfrastructureStop(scored.stats.stop)) this.failed += 1;
    if (event.type === "done") {
      this.#ran += 1;
      this.#ranMs += event.ms;
    }
  }

  #takeTurn(turn: TurnProgress): void {
    this.turns += 1;
    if (turn.usage) this.tokens += turn.usage.inputTokens + turn.usage.outputTokens;
    if (turn.costUsd !== null) this.costUsd = (this.costUsd ?? 0) + turn.costUsd;
  }

  /** The run's spend so far: turns, tokens and cost. */
  spend(): string {
    return `${this.turns} turn${this.turns === 1 ? "" : "s"} · ${this.tokens.toLocaleString("en-US")} tokens${this.costUsd === null ? "" : ` · ${usd(this.costUsd)}`}`;
  }

  /** One line per model turn, for a log that is not a terminal. */
  turnLine(event: Extract<SuiteEvent, { type: "turn" }>): string {
    const t = event.turn;
    const u = t.usage;
    return `  ${event.episode.key} turn ${t.turn}: ${t.calls} call${t.calls === 1 ? "" : "s"}, ${u ? `${u.inputTokens + u.outputTokens} tokens` : "usage not reported"}${t.costUsd === null ? "" : `, ${usd(t.costUsd)}`} · run so far: ${this.spend()}`;
  }

  /** ms left, or null before the first episode has run. */
  etaMs(): number | null {
    if (this.#ran === 0) return null;
    const left = this.total - this.done;
    return (this.#ranMs / this.#ran) * Math.ceil(left / Math.max(1, this.concurrency));
  }

  /** The bar, redrawn in place on a terminal. */
  bar(width = 24): string {
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const eta = this.etaMs();
    return [
      `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.done}/${this.total} episodes`,
      this.#successText(),
      ...(this.failed > 0 ? [`${this.failed} failed`] : []),
      ...(this.turns > 0 ? [this.spend()] : []),
      `ETA ${this.done === this.total ? "done" : eta === null ? "…" : duration(eta)}`,
    ].join(" · ");
  }

  /** One line per episode, for a log that is not a terminal. */
  line(event: Extract<SuiteEvent, { type: "done" | "skipped" }>): string {
    const s = event.scored;
    const e = s.episode;
    const outcome = s.metrics
      ? `${s.metrics.episodeSuccess ? "success" : "failure"} (${s.metrics.tasks.filter((t) => t.success).length}/${s.metrics.tasks.length} tasks)`
      : s.scoreError
        ? `not scored (${s.scoreError})`
        : "not scored here";
    const parts = [
      `[${this.done}/${this.total}] ${e.scenario.id} seed ${e.seed} ${e.mode}/${e.clock}: ${event.type === "skipped" ? "done earlier, " : ""}${outcome}`,
      ...(this.modelRun
        ? [`${s.stats.turns} turns`, `${s.stats.inputTokens + s.stats.outputTokens} tokens`]
        : []),
      ...(s.stats.costUsd !== null ? [usd(s.stats.costUsd)] : []),
      ...(s.stats.retries > 0 ? [`${s.stats.retries} retr${s.stats.retries === 1 ? "y" : "ies"}`] : []),
      ...(stopWords(s) ? [stopWords(s) as string] : []),
    ];
    const eta = this.etaMs();
    if (this.done < this.total && eta !== null) parts.push(`ETA ${duration(eta)}`);
    return parts.join(" · ");
  }

  #successText(): string {
    const scored = this.done - this.unscored;
    return `${this.successes}/${scored} succeeded${this.unscored > 0 ? ` (${this.unscored} not scored here)` : ""}`;
  }
}

function stopWords(s: ScoredEpisode): string | null {
  switch (s.stats.stop) {
    case "model_error":
    case "runner_error":
      return `FAILED: ${s.stats.failure ?? s.stats.stop}`;
    case "context_length":
      return "context window outgrown";
    case "turn_budget":
      return "turn budget spent";
    case "token_budget":
      return "token budget spent";
    case "model_done":
      return "model stopped calling tools";
    case "agent_stopped":
      return "agent stopped before the end";
    default:
      return null;
  }
}

/** Dollars, with cents' fractions kept for the cheap turns of small models. */
export function usd(value: number): string {
  return `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}
