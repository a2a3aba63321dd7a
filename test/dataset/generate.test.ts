import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { episodeText, generateEpisodes } from "../../src/dataset/generate.js";
import { allTemplates } from "../../src/domains/index.js";
import { oracleSolves } from "../../src/harness/check-episode.js";
import { captureOutput } from "../helpers/capture-output.js";

async function generate(seed: number, count = 8) {
  const { episodes } = await generateEpisodes({
    count,
    seed,
    templates: allTemplates,
    prefix: "det",
    check: oracleSolves,
  });
  return episodes.map((e) => episodeText(e.file));
}

describe("generating episodes", () => {
  it("is deterministic: the same seed gives byte-identical episodes, another seed others", async () => {
    const first = await generate(1);
    expect(await generate(1)).toEqual(first);
    const other = await generate(2);
    expect(other.filter((text, i) => text === first[i])).toEqual([]);
  });

  it("composes 2 or 3 distinct tasks per episode, each from a template, with a latency profile", async () => {
    const { episodes } = await generateEpisodes({
      count: 24,
      seed: 5,
      templates: allTemplates,
      prefix: "t",
      check: oracleSolves,
    });
    for (const { plan, file } of episodes) {
      expect([2, 3]).toContain(file.tasks.length);
      expect(new Set(plan.templates.map((t) => t.id)).size).toBe(plan.templates.length);
      expect(file.meta).toMatchObject({ profile: plan.profile, templates: plan.templates.map((t) => t.id) });
    }
  });

  it("writes the episodes and a summary from the command line, and refuses to overwrite without --force", async () => {
    const out = mkdtempSync(join(tmpdir(), "asynctool-generate-"));
    const io = captureOutput();
    expect(await main(["generate", "--count", "3", "--seed", "9", "--out", out], io)).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      "asynctool-v2-0001.json",
      "asynctool-v2-0002.json",
      "asynctool-v2-0003.json",
    ]);
    expect(io.stdout()).toMatch(/Wrote 3 episodes to .* \(edition v2, seed 9\)/);
    expect(io.stdout()).toMatch(/\| episodes \| 3 \|/);
    const again = captureOutput();
    expect(await main(["generate", "--count", "3", "--out", out], again)).toBe(2);
    expect(again.stderr()).toMatch(/already holds episodes; pass --force/);
  });
});
