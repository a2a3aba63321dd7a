import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.js";

const run = promisify(execFile);

describe("docs/performance.md", () => {
  it("shows the table of bench/results/latest.json, as `npm run bench` wrote it", async () => {
    const { stdout } = await run(process.execPath, [join(packageRoot, "bench", "run.mjs"), "--check-doc"], {
      cwd: packageRoot,
    });
    expect(stdout).toMatch(/docs\/performance\.md shows bench\/results\/latest\.json/);
  });
});
