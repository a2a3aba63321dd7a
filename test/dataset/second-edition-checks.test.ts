import { describe, expect, it } from "vitest";
import { composeEpisode } from "../../src/dataset/compose.js";
import { V2_LEFT_OUT } from "../../src/dataset/editions.js";
import { secondEditionViolations, type ViolationKind } from "../../src/dataset/second-edition-checks.js";
import { allTemplates } from "../../src/domains/index.js";
import { episodeViolations, secondEditionSound } from "../../src/harness/check-second-edition.js";
import { goldRun } from "../../src/harness/gold-run.js";
import { compileScenario } from "../../src/scenarios/compile.js";

function episodeOf(templateId: string) {
  const template = allTemplates.find((t) => t.id === templateId);
  if (!template) throw new Error(`no template ${templateId}`);
  return composeEpisode({ id: "rules", templates: [template], profile: "service", seed: 1, attempt: 0 });
}

async function kindsOf(templateId: string): Promise<ViolationKind[]> {
  const scenario = compileScenario(JSON.parse(JSON.stringify(episodeOf(templateId))), { file: "rules.json" });
  return Object.values(await episodeViolations(scenario)).flatMap((vs) => vs.map((v) => v.kind));
}

describe("the second edition's rules", () => {
  it.each([
    ["numbers/largest-square-tile", "tool-free"],
    ["travel/compare-hotel-cities", "answer-in-instruction"],
    ["travel/book-cheapest-flight", "unchecked-write"],
    ["filesystem/write-note", "dump-passes"],
  ] as const)("%s breaks %s, and is left out of v2", async (templateId, kind) => {
    expect(await kindsOf(templateId)).toContain(kind);
    expect(V2_LEFT_OUT[templateId]).toBeDefined();
    expect((await secondEditionSound(episodeOf(templateId))).ok).toBe(false);
  });

  it("passes a task that reads what it answers from a tool", async () => {
    expect(await kindsOf("travel/cheapest-fare")).toEqual([]);
    expect(await secondEditionSound(episodeOf("travel/cheapest-fare"))).toEqual({ ok: true });
    expect(V2_LEFT_OUT["travel/cheapest-fare"]).toBeUndefined();
  });

  it("catches an answer written in the instruction, as a number or as one of the options it names", async () => {
    const scenario = compileScenario(JSON.parse(JSON.stringify(episodeOf("travel/cheapest-fare"))), {
      file: "rules.json",
    });
    const task = scenario.tasks[0];
    if (!task) throw new Error("no task");
    const { results } = await goldRun(scenario);
    const stepResults = results[task.id] ?? {};
    const leaked = { ...task, instruction: `${task.instruction} (It is 999999.)` };
    const numberLeak = {
      ...leaked,
      answer: { kind: "number", expected: { kind: "literal", value: 999999 }, tolerance: 0 },
    } as const;
    expect(secondEditionViolations(scenario, numberLeak, stepResults).map((v) => v.kind)).toContain(
      "answer-in-instruction",
    );
    const hedge = {
      ...task,
      instruction: "Is it Paris or Rome?",
      answer: { kind: "contains", expected: [{ kind: "literal", value: "Paris" }], offered: ["Rome"] },
    } as const;
    const kinds = secondEditionViolations(scenario, hedge, stepResults).map((v) => v.kind);
    expect(kinds).toContain("answer-in-instruction");
  });
});
