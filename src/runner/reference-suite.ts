import { type AgentProtocol, toolsFor } from "../agents/episode-connection.js";
import { AGENT_NAMES, type AgentName, AgentStopped, runAgent } from "../agents/index.js";
import { AsyncToolError } from "../errors.js";
import { type EpisodePlan, resolveEpisode } from "./episodes.js";
import type { AgentOutcome } from "./model-agent.js";
import type { StopReason } from "./notes.js";
import { type ScoredEpisode, type SuiteEvent, scoreRecord } from "./suite.js";
import type { EpisodeTarget } from "./target.js";

/**
 * A reference agent (oracle, sequential, poller) over every episode of a plan: the baselines of
 * a suite, scored into the same table as `eval` (src/runner/suite-report.ts). One episode after
 * another, through the same target as a model run (the CLI hands it the in-process one), so
 * each episode is recorded with the runner's notes and scored the same way.
 *
 * A reference agent that stops without finishing its episode (a gold step refused, its call cap
 * spent) is not a crash: the episode is recorded and scored, its stop reason `agent_stopped`.
 */

export interface ReferenceSuiteOptions {
  readonly agent: AgentName;
  readonly episodes: readonly EpisodePlan[];
  readonly target: EpisodeTarget;
  /** Through the job tools (default) or through MCP Tasks (the episodes' mode must be tasks). */
  readonly protocol?: AgentProtocol;
  readonly onEvent?: (event: SuiteEvent) => void;
}

/** Plays every episode of the plan in order; returns them scored, in plan order. */
export async function runReferenceSuite(options: ReferenceSuiteOptions): Promise<ScoredEpisode[]> {
  const scored: ScoredEpisode[] = [];
  for (const plan of options.episodes) {
    const episode = await resolveEpisode(plan);
    options.onEvent?.({ type: "started", episode });
    const started = performance.now();
    const { record } = await options.target.run(
      episode,
      async (connection) => {
        const stop = (reason: StopReason, why: string, detail: string | null = null): AgentOutcome => {
          connection.note({
            level: reason === "episode_over" ? "info" : "warn",
            message: `runner: stopped: ${why}`,
            data: { kind: "stop", reason, agent: options.agent, ...(detail ? { detail } : {}) },
          });
          return { stop: reason, turns: 0, tokens: 0, error: null, fatal: false };
        };
        connection.note({
          level: "info",
          message: `runner: the ${options.agent} reference agent starts`,
          data: { kind: "start", agent: options.agent },
        });
        try {
          const summary = await runAgent(options.agent, toolsFor(connection, options.protocol), {
            scenario: episode.scenario,
            seed: episode.seed,
            mode: episode.mode,
            clock: episode.clock,
          });
          if (summary.finished) return stop("episode_over", "the agent answered every task");
          return stop(
            "agent_stopped",
            `the ${options.agent} agent ended without finishing the episode`,
            `${summary.calls} calls`,
          );
        } catch (error) {
          if (!(error instanceof AgentStopped)) throw error;
          return stop("agent_stopped", `the ${options.agent} agent stopped: ${error.message}`, error.message);
        }
      },
      [],
    );
    const one = scoreRecord(record, false);
    scored.push(one);
    options.onEvent?.({ type: "done", scored: one, ms: performance.now() - started });
  }
  return scored;
}

/** `--agent`: one of the reference agents. */
export function referenceAgentNamed(name: string): AgentName {
  const found = AGENT_NAMES.find((known) => known === name);
  if (found) return found;
  throw new AsyncToolError(
    "AGENT_UNKNOWN",
    `--agent ${JSON.stringify(name)} is not a reference agent; the agents are ${AGENT_NAMES.join(", ")}.`,
  );
}

/** `--seeds` of a reference run: seeds separated by commas, each an integer ≥ 0, each once ("1,2,3"). */
export function parseSeedList(text: string): number[] {
  const parts = text.split(",").map((part) => part.trim());
  const seeds: number[] = [];
  for (const part of parts) {
    const seed = /^\d+$/.test(part) ? Number(part) : Number.NaN;
    if (!Number.isSafeInteger(seed) || seeds.includes(seed)) {
      throw new AsyncToolError(
        "SEEDS_INVALID",
        `--seeds ${JSON.stringify(text)}: ${part === "" ? "an empty entry" : Number.isSafeInteger(seed) ? `seed ${seed} twice` : `${JSON.stringify(part)} is not a seed`}; give integers ≥ 0 separated by commas, each once, e.g. --seeds 1,2,3.`,
      );
    }
    seeds.push(seed);
  }
  return seeds;
}
