import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { LOAD_LIMIT_DEFAULTS } from "../../src/scenarios/load-limits.js";
import { findScenarioFiles, loadScenarioFile, loadScenarioText } from "../../src/scenarios/loader.js";

/** What a scenario file downloaded from someone else cannot do to the loader. */

const example = join(exampleScenariosDir, "weather-and-rates.yaml");
const fresh = () => mkdtempSync(join(tmpdir(), "asynctool-load-"));

async function refusal(load: Promise<unknown> | (() => unknown)): Promise<AsyncToolError> {
  try {
    await (typeof load === "function" ? load() : load);
  } catch (error) {
    if (error instanceof AsyncToolError) return error;
    throw error;
  }
  throw new Error("the load was not refused");
}

describe("the size limit", () => {
  it("refuses a file over the limit before reading it, and reads it when the limit is raised", async () => {
    const dir = fresh();
    const file = join(dir, "big.yaml");
    // A valid scenario padded with a comment to just over 4 MiB.
    writeFileSync(file, `${readFileSync(example, "utf8")}\n# ${"p".repeat(LOAD_LIMIT_DEFAULTS.maxBytes)}\n`);
    const error = await refusal(loadScenarioFile(file));
    expect(error.code).toBe("SCENARIO_TOO_LARGE");
    expect(error.message).toMatch(
      /big\.yaml: \d+ bytes, over the limit of 4194304 bytes for a scenario file; split it, or raise the limit with --max-scenario-bytes if the file is trusted$/,
    );
    const raised = await loadScenarioFile(file, { maxBytes: 8 * 1024 * 1024 });
    expect(raised.id).toBe("weather-and-rates");
  });

  it("refuses what is not a regular file (a device has no size to check)", async () => {
    const error = await refusal(loadScenarioFile("/dev/zero"));
    expect(error.code).toBe("SCENARIO_NOT_FOUND");
    expect(error.message).toBe("/dev/zero: not a regular file, so it is not read");
  });
});

describe("JSON is parsed once, as JSON", () => {
  it("refuses invalid .json as JSON, with its position, never trying it as YAML", async () => {
    // Valid YAML, invalid JSON: read as YAML it would have compiled, or failed later and slower.
    const yamlText = readFileSync(example, "utf8");
    const error = await refusal(() => loadScenarioText(yamlText, "looks-like.json"));
    expect(error.code).toBe("SCENARIO_PARSE");
    expect(error.message).toMatch(/^looks-like\.json(:\d+:\d+)?: not valid JSON: /);
    expect(error.message).not.toMatch(/YAML/);
    // Where Node says where, the line and column: `{"a": 1} x` stops at offset 9, line 1 column 10.
    const located = await refusal(() => loadScenarioText('{"a": 1} x', "f.json"));
    expect(located.message).toBe(
      "f.json:1:10: not valid JSON: Unexpected non-whitespace character after JSON at position 9",
    );
  });

  it("still gives line numbers for valid JSON that breaks the format", async () => {
    const error = await refusal(() => loadScenarioText('{\n  "id": "x",\n  "title": 5\n}', "bad.json"));
    expect(error.code).toBe("SCENARIO_INVALID");
    expect(error.message).toMatch(/bad\.json:3:/);
  });
});

describe("the nesting limit", () => {
  it("refuses JSON nested past 64 levels at the bracket that goes too deep", async () => {
    // `{"x":` then 70 `[`: the object is level 1, the 64th bracket level 65, at column 5 + 64 = 69.
    const text = `{"x":${"[".repeat(70)}${"]".repeat(70)}}`;
    const error = await refusal(() => loadScenarioText(text, "deep.json"));
    expect(error.code).toBe("SCENARIO_PARSE");
    expect(error.message).toBe(
      "deep.json:1:69: nested more than 64 levels deep, which no scenario needs; the file is not parsed",
    );
    expect(error.details.where).toBe("deep.json:1:69");
  });

  it("refuses YAML nested past the limit in flow brackets or by indentation, at the line it happens", async () => {
    const flow = `id: x\ntitle: y\ntools: ${"[".repeat(100_000)}`;
    const flowError = await refusal(() => loadScenarioText(flow, "deep.yaml"));
    // Level 1 is the top mapping (line 3), so the 64th bracket is level 65: column 8 + 63 = 71.
    expect(flowError.message).toBe(
      "deep.yaml:3:71: nested more than 64 levels deep, which no scenario needs; the file is not parsed",
    );
    const block = Array.from({ length: 80 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n");
    const blockError = await refusal(() => loadScenarioText(block, "block.yaml"));
    // Line i + 1 opens level i + 1: line 65 is the first past 64, its key at column 2 * 64 + 1.
    expect(blockError.message).toMatch(/^block\.yaml:65:129: nested more than 64 levels deep/);
  });

  it("does not count brackets inside strings and comments", () => {
    const quoted = `${readFileSync(example, "utf8")}\n# ${"[".repeat(100)}\nx_note: "${"{".repeat(100)}"\n`;
    // Not a nesting error: the compiler sees the unknown key x_note instead.
    expect(() => loadScenarioText(quoted, "q.yaml")).toThrow(/x_note/);
    const json = JSON.stringify({ id: "x", title: "[".repeat(100) });
    expect(() => loadScenarioText(json, "q.json")).not.toThrow(/nested/);
  });
});

describe("symbolic links inside a suite", () => {
  it("are refused, naming the link, unless --follow-symlinks", async () => {
    const dir = fresh();
    copyFileSync(example, join(dir, "weather.yaml"));
    mkdirSync(join(dir, "more"));
    symlinkSync("/dev/zero", join(dir, "more", "zero.yaml"));
    const error = await refusal(findScenarioFiles(dir));
    expect(error.code).toBe("SCENARIO_SYMLINK");
    expect(error.message).toBe(
      `${join(dir, "more", "zero.yaml")}: a symbolic link inside a suite, which is not followed; replace it by the file, or pass --follow-symlinks if the suite is trusted`,
    );
    await expect(Catalogue.load([dir])).rejects.toThrow(/symbolic link inside a suite/);
    // Followed when asked: the link to a device is then refused as not a regular file.
    await expect(Catalogue.load([dir], { followSymlinks: true })).rejects.toThrow(
      /zero\.yaml: not a regular file/,
    );
  });

  it("are followed when asked, each directory walked once even through a loop", async () => {
    const dir = fresh();
    mkdirSync(join(dir, "real"));
    copyFileSync(example, join(dir, "real", "weather.yaml"));
    symlinkSync(join(dir, "real"), join(dir, "linked"));
    symlinkSync(dir, join(dir, "real", "loop"));
    // real/ is reached twice (as linked/ and as real/) and loop/ leads back to the top: one file.
    const files = await findScenarioFiles(dir, { followSymlinks: true });
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/(linked|real)\/weather\.yaml$/);
  });
});
