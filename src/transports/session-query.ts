import { clockKindSchema, modeSchema } from "../engine/types.js";
import { AsyncToolError } from "../errors.js";
import type { SessionOptions } from "../mcp/episode-session.js";
import type { Catalogue } from "../scenarios/catalogue.js";

/** What a session's query chooses from: the catalogue, the default scenario, the shared options. */
export interface SessionQueryContext {
  readonly catalogue: Catalogue;
  readonly defaultScenario: string | undefined;
  readonly session: Omit<SessionOptions, "scenario" | "sessionId">;
}

/** Reads `?scenario=&seed=&mode=&clock=`; the scenario can only be a catalogue id, never a path. */
export function sessionFromQuery(
  query: Record<string, unknown>,
  sessionId: string,
  options: SessionQueryContext,
): SessionOptions {
  const one = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string")
      throw new AsyncToolError("USAGE", `give ?${name}= once, as a single value`);
    return value;
  };
  const scenarioId = one("scenario");
  if (scenarioId !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(scenarioId)) {
    throw new AsyncToolError(
      "USAGE",
      `?scenario= takes a catalogue id (letters, digits, '.', '_', '-'), not ${JSON.stringify(scenarioId)}`,
    );
  }
  const scenario =
    scenarioId !== undefined
      ? options.catalogue.get(scenarioId)
      : options.defaultScenario !== undefined
        ? options.catalogue.get(options.defaultScenario)
        : options.catalogue.next();
  const seedText = one("seed");
  if (seedText !== undefined && !/^-?\d{1,15}$/.test(seedText))
    throw new AsyncToolError("USAGE", `?seed= takes an integer, not ${JSON.stringify(seedText)}`);
  const mode = one("mode");
  if (mode !== undefined && !modeSchema.safeParse(mode).success)
    throw new AsyncToolError(
      "USAGE",
      `?mode= takes async, sync, instant or tasks, not ${JSON.stringify(mode)}`,
    );
  const clock = one("clock");
  if (clock !== undefined && !clockKindSchema.safeParse(clock).success)
    throw new AsyncToolError("USAGE", `?clock= takes step or wall, not ${JSON.stringify(clock)}`);
  return {
    ...options.session,
    scenario,
    sessionId,
    ...(seedText !== undefined ? { seed: Number(seedText) } : {}),
    ...(mode !== undefined ? { mode: mode as SessionOptions["mode"] } : {}),
    ...(clock !== undefined ? { clock: clock as SessionOptions["clock"] } : {}),
  };
}
