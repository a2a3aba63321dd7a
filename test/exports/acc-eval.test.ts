import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { accItems } from "../../src/exports/acc.js";
import { accPrompt, parseAccItems } from "../../src/exports/acc-eval.js";
import { captureOutput } from "../helpers/capture-output.js";
import { type FakeRequest, startFakeModel } from "../runner/fake-model.js";
import { record, twoTaskScenario, view } from "./runs.js";

const root = mkdtempSync(join(tmpdir(), "asynctool-acc-eval-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The sequential agent on the two-task scenario: three items (route, its derived fare question, stock).
const scenario = twoTaskScenario();
const items = accItems(view(scenario, await record(scenario, "sequential")), "two@1:sequential").items;
const itemsFile = join(root, "acc.jsonl");
writeFileSync(itemsFile, items.map((i) => `${JSON.stringify(i)}\n`).join(""));

/** The model's answer: the gold answer for the items whose question names `right`, a wrong one for the rest. */
function answering(right: (question: string) => boolean) {
  return (request: FakeRequest) => {
    const prompt = request.brief;
    const item = items.find((i) => prompt === accPrompt(i));
    if (!item) return { calls: [], text: "I cannot find the question." };
    return { calls: [], text: right(item.question) ? item.answer : "It is 1." };
  };
}

async function cli(args: string[]) {
  const io = captureOutput();
  const status = await main(args, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

describe("asynctool acc-eval against a fake model", () => {
  it("a model that gives the gold answers scores every item, over OpenAI and Anthropic alike", async () => {
    const fake = await startFakeModel(answering(() => true));
    try {
      const openai = await cli([
        "acc-eval",
        itemsFile,
        "--provider",
        "openai",
        "--model",
        "m",
        "--base-url",
        fake.openaiBase,
        "--json",
      ]);
      expect(openai.status).toBe(0);
      expect(JSON.parse(openai.stdout)).toMatchObject({ items: 3, correct: 3, accuracy: 1 });
      const anthropic = await cli([
        "acc-eval",
        itemsFile,
        "--provider",
        "anthropic",
        "--model",
        "m",
        "--base-url",
        fake.anthropicBase,
        "--json",
      ]);
      expect(JSON.parse(anthropic.stdout)).toMatchObject({ items: 3, correct: 3, accuracy: 1 });
      // No tools are offered: the question is answered from the context alone.
      for (const request of fake.requests) expect(request.body.tools ?? []).toEqual([]);
      expect(fake.requests).toHaveLength(6);
    } finally {
      await fake.close();
    }
  });

  it("wrong answers score 0 with the same checks, and the verdicts say what was expected", async () => {
    // Right only on the stock question: 1 of 3.
    const fake = await startFakeModel(answering((q) => q.includes("ACME")));
    const out = join(root, "verdicts.jsonl");
    try {
      const r = await cli([
        "acc-eval",
        itemsFile,
        "--provider",
        "openai",
        "--model",
        "m",
        "--base-url",
        fake.openaiBase,
        "--out",
        out,
      ]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("| all | 3 | 33.3% (1 right) |");
      const verdicts = readFileSync(out, "utf8")
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(verdicts.map((v) => [v.id, v.pass])).toEqual([
        ["two@1:sequential/route", false],
        ["two@1:sequential/route/fare.code", false],
        ["two@1:sequential/stock", true],
      ]);
      expect(verdicts[0]).toMatchObject({
        answer: "It is 1.",
        expected: "412",
        detail: 'expected 412, got "It is 1."',
      });
    } finally {
      await fake.close();
    }
  });

  it("a file that is not an ACC export is refused with ACC_ITEMS_INVALID and its line", async () => {
    const bad = join(root, "bad.jsonl");
    writeFileSync(bad, `${JSON.stringify(items[0])}\n{"id": "x"}\n`);
    const r = await cli([
      "acc-eval",
      bad,
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      "http://127.0.0.1:9/v1",
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error [ACC_ITEMS_INVALID]");
    expect(r.stderr).toContain("bad.jsonl, line 2");
    const missing = await cli([
      "acc-eval",
      join(root, "none.jsonl"),
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      "http://127.0.0.1:9/v1",
    ]);
    expect(missing.stderr).toContain("no such file");
    expect(() => parseAccItems("not json\n", "x")).toThrow(/x, line 1: not JSON/);
  });
});
