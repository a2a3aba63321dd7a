import type { Scenario } from "../scenarios/scenario.js";
import type { Turn } from "./episode.js";

/**
 * The text layout of an ACC context (docs/exports.md, "Context layout"): the brief, then one
 * block per turn in the order the agent received the answers. Every block starts with its
 * marker line `=== turn N ===`, so a reader (or a model) can cite turns by number.
 */

export interface RenderedContext {
  readonly text: string;
  /** [start, end) character offsets of each turn's block, by position (index 0 is turn 1). */
  readonly blocks: readonly (readonly [number, number])[];
}

export function renderBrief(scenario: Scenario): string {
  const lines = [
    "EPISODE BRIEF",
    `${scenario.title.trim()}`,
    "Tasks:",
    // Not numbered: a list number would put small numbers (the answers of many tasks) in every context.
    ...scenario.tasks.map((task) => `- [${task.id}] ${oneLine(task.instruction)}`),
    "",
    "TOOL RESULTS, in the order the agent received them",
    "",
  ];
  return lines.join("\n");
}

export function renderTurn(turn: Turn, position: number): string {
  const lines = [`=== turn ${position} ===`, `call: ${turn.tool} ${JSON.stringify(turn.args)}`];
  if (turn.isError) lines.push(`error: ${turn.code ?? "TOOL_ERROR"}${resultSuffix(turn)}`);
  else lines.push(`result: ${turn.result === undefined ? "(none)" : JSON.stringify(turn.result)}`);
  return `${lines.join("\n")}\n`;
}

function resultSuffix(turn: Turn): string {
  return turn.result === undefined ? "" : ` ${JSON.stringify(turn.result)}`;
}

/** The brief, then the turns in the given order, numbered by position. */
export function renderContext(scenario: Scenario, turns: readonly Turn[]): RenderedContext {
  let text = renderBrief(scenario);
  const blocks: [number, number][] = [];
  turns.forEach((turn, i) => {
    const block = renderTurn(turn, i + 1);
    blocks.push([text.length, text.length + block.length]);
    text += block;
  });
  return { text, blocks };
}

function oneLine(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}
