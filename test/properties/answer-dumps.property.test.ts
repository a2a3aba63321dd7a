import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { choiceOptions, dumpAnswers, resultResolver } from "../../src/dataset/second-edition-checks.js";
import { defaultSuiteDir, packageRoot } from "../../src/paths.js";
import { type AnswerCheck, checkAnswer } from "../../src/scenarios/answer-checks.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import { goldRun } from "../helpers/gold-run.js";

/**
 * Over every task of the default suite: an agent that makes the right calls and pastes everything
 * it received into the answer fails the answer check, and so does one that names every option of
 * a choice question. The only tasks a dump passes are those checked by `any` (listed, with the
 * reason, in test/fixtures/answer-dump-exceptions.json), so a new such task fails this test.
 */
interface Exceptions {
  readonly reason: string;
  readonly tasks: readonly string[];
}

const exceptions = JSON.parse(
  readFileSync(join(packageRoot, "test", "fixtures", "answer-dump-exceptions.json"), "utf8"),
) as Exceptions;

interface Judged {
  readonly key: string;
  readonly check: AnswerCheck;
  readonly dumpPasses: boolean;
  readonly prettyDumpPasses: boolean;
  /** Every option joined with "or" (and with commas), or undefined when the task offers none. */
  readonly allOptionsPass: boolean | undefined;
}

const outcomes = await loadScenariosAt(defaultSuiteDir);
const oracleFailures: string[] = [];
const judged: Judged[] = [];
for (const outcome of outcomes) {
  const scenario = outcome.scenario;
  if (!scenario) continue;
  const { failures, results } = await goldRun(scenario);
  oracleFailures.push(...failures.map((f) => `${scenario.id}: ${f}`));
  for (const task of scenario.tasks) {
    const stepResults = results[task.id] ?? {};
    const resolve = resultResolver(stepResults);
    const passes = (answer: string) => checkAnswer(task.answer, answer, resolve).pass;
    const [compact, pretty] = dumpAnswers(stepResults);
    const options = choiceOptions(task.answer, resolve);
    judged.push({
      key: `${scenario.id}/${task.id}`,
      check: task.answer,
      dumpPasses: passes(compact),
      prettyDumpPasses: passes(pretty),
      allOptionsPass:
        options.length < 2 ? undefined : passes(options.join(" or ")) || passes(options.join(", ")),
    });
  }
}

describe("answers that dump or hedge, over every task of asynctool-v1", () => {
  it("the suite loads, and the oracle's answers (built from gold results) pass every check", () => {
    expect(outcomes.filter((o) => o.error).map((o) => o.error?.message)).toEqual([]);
    expect(judged.length).toBe(1757);
    expect(oracleFailures).toEqual([]);
  });

  it("the dump of all gold steps' results fails every task but the listed `any` tasks", () => {
    const passing = judged.filter((j) => j.dumpPasses).map((j) => j.key);
    expect(passing.sort()).toEqual([...exceptions.tasks].sort());
    expect(judged.filter((j) => j.prettyDumpPasses).map((j) => j.key)).toEqual(passing);
  });

  it("lists as exceptions only tasks checked by `any`, with the reason", () => {
    const listed = new Set(exceptions.tasks);
    expect(judged.filter((j) => listed.has(j.key)).every((j) => j.check.kind === "any")).toBe(true);
    expect(judged.filter((j) => j.check.kind === "any").length).toBe(listed.size);
    expect(exceptions.reason).toMatch(/any/);
  });

  it("naming every option of a choice question fails", () => {
    const choices = judged.filter((j) => j.allOptionsPass !== undefined);
    // Choice questions in prose: "finance or support", "ORD6434 and ORD5385", yes or no.
    expect(choices.length).toBeGreaterThanOrEqual(80);
    expect(choices.filter((j) => j.allOptionsPass).map((j) => j.key)).toEqual([]);
  });
});
