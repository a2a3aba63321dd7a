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

  it("the bench says how to run it with --help, and names an option it does not know (exit 2)", async () => {
    const bench = join(packageRoot, "bench", "run.mjs");
    const help = await run(process.execPath, [bench, "--help"], { cwd: packageRoot });
    expect(help.stdout).toContain("npm run bench -- --only 1,3");
    expect(help.stdout).toContain("--timeout SECONDS");
    const refused = await run(process.execPath, [bench, "--figure", "6"], { cwd: packageRoot }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/^bench: Unknown option '--figure'/);
    expect((refused as { stderr: string }).stderr).toContain("npm run bench -- --only 1,3");
  });
});
