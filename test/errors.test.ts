import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../src/errors.js";
import { packageRoot } from "../src/paths.js";

describe("error codes", () => {
  const doc = readFileSync(join(packageRoot, "docs", "errors.md"), "utf8");
  const documented = new Set([...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));

  it("are each documented in docs/errors.md", () => {
    expect(Object.keys(ERROR_CODES).filter((code) => !documented.has(code))).toEqual([]);
  });

  it("are not documented unless they exist", () => {
    expect([...documented].filter((code) => !(code && code in ERROR_CODES))).toEqual([]);
  });
});
