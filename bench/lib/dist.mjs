// The benches run against the build (dist/), as the CLI does: `npm run bench` builds first.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));
const distUrl = new URL("../../dist/", import.meta.url);

if (!existsSync(new URL("cli.js", distUrl))) {
  throw new Error("dist/ is missing: run `npm run build` first (npm run bench does it)");
}

/** Imports a module of the build, e.g. `load("transports/http.js")`. */
export function load(path) {
  return import(new URL(path, distUrl).href);
}

export const cliPath = fileURLToPath(new URL("cli.js", distUrl));
