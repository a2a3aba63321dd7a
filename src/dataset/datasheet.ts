import type { SuiteStats } from "./stats.js";

/**
 * The datasheet's generated prose: what the AsyncTool paper states and what this project made,
 * and how to cite both. Written by `asynctool stats --datasheet` with the tables, so the figures
 * it names (episodes, categories) are the suite's own.
 *
 * Only what the paper's public abstract (arXiv 2605.27995) states is attributed to it. The
 * abstract gives no instance count, no list of categories, no latency settings and no
 * description of its hybrid data evolution strategy: none of those may be credited to it.
 */

/** The paper: its title and arXiv id, as the abstract page gives them. */
export const PAPER = {
  title: "AsyncTool: Evaluating the Asynchronous Function Calling Capability under Multi-Task Scenarios",
  arxiv: "2605.27995",
} as const;

export function provenanceMarkdown(stats: SuiteStats): string {
  const categories = Object.keys(stats.byCategory).length;
  const taskCounts = Object.keys(stats.byTaskCount).join(" or ");
  return [
    `The AsyncTool paper (arXiv ${PAPER.arxiv}) is credited here with what its public abstract`,
    "states, and with nothing else. From the abstract:",
    "",
    "- **The capability**: *asynchronous tool calling*, using the idle time while tool responses",
    "  are delayed to make progress on other tasks; existing evaluations, it says, overlook tool",
    "  response latency and are mostly single-task.",
    "- **The setting**: interactive multi-task tool use with delayed tool feedback; several",
    "  heterogeneous tasks presented at once, with realistic tool response latency simulated during",
    "  execution.",
    "- **The data**: an asynchronous multitasking dataset built with a *hybrid data evolution*",
    "  strategy, covering several scenarios and tool-use patterns. The abstract names the strategy;",
    "  it does not describe it.",
    "- **The levels**: models are evaluated at the step, sub-task and task levels.",
    "- **The metrics**: efficiency-oriented metrics of task coordination and completion efficiency.",
    "- **The finding**: delayed tool feedback clearly degrades current agents; models that",
    "  coordinate task switching, dependency tracking and state maintenance do better.",
    "",
    "This project's own, stated nowhere in the abstract:",
    "",
    `- **The ${stats.episodes} episodes** of this suite, their ${taskCounts} tasks, and the split`,
    "  within one domain and across domains.",
    `- **The ${categories} categories** and their names, with the simulator behind each: its tools,`,
    "  state, errors and default latencies.",
    "- **The construction**: the single-task templates, and their seeded composition into",
    "  episodes (`asynctool generate --edition v2`, step 3 above) with the balance bar, the second",
    "  edition's rules and the oracle filter. Whatever the paper's hybrid data evolution does, this",
    "  is not a reproduction of it.",
    "- **The latency profiles**, among them `one-round` (every call delayed by one step): the",
    "  one-round setting's construction is ours, not a setting taken from the paper.",
    "- **The metrics' definitions** (step F1, task and episode success, S, M\\*, success-weighted",
    "  efficiency, pass^k; [metrics.md](metrics.md)): our reading of step, sub-task and task levels",
    "  and of efficiency-oriented metrics, not the paper's formulas.",
    "",
    "Figures measured on this suite are therefore not figures on the paper's dataset, and should",
    "not be set beside the paper's tables as if they were.",
  ].join("\n");
}

export function citationMarkdown(): string {
  return [
    "Cite the paper for the benchmark idea it states (the setting, the levels, efficiency-oriented",
    "metrics), with the authors as arXiv lists them:",
    "",
    "```bibtex",
    "@misc{asynctool2026,",
    `  title         = {${PAPER.title}},`,
    "  year          = {2026},",
    `  eprint        = {${PAPER.arxiv}},`,
    "  archivePrefix = {arXiv},",
    `  url           = {https://arxiv.org/abs/${PAPER.arxiv}}`,
    "}",
    "```",
    "",
    "Cite this suite, a separate work with its own episodes, categories and construction (the list",
    "above), as itself:",
    "",
    "```bibtex",
    "@software{asynctool_mcp_v2,",
    "  title = {asynctool-mcp: the asynctool-v2 suite of delayed-tool episodes, after the AsyncTool benchmark},",
    "  note  = {Second edition, generated with `asynctool generate --edition v2 --count 712 --seed 1`}",
    "}",
    "```",
    "",
    "and say, when you report figures on it, that they are figures on asynctool-v2, not on the",
    "paper's dataset (nor on the first edition, asynctool-v1, whose figures are not comparable).",
  ].join("\n");
}
