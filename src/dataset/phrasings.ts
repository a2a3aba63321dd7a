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

/** What the suite has kept so far: the instruction keys, and how often each template used each frame. */
export interface PhrasingMemory {
  readonly taken: Set<string>;
  readonly uses: Map<string, number[]>;
}

export function newPhrasingMemory(): PhrasingMemory {
  return { taken: new Set(), uses: new Map() };
}

/** Records a kept episode's instructions and frames. */
export function rememberPhrasings(memory: PhrasingMemory, file: ScenarioFileInput): void {
  const templates = (file.meta?.templates ?? []) as readonly string[];
  const frames = (file.meta?.phrasings ?? []) as readonly number[];
  file.tasks.forEach((task, i) => {
    memory.taken.add(instructionKey(task.instruction));
    const template = templates[i] ?? "";
    const counts = memory.uses.get(template) ?? INSTRUCTION_FRAMES.map(() => 0);
    const frame = frames[i];
    if (frame !== undefined) counts[frame] = (counts[frame] ?? 0) + 1;
    memory.uses.set(template, counts);
  });
}

/**
 * Frames each task's instruction: the frames its template has used least in the suite so far
 * come first, ties broken from a frame drawn from (seed, episode, attempt, task), and the first
 * whose framed instruction's key (`instructionKey`) is not taken by the suite or an earlier task
 * of the episode is chosen. Returns the framed file, with each task's frame number in
 * `meta.phrasings`, or the id of a task for which every frame is taken (the draw is then refused).
 */
export function frameInstructions(
  file: ScenarioFileInput,
  seed: number,
  attempt: number,
  memory: PhrasingMemory,
): { readonly file: ScenarioFileInput } | { readonly duplicate: string } {
  const local = new Set<string>();
  const frames: number[] = [];
  const tasks = [];
  const templates = (file.meta?.templates ?? []) as readonly string[];
  const count = INSTRUCTION_FRAMES.length;
  for (const [i, task] of file.tasks.entries()) {
    const start = Math.floor(keyedRng(seed, "phrasing", String(file.id), attempt, task.id).next() * count);
    const uses = memory.uses.get(templates[i] ?? "") ?? [];
    const order = INSTRUCTION_FRAMES.map((_, frame) => frame).sort(
      (a, b) =>
        (uses[a] ?? 0) - (uses[b] ?? 0) || ((a - start + count) % count) - ((b - start + count) % count),
    );
    let chosen: { text: string; frame: number } | undefined;
    for (const frame of order) {
      if (chosen) break;
      const text = (INSTRUCTION_FRAMES[frame] as string).replace("{}", task.instruction);
      const key = instructionKey(text);
      if (!memory.taken.has(key) && !local.has(key)) chosen = { text, frame };
    }
    if (!chosen) return { duplicate: task.id };
    local.add(instructionKey(chosen.text));
    frames.push(chosen.frame);
    tasks.push({ ...task, instruction: chosen.text });
  }
  return { file: { ...file, tasks, meta: { ...(file.meta ?? {}), phrasings: frames } } };
}
