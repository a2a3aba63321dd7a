import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { composeEpisode } from "../../src/dataset/compose.js";
import { EDITION_SETTINGS } from "../../src/dataset/editions.js";
import { episodeText, generateEpisodes } from "../../src/dataset/generate.js";
import { allTemplates } from "../../src/domains/index.js";
import { balanced, speedup } from "../../src/harness/check-balance.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import { captureOutput } from "../helpers/capture-output.js";

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

async function cli(args: string[]): Promise<{ code: number; dir: string; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-edition-"));
  const io = captureOutput();
  const code = await main(["generate", ...args, "--out", dir], io);
  return { code, dir, stdout: io.stdout(), stderr: io.stderr() };
}

/** sha256 of the first 20 files of the first edition, scenarios/asynctool-v1 (see the test). */
const V1_FIRST_20_SHA256 = "df809623dfe894c8bc3972817a04e445054dfe52e36b4f71aa9adab478a83985";

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

describe("generate --edition", () => {
  it("v1 still reproduces the first edition (seed 1): its first 20 episodes hash as the files it shipped", {
    timeout: 60_000,
  }, async () => {
    const { code, dir } = await cli(["--edition", "v1", "--count", "20", "--seed", "1"]);
    expect(code).toBe(0);
    const names = readdirSync(dir).sort();
    expect(names).toEqual(
      Array.from({ length: 20 }, (_, i) => `asynctool-v1-${String(i + 1).padStart(4, "0")}.json`),
    );
    // Each file's name, a newline and its bytes, in order: computed from scenarios/asynctool-v1
    // as committed before it was removed (git show 04bd0d4:scenarios/asynctool-v1/...).
    const hash = createHash("sha256");
    for (const name of names) hash.update(`${name}\n`).update(readFileSync(join(dir, name)));
    expect(hash.digest("hex")).toBe(V1_FIRST_20_SHA256);
  });

  it("v2 is the default", async () => {
    const flagged = await cli(["--edition", "v2", "--count", "2", "--seed", "1"]);
    const plain = await cli(["--count", "2", "--seed", "1"]);
    expect(plain.code).toBe(0);
    expect(files(plain.dir)).toEqual(files(flagged.dir));
    expect(Object.keys(files(plain.dir)).sort()).toEqual([
      "asynctool-v2-0001.json",
      "asynctool-v2-0002.json",
    ]);
  });

  it("v2 is deterministic per seed, with its own ids, profiles and task counts", async () => {
    const first = await cli(["--edition", "v2", "--count", "4", "--seed", "3"]);
    const again = await cli(["--edition", "v2", "--count", "4", "--seed", "3"]);
    const other = await cli(["--edition", "v2", "--count", "4", "--seed", "4"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /\(edition v2, seed 3\).*balance, v2-rule, near-duplicate and oracle checks/,
    );
    const written = files(first.dir);
    expect(files(again.dir)).toEqual(written);
    expect(Object.keys(written).sort()).toEqual([
      "asynctool-v2-0001.json",
      "asynctool-v2-0002.json",
      "asynctool-v2-0003.json",
      "asynctool-v2-0004.json",
    ]);
    const otherTexts = Object.values(files(other.dir));
    expect(Object.values(written).filter((text) => otherTexts.includes(text))).toEqual([]);
    for (const text of Object.values(written)) {
      const file = JSON.parse(text);
      expect(["service", "service-busy", "one-round"]).toContain(file.meta.profile);
      expect([2, 3]).toContain(file.tasks.length);
    }
  });

  it("refuses an unknown edition, saying which exist", async () => {
    const { code, stderr } = await cli(["--edition", "v9", "--count", "1"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--edition must be one of v1, v2, not "v9"/);
  });
});

describe("the v2 balance check", () => {
  const bar = EDITION_SETTINGS.v2.balance;
  if (!bar) throw new Error("v2 has a balance bar");

  it("refuses a draw with nothing to overlap, and lets the one-round profile through", async () => {
    const template = allTemplates.find((t) => t.id === "travel/cheapest-fare");
    if (!template) throw new Error("no template");
    const plan = { id: "alone", templates: [template], seed: 1, attempt: 0 };
    const single = composeEpisode({ ...plan, profile: "service" });
    const verdict = await balanced(bar)(single);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/S \/ M\* is \d+\.\d\d .*below/);
    expect(await balanced(bar)(composeEpisode({ ...plan, profile: "one-round" }))).toEqual({ ok: true });
  });

  it("keeps, on a 100-episode v2 sample, every episode outside one-round at S / M* ≥ 1.3 (median ≥ 2) for seeds 1 and 2", async () => {
    const { episodes } = await generateEpisodes({
      count: 100,
      seed: 11,
      templates: allTemplates,
      prefix: "sample",
      mix: EDITION_SETTINGS.v2.mix,
      maxAttempts: EDITION_SETTINGS.v2.maxAttempts,
      // The oracle's half of the generator's check is tested above and in the template tests.
      check: balanced(bar),
    });
    const ratios: number[] = [];
    let oneRound = 0;
    for (const { plan, file } of episodes) {
      if (plan.profile === "one-round") {
        oneRound++;
        continue;
      }
      const scenario = compileScenario(JSON.parse(episodeText(file)), { file: plan.id });
      for (const seed of [1, 2]) {
        const { ratio } = speedup(scenario, seed);
        expect(ratio, `${plan.id} seed ${seed}`).not.toBeNull();
        ratios.push(ratio as number);
      }
    }
    expect(oneRound).toBeGreaterThan(0);
    expect(ratios.length).toBeGreaterThan(140);
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(1.3);
    expect(median(ratios)).toBeGreaterThanOrEqual(2);
    // Three-task episodes are the rule.
    expect(episodes.filter((e) => e.file.tasks.length === 3).length).toBeGreaterThanOrEqual(75);
  });
});
