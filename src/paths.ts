import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's own folder, found from this file (src/ in tests, dist/ when built), so the
 * shipped scenarios are found wherever the package is installed, not relative to the cwd.
 */
export const packageRoot: string = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Everything shipped: the examples and the default suite (what `validate` checks by default). */
export const shippedScenariosDir: string = join(packageRoot, "scenarios");

/** The hand-written example episodes: what `serve`, `run`, `demo` and `list` offer by default. */
export const exampleScenariosDir: string = join(shippedScenariosDir, "examples");

/** The default suite: the second edition, 712 generated episodes (the first, asynctool-v1, is in the git history). */
export const defaultSuiteDir: string = join(shippedScenariosDir, "asynctool-v2");

/** The scenario `npm start`, `serve` and `demo` use when none is named. */
export const defaultScenarioFile: string = join(exampleScenariosDir, "travel-and-files.yaml");

const pkg = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
  name: string;
  version: string;
};

export const serverInfo: { readonly name: string; readonly version: string } = {
  name: pkg.name,
  version: pkg.version,
};
