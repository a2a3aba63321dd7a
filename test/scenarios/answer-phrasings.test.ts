import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getPath, type JsonValue } from "../../src/json.js";
import { packageRoot } from "../../src/paths.js";
import { checkAnswer, compileAnswerCheck } from "../../src/scenarios/answer-checks.js";
import type { FromResolver } from "../../src/scenarios/matchers.js";
import { answerCheckSchema } from "../../src/scenarios/schema.js";

/**
 * The table of phrasings (test/fixtures/answer-phrasings.jsonl), one answer a line: for every
 * check kind, right answers as people and models write them, which must pass, and hedges, dumps
 * and near-misses, which must fail. `any` has no failing line: any answer passes it by definition.
 */
interface Phrasing {
  readonly kind: string;
  readonly check: unknown;
  readonly instruction?: string;
  /** Results of steps, for `$from` values: step id → result. */
  readonly results?: Record<string, JsonValue>;
  readonly answer: string;
  readonly pass: boolean;
  readonly why?: string;
}

const file = join(packageRoot, "test", "fixtures", "answer-phrasings.jsonl");
const table: Phrasing[] = readFileSync(file, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Phrasing);

const KINDS = ["exact", "normalized", "number", "contains", "choice", "regex"] as const;

describe("the phrasing table", () => {
  it.each(KINDS)("has at least 20 right answers and 20 wrong ones for %s", (kind) => {
    const lines = table.filter((p) => p.kind === kind);
    expect(lines.filter((p) => p.pass).length).toBeGreaterThanOrEqual(20);
    expect(lines.filter((p) => !p.pass).length).toBeGreaterThanOrEqual(20);
  });

  it("names each line's kind after its check, and every check is valid", () => {
    for (const p of table) {
      const spec = answerCheckSchema.parse(p.check);
      expect(Object.keys(spec)[0]).toBe(p.kind);
    }
  });

  it.each(
    table.map((p, i) => [i + 1, p.kind, p.pass ? "passes" : "fails", JSON.stringify(p.answer), p] as const),
  )("line %i: %s %s %s", (_line, _kind, _verdict, _answer, p) => {
    const resolve: FromResolver = (step, path) => {
      const value = getPath(p.results?.[step], path);
      return value === undefined ? [] : [value as JsonValue];
    };
    const check = compileAnswerCheck(answerCheckSchema.parse(p.check), p.instruction ?? "");
    const outcome = checkAnswer(check, p.answer, resolve);
    expect({ pass: outcome.pass, detail: outcome.detail }).toMatchObject({ pass: p.pass });
    // A failure always says why, for the report.
    if (!outcome.pass) expect(outcome.detail ?? "").not.toBe("");
  });
});
