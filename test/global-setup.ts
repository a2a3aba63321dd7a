import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

/**
 * End-to-end tests run the built CLI (`node dist/cli.js ...`) as a real process, so `npm test`
 * on a fresh clone builds first. ASYNCTOOL_SKIP_BUILD=1 skips it when dist/ is known fresh
 * (CI builds just before; a developer running one unit test file does not need it).
 */
export default function setup(): void {
  if (process.env.ASYNCTOOL_SKIP_BUILD === "1") return;
  const require = createRequire(import.meta.url);
  const tsc = require.resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
}
