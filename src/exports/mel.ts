import type { JsonValue } from "../json.js";
import { type Action, actionsOf } from "./actions.js";
import { bifurcation, commonPrefix, lcsLength } from "./alignment.js";
import { CAUSE_CLASSES, type CauseClass, runCause, type TaskCause, taskCauses } from "./causes.js";
import { renderBrief } from "./context.js";
import type { EpisodeView, Turn } from "./episode.js";

/**
 * Meta-Experience Learning pairs (docs/exports.md, "MEL"): for every scenario and seed with a
 * successful and a failed run, each failed run with the closest successful one, where they part,
 * and why the failed run failed. A pure function of the episodes, in the order given.
 */

export interface MelEpisode {
  /** How the export names it (see the CLI): unique among the inputs. */
  readonly name: string;
  readonly view: EpisodeView;
}

export type ChatMessage =
  | { readonly role: "user"; readonly content: string }
  | {
      readonly role: "assistant";
      readonly tool_call: { readonly id: string; readonly name: string; readonly arguments: JsonValue };
    }
  | { readonly role: "tool"; readonly tool_call_id: string; readonly name: string; readonly content: string };

export interface MelRun {
  readonly episode: string;
  readonly agent: string | null;
  readonly success: boolean;
  readonly actions: readonly {
    readonly call: number;
    readonly label: string;
    readonly task: string | null;
  }[];
  readonly messages: readonly ChatMessage[];
}

export interface MelPair {
  readonly id: string;
  readonly scenario: string;
  readonly seed: number;
  readonly failed: MelRun;
  readonly successful: MelRun;
  /** Actions the two runs share in order (LCS), and their common prefix. */
  readonly alignment: { readonly aligned: number; readonly commonPrefix: number };
  readonly bifurcation: {
    readonly index: number;
    readonly kind: "unaligned" | "omission" | "stopped" | "none";
    /** The failed run's action there (null when it had stopped). */
    readonly taken: string | null;
    readonly call: number | null;
    readonly task: string | null;
    /** The action the successful run took at the same point (null when it had ended too). */
    readonly successAction: string | null;
    readonly successIndex: number;
  };
  readonly cause: CauseClass;
  readonly causes: readonly TaskCause[];
}

export interface MelResult {
  readonly pairs: readonly MelPair[];
  /** Failed runs with no successful run of the same scenario and seed. */
  readonly unpaired: number;
  readonly groups: number;
}

export function melPairs(episodes: readonly MelEpisode[]): MelResult {
  const groups = new Map<string, MelEpisode[]>();
  for (const episode of episodes) {
    const header = episode.view.recording.header;
    const key = `${header.scenario.id}\u0000${header.scenario.hash}\u0000${header.seed}`;
    const list = groups.get(key) ?? [];
    list.push(episode);
    groups.set(key, list);
  }
  const pairs: MelPair[] = [];
  let unpaired = 0;
  for (const list of groups.values()) {
    const runs = list.map((e) => ({ episode: e, actions: actionsOf(e.view) }));
    const successes = runs.filter((r) => r.episode.view.success);
    for (const failed of runs.filter((r) => !r.episode.view.success)) {
      if (successes.length === 0) {
        unpaired += 1;
        continue;
      }
      const labels = failed.actions.map((a) => a.label);
      // Closest: most actions aligned, then the longer common prefix, then the earlier input.
      let best = successes[0] as (typeof successes)[number];
      let bestScore: [number, number] = [-1, -1];
      for (const s of successes) {
        const other = s.actions.map((a) => a.label);
        const score: [number, number] = [lcsLength(labels, other), commonPrefix(labels, other)];
        if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
          best = s;
          bestScore = score;
        }
      }
      pairs.push(pairOf(failed, best, bestScore));
    }
  }
  return { pairs, unpaired, groups: groups.size };
}

interface Run {
  readonly episode: MelEpisode;
  readonly actions: readonly Action[];
}

function pairOf(failed: Run, success: Run, [aligned, prefix]: [number, number]): MelPair {
  const f = failed.actions.map((a) => a.label);
  const s = success.actions.map((a) => a.label);
  const split = bifurcation(f, s);
  const taken = failed.actions[split.index];
  const causes = taskCauses(failed.episode.view);
  const header = failed.episode.view.recording.header;
  return {
    id: `${failed.episode.name}~${success.episode.name}`,
    scenario: header.scenario.id,
    seed: header.seed,
    failed: runOf(failed),
    successful: runOf(success),
    alignment: { aligned, commonPrefix: prefix },
    bifurcation: {
      index: split.index,
      kind: split.kind,
      taken: taken?.label ?? null,
      call: taken?.call ?? null,
      task: taken?.task ?? null,
      successAction: success.actions[split.successIndex]?.label ?? null,
      successIndex: split.successIndex,
    },
    // A failed run has a failed task, so a class; "wrong answer" covers a failed state check too.
    cause: runCause(causes) ?? "wrong answer",
    causes,
  };
}

function runOf(run: Run): MelRun {
  const view = run.episode.view;
  return {
    episode: run.episode.name,
    agent: view.recording.header.client?.name ?? null,
    success: view.success,
    actions: run.actions.map((a) => ({ call: a.call, label: a.label, task: a.task })),
    messages: chatOf(view),
  };
}

/** The trajectory as chat messages: the brief, then each call and its answer. */
export function chatOf(view: EpisodeView): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: "user", content: renderBrief(view.scenario).trimEnd() }];
  for (const turn of view.trajectory) {
    const id = `call-${turn.call}`;
    messages.push({ role: "assistant", tool_call: { id, name: turn.tool, arguments: turn.args } });
    messages.push({ role: "tool", tool_call_id: id, name: turn.tool, content: answerText(turn) });
  }
  return messages;
}

function answerText(turn: Turn): string {
  const body = turn.result === undefined ? "" : JSON.stringify(turn.result);
  return turn.isError ? `error ${turn.code ?? "TOOL_ERROR"}${body ? ` ${body}` : ""}` : body;
}

/** The summary table: pairs per cause class, every class listed (zero included). */
export function causeTable(pairs: readonly MelPair[]): { cause: CauseClass; pairs: number }[] {
  return CAUSE_CLASSES.map((cause) => ({ cause, pairs: pairs.filter((p) => p.cause === cause).length }));
}
