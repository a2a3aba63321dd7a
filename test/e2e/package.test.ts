import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, it } from "vitest";
import { packageRoot } from "../../src/paths.js";

/**
 * The ways a user gets the `asynctool` command without cloning: the published tarball,
 * `npm install -g`, and `npx github:owner/asynctool-mcp`, which clones the repository and runs
 * `prepare` (the build) because git checkouts carry no dist/. Each test installs for real with
 * npm, from the npm cache where it can (CI reaches the registry for the rest).
 */

const run = promisify(execFile);
// The npm that runs this suite, next to the Node that runs it (Node's own layout), else PATH's.
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const quiet = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "error"];

async function npmIn(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run(npm, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: cleanNpmEnv() });
  return stdout;
}

/** npm passes its own settings to scripts as npm_config_* variables; an install started from a
 * test run under `npm test` must not inherit them (a global prefix, say). */
function cleanNpmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith("npm_")) env[key] = value;
  }
  return env;
}

/** The tracked files of the working tree, as a fresh clone of them would have (no dist/, no node_modules). */
async function trackedFiles(): Promise<string[]> {
  const { stdout } = await run("git", ["ls-files", "-z"], { cwd: packageRoot, maxBuffer: 64 * 1024 * 1024 });
  return stdout.split("\0").filter((file) => file !== "" && existsSync(join(packageRoot, file)));
}

async function checkoutCopy(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-checkout-"));
  for (const file of await trackedFiles()) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(packageRoot, file), join(dir, file));
  }
  const git = (args: string[]) => run("git", args, { cwd: dir });
  await git(["init", "-q"]);
  await git(["add", "-A"]);
  await git(["-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-qm", "checkout"]);
  return dir;
}

/** One real `npm pack` for the two tests that need it: its --json list is the list `--dry-run`
 * prints, and its tarball is what a user installs. Started by the first test that asks. */
let packed: Promise<{ files: Set<string>; work: string }> | undefined;
function packOnce(): Promise<{ files: Set<string>; work: string }> {
  packed ??= (async () => {
    const work = mkdtempSync(join(tmpdir(), "asynctool-pack-"));
    // dist/ is fresh: the suite's global setup built it.
    const out = await npmIn(packageRoot, [
      "pack",
      "--json",
      "--ignore-scripts",
      "--pack-destination",
      work,
      ...quiet,
    ]);
    const files = new Set(
      (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path),
    );
    return { files, work };
  })();
  return packed;
}

// Concurrent: the installs wait mostly on npm's cache and on the build in the checkout, so the
// slowest (npx from a git checkout) runs beside the others instead of after them.
describe.concurrent("the npm package", () => {
  it("packs dist/, the scenarios, the schema and the README, and no sources or tests", async ({ expect }) => {
    const { files } = await packOnce();
    expect(files.has("dist/cli.js")).toBe(true);
    expect(files.has("README.md")).toBe(true);
    expect(files.has("package.json")).toBe(true);
    const shipped = (await trackedFiles()).filter(
      (f) => f.startsWith("scenarios/") || f.startsWith("schema/"),
    );
    expect(shipped.length).toBeGreaterThan(100);
    expect(shipped.filter((f) => !files.has(f))).toEqual([]);
    expect([...files].filter((f) => /^(src|test|bench|scripts|docs|\.ci)\//.test(f))).toEqual([]);
  }, 120_000);

  it("installs globally from the packed tarball and runs `asynctool`", async ({ expect }) => {
    const { work } = await packOnce();
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    expect(tarball).toBeDefined();
    const prefix = join(work, "global");
    await npmIn(work, ["install", "--global", "--prefix", prefix, join(work, tarball as string), ...quiet]);
    const bin = join(prefix, "bin", "asynctool");
    expect((await run(bin, ["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await run(bin, ["list"])).stdout).toContain("travel-and-files");
  }, 600_000);

  it("runs with npx from a git checkout: `prepare` builds dist/", async ({ expect }) => {
    const checkout = await checkoutCopy();
    expect(existsSync(join(checkout, "dist"))).toBe(false);
    const from = mkdtempSync(join(tmpdir(), "asynctool-npx-"));
    const { stdout } = await run(
      npm,
      ["exec", "--yes", ...quiet, "--", `git+file://${checkout}`, "--version"],
      {
        cwd: from,
        env: cleanNpmEnv(),
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 900_000);
});
