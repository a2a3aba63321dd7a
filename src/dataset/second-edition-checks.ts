import type { JsonValue } from "../json.js";
import { type AnswerCheck, checkAnswer, type Expected, normalizeText } from "../scenarios/answer-checks.js";
import type { FromResolver } from "../scenarios/matchers.js";
import type { Scenario, Task } from "../scenarios/scenario.js";

/**
 * What the second edition of the suite asks of every task (docs/scenario-format.md, "Edition
 * v2"): it needs its tools, and an answer that dumps or hedges fails. The generator refuses a
 * draw with a task that breaks a rule, and a template that breaks one by design is left out of
 * v2 (V2_LEFT_OUT in editions.ts).
 */
export type ViolationKind =
  /** An expected answer value is written in the instruction: it can be copied, not found. */
  | "answer-in-instruction"
  /** Every step is a stateless tool: the data the task computes on is in the instruction. */
  | "tool-free"
  /** A step writes, and no state check looks at what it wrote. */
  | "unchecked-write"
  /** The dump of all the gold steps' results passes the answer check. */
  | "dump-passes"
  /** Naming every option (the expected values and the alternatives offered) passes. */
  | "options-pass";

export interface Violation {
  readonly kind: ViolationKind;
  readonly detail: string;
}

/** A resolver over one task's gold results (step id → result). */
export function resultResolver(results: Readonly<Record<string, JsonValue>>): FromResolver {
  return (step, path) => {
    let value: JsonValue | undefined = results[step];
    for (const key of path)
      value = value !== null && typeof value === "object" ? (value as never)[key] : undefined;
    return value === undefined ? [] : [value];
  };
}

/** What an agent that pastes everything it received answers: compact, and indented, JSON. */
export function dumpAnswers(results: Readonly<Record<string, JsonValue>>): [compact: string, pretty: string] {
  const values = Object.values(results);
  return [
    values.map((v) => JSON.stringify(v)).join("\n"),
    values.map((v) => JSON.stringify(v, null, 2)).join("\n\n"),
  ];
}

/** The options of a choice question: a `choice` check's, or the expected values and the alternatives the instruction offers. */
export function choiceOptions(check: AnswerCheck, resolve: FromResolver): string[] {
  const text = (e: Expected): string[] =>
    (e.kind === "literal" ? [e.value] : resolve(e.step, e.path)).map(asText);
  if (check.kind === "choice") return [...check.options];
  if (check.kind === "normalized" && check.offered.length > 0)
    return [...text(check.expected), ...check.offered];
  if (check.kind === "contains" && check.offered.length > 0)
    return [...check.expected.flatMap(text), ...check.offered];
  return [];
}

/** Whether naming every option, joined by "or" or by commas, passes; undefined with fewer than two options. */
export function allOptionsPass(check: AnswerCheck, resolve: FromResolver): boolean | undefined {
  const options = choiceOptions(check, resolve);
  if (options.length < 2) return undefined;
  const passes = (answer: string) => checkAnswer(check, answer, resolve).pass;
  return passes(options.join(" or ")) || passes(options.join(", "));
}

/** The values an answer check expects, as text, resolved from the gold results. */
export function expectedTexts(check: AnswerCheck, resolve: FromResolver): string[] {
  const text = (e: Expected): string[] =>
    (e.kind === "literal" ? [e.value] : resolve(e.step, e.path)).map(asText);
  switch (check.kind) {
    case "exact":
    case "normalized":
    case "choice":
    case "number":
      return text(check.expected);
    case "contains":
      return check.expected.flatMap(text);
    case "regex":
      return check.example === undefined ? [] : [String(check.example)];
    case "any":
      return [];
  }
}

/** The numbers written as whole tokens in a text ("$7,338.24", "12.5%", "46."), not inside dates or names. */
export function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const raw of text.split(/\s+/)) {
    const token = raw.replace(/^[("'“$€£]+/, "").replace(/[)"'”%.,;:!?]+$/, "");
    if (/^[-\u2212]?\d[\d,]*(?:\.\d+)?$/.test(token))
      out.push(Number(token.replace(/\u2212/, "-").replaceAll(",", "")));
  }
  return out;
}

/**
 * The rules a task of the second edition breaks, given its gold steps' results (step id →
 * result, as `goldRun` returns them); none for a sound task.
 */
export function secondEditionViolations(
  scenario: Scenario,
  task: Task,
  results: Readonly<Record<string, JsonValue>>,
): Violation[] {
  const violations: Violation[] = [];
  const resolve = resultResolver(results);
  const check = task.answer;
  const words = ` ${normalizeText(task.instruction)} `;
  if (check.kind === "number") {
    const said = numbersIn(task.instruction);
    for (const value of expectedTexts(check, resolve)) {
      const n = Number(value);
      if (Number.isFinite(n) && said.some((s) => Math.abs(s - n) <= check.tolerance))
        violations.push({ kind: "answer-in-instruction", detail: `the instruction states ${value}` });
    }
  } else {
    for (const value of expectedTexts(check, resolve)) {
      const wanted = normalizeText(value);
      if (wanted !== "" && words.includes(` ${wanted} `))
        violations.push({ kind: "answer-in-instruction", detail: `the instruction says "${value}"` });
    }
  }
  const stateful = (tool: string): boolean => {
    const domain = scenario.tools.get(tool)?.domain;
    const initial = scenario.domains.find((d) => d.name === domain)?.initialState;
    return initial !== undefined && Object.keys(initial).length > 0;
  };
  if (!task.steps.some((s) => stateful(s.tool)))
    violations.push({
      kind: "tool-free",
      detail: `every step (${task.steps.map((s) => s.tool).join(", ")}) is a stateless tool on data the instruction gives`,
    });
  const writes = task.steps.filter((s) => scenario.tools.get(s.tool)?.readOnly === false);
  if (writes.length > 0 && task.state.length === 0)
    violations.push({
      kind: "unchecked-write",
      detail: `${writes.map((s) => s.tool).join(", ")} write${writes.length > 1 ? "" : "s"} and no state check looks`,
    });
  const passes = (answer: string) => checkAnswer(check, answer, resolve).pass;
  const [compact, pretty] = dumpAnswers(results);
  if (passes(compact) || passes(pretty))
    violations.push({
      kind: "dump-passes",
      detail: `the ${check.kind} check passes the dump of the gold results`,
    });
  if (allOptionsPass(check, resolve))
    violations.push({ kind: "options-pass", detail: "naming every option passes" });
  return violations;
}

/**
 * An instruction with what varies between instantiations folded away: case, white space, and
 * numbers and identifiers (words with a digit, or in capitals), so two instructions that differ
 * only there are near-duplicates.
 */
export function instructionKey(instruction: string): string {
  return instruction
    .split(/\s+/)
    .map((word) =>
      /\p{N}/u.test(word) || (/\p{Lu}.*\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word)) ? "#" : word,
    )
    .join(" ")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

function asText(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
