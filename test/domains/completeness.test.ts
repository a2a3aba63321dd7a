import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeEpisode } from "../../src/dataset/compose.js";
import { builtInDomains } from "../../src/domains/all-built-in-domains.js";
import { builtInPackages, TEMPLATE_ORDER, templatesInOrder } from "../../src/domains/index.js";
import { packageRoot } from "../../src/paths.js";

/**
 * Every domain is complete: a package with its simulator and templates, a folder of its own, a
 * test of its tools, and templates that together call each of its tools. A tool no template calls
 * is one the generated suites never exercise; the few known ones are named here with the reason.
 */

/** Tools no template calls, as `domain.tool`, with why. Any other unused tool fails the test. */
const UNUSED_TOOLS: Record<string, string> = {
  "machines.list_machines": "no v1 template calls it; suite v2 adds one",
};

const folderOf = (name: string): string => name.replaceAll("_", "-");
const SEEDS = [1, 2, 3];

/** The tools a template's tasks call, over a few seeds (a template may pick among tools). */
function toolsCalledBy(template: (typeof builtInPackages)[number]["templates"][number]): Set<string> {
  const called = new Set<string>();
  for (const seed of SEEDS) {
    const file = composeEpisode({
      id: `completeness-${template.id.replace("/", "-")}`,
      templates: [template],
      profile: "realistic",
      seed,
      attempt: 0,
    });
    for (const task of file.tasks ?? []) for (const step of task.steps ?? []) called.add(step.tool);
  }
  return called;
}

describe("domain packages", () => {
  it("cover the simulators' registry, one package per domain in the same order", () => {
    expect(builtInPackages.map((p) => p.domain)).toEqual([...builtInDomains]);
  });

  it("name each domain once in the template order", () => {
    expect([...TEMPLATE_ORDER].sort()).toEqual(builtInDomains.map((d) => d.name).sort());
  });

  it.each(builtInPackages.map((p) => [p.domain.name, p] as const))(
    "%s has its folder, its tools' test naming every tool, and templates at home",
    (name, pkg) => {
      const folder = folderOf(name);
      for (const file of ["tools.ts", "index.ts"])
        expect(
          existsSync(join(packageRoot, "src", "domains", folder, file)),
          `src/domains/${folder}/${file}`,
        ).toBe(true);
      const testFile = join(packageRoot, "test", "domains", folder, "tools.test.ts");
      expect(existsSync(testFile), `test/domains/${folder}/tools.test.ts`).toBe(true);
      const text = readFileSync(testFile, "utf8");
      expect(pkg.domain.tools.map((t) => t.name).filter((tool) => !text.includes(`"${tool}"`))).toEqual([]);
      expect(pkg.templates.length).toBeGreaterThan(0);
      expect(pkg.templates.filter((t) => t.domains[0] !== name).map((t) => t.id)).toEqual([]);
    },
  );

  it("call every tool from some template, but for the named exceptions", () => {
    const domainOfTool = new Map(
      builtInDomains.flatMap((d) => d.tools.map((t) => [t.name, d.name] as const)),
    );
    const called = new Set<string>();
    for (const pkg of builtInPackages)
      for (const template of pkg.templates)
        for (const tool of toolsCalledBy(template)) called.add(`${domainOfTool.get(tool) ?? "?"}.${tool}`);
    const unused = builtInDomains
      .flatMap((d) => d.tools.map((t) => `${d.name}.${t.name}`))
      .filter((tool) => !called.has(tool));
    expect(unused.sort()).toEqual(Object.keys(UNUSED_TOOLS).sort());
  });
});

describe("templatesInOrder", () => {
  it("refuses a package the order leaves out, and an order naming no package", () => {
    const [first, second] = builtInPackages;
    if (!first || !second) throw new Error("two packages expected");
    expect(() => templatesInOrder([first, second], [first.domain.name])).toThrow(
      `packages missing from the template order: ${second.domain.name}`,
    );
    expect(() => templatesInOrder([first], [first.domain.name, "nope"])).toThrow(
      "the template order names nope, which no package has",
    );
  });

  it("lists each package's templates in its own order, packages in the given order", () => {
    const [first, second] = builtInPackages;
    if (!first || !second) throw new Error("two packages expected");
    expect(templatesInOrder([first, second], [second.domain.name, first.domain.name])).toEqual([
      ...second.templates,
      ...first.templates,
    ]);
  });
});
