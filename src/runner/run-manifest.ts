import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AsyncToolError } from "../errors.js";
import { canonicalJson, type JsonObject, type JsonValue } from "../json.js";

/**
 * `run.json` in the output directory: who ran, and with which settings. A resumed run must use
 * the same model and budget, or its episodes would not be comparable; the episode selection
 * (seeds, modes, scenarios) may grow, which is how a run is extended.
 */
export interface RunManifest {
  readonly format: "asynctool-eval-run";
  readonly version: 1;
  readonly runner: { readonly name: string; readonly version: string };
  /** What must match on resume. */
  readonly identity: {
    readonly provider: string;
    readonly model: string;
    readonly temperature: number | null;
    readonly maxTurns: number;
    readonly maxTokens: number;
    readonly maxOutputTokens: number;
    /** "in-process", or "url" for a running server. */
    readonly target: "in-process" | "url";
    /** Further controls and choices, each null at its default (so runs made before they existed resume). */
    readonly [control: string]: JsonValue;
  };
  /** Recorded, not compared: a local server may move to another port between runs. */
  readonly endpoint: string;
  readonly startedAt: string;
}

export const MANIFEST_FILE = "run.json";

/** Creates the run, or checks a resumed one against its manifest. */
export function openRun(dir: string, manifest: RunManifest, resume: boolean): void {
  const path = join(dir, MANIFEST_FILE);
  if (existsSync(path)) {
    if (!resume) {
      throw new AsyncToolError(
        "RUN_EXISTS",
        `${dir} already holds a run (${MANIFEST_FILE}): add --resume to continue it, or choose another --out.`,
        { where: path },
      );
    }
    let earlier: RunManifest;
    try {
      earlier = JSON.parse(readFileSync(path, "utf8")) as RunManifest;
    } catch (error) {
      throw new AsyncToolError(
        "RUN_MISMATCH",
        `${path} is not a run manifest (${(error as Error).message}); choose another --out.`,
        {
          where: path,
        },
      );
    }
    const differs = Object.entries(manifest.identity).filter(
      ([key, value]) =>
        canonicalJson((earlier.identity as unknown as JsonObject | undefined)?.[key] ?? null) !==
        canonicalJson(value),
    );
    if (differs.length > 0) {
      const what = differs
        .map(
          ([key, value]) =>
            `${key} ${JSON.stringify((earlier.identity as unknown as JsonObject | undefined)?.[key] ?? null)} there, ${JSON.stringify(value)} now`,
        )
        .join("; ");
      throw new AsyncToolError(
        "RUN_MISMATCH",
        `--resume: the run in ${dir} was made with other settings (${what}). Resume it with the same settings, or choose another --out.`,
        { where: path },
      );
    }
    return;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`, "utf8");
}
