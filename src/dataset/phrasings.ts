import { keyedRng } from "../engine/rng.js";
import type { ScenarioFileInput } from "../scenarios/schema.js";
import { instructionKey } from "./second-edition-checks.js";

/**
 * Generic frames around a template's instruction (`{}` is the instruction), so that a template
 * drawn many times reads several ways. They are generic, not per template: words a request is
 * wrapped in, never a number, an identifier or an "or" (which the answer checks would read as a
 * hedge's alternative), and never a change to what is asked.
 */
export const INSTRUCTION_FRAMES: readonly string[] = [
  "{}",
  "Could you take care of this for me? {}",
  "Next request: {}",
  "Please handle the following. {}",
  "I need a hand with something. {}",
  "{} Thanks in advance!",
  "When you have a moment: {}",
  "Here is one more job for you. {}",
  "Quick one. {}",
  "{} Thank you.",
];

/**
 * Frames each task's instruction, starting from a frame drawn from (seed, episode, attempt, task)
 * and taking the next one while the framed instruction's key (`instructionKey`) is in `taken` or
 * used by an earlier task of the episode. Returns the framed file, with each task's frame number
 * in `meta.phrasings`, or the id of a task for which every frame is taken (the draw is then refused).
 */
export function frameInstructions(
  file: ScenarioFileInput,
  seed: number,
  attempt: number,
  taken: ReadonlySet<string>,
): { readonly file: ScenarioFileInput } | { readonly duplicate: string } {
  const local = new Set<string>();
  const frames: number[] = [];
  const tasks = [];
  for (const task of file.tasks) {
    const start = Math.floor(
      keyedRng(seed, "phrasing", String(file.id), attempt, task.id).next() * INSTRUCTION_FRAMES.length,
    );
    let chosen: { text: string; frame: number } | undefined;
    for (let k = 0; k < INSTRUCTION_FRAMES.length && !chosen; k++) {
      const frame = (start + k) % INSTRUCTION_FRAMES.length;
      const text = (INSTRUCTION_FRAMES[frame] as string).replace("{}", task.instruction);
      const key = instructionKey(text);
      if (!taken.has(key) && !local.has(key)) chosen = { text, frame };
    }
    if (!chosen) return { duplicate: task.id };
    local.add(instructionKey(chosen.text));
    frames.push(chosen.frame);
    tasks.push({ ...task, instruction: chosen.text });
  }
  return { file: { ...file, tasks, meta: { ...(file.meta ?? {}), phrasings: frames } } };
}
