import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import type { HttpServer } from "../../src/transports/http.js";
import { type FakeModel, startFakeModel } from "./fake-model.js";
import { evalArgsFor, recordingsIn, runEval } from "./run-eval.js";
import { scenarioInput, serveSuite, solver, writeSuite } from "./suite-fixture.js";

/**
 * `eval --url` against a server started with a bearer token: the runner sends the token of
 * ASYNCTOOL_AUTH_TOKEN (serve's own variable) with every request, in both eras; without it, or
 * with another, the first refusal stops the run and says which variable to set.
 */

const TOKEN = "s3cret-token";
let dir: string;
let fake: FakeModel;
let server: HttpServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "asynctool-url-token-"));
  // Two scenarios, so that a run that stops after the first refusal shows it.
  await writeSuite(join(dir, "suite"), [scenarioInput("alpha"), scenarioInput("beta")]);
  fake = await startFakeModel(solver());
  server = await serveSuite(join(dir, "suite"), join(dir, "server-recordings"), TOKEN);
});

afterEach(async () => {
  await server.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const ERAS = [["2025-11-25"], ["2026-07-28"]] as const;
const evalArgs = (out: string, era: string) => [
  ...evalArgsFor(fake, join(dir, "suite"), out),
  "--era",
  era,
  "--url",
  server.url,
  "--server-recordings",
  join(dir, "server-recordings"),
];

describe("asynctool eval --url on a server with a bearer token", () => {
  it.each(ERAS)(
    "plays every episode with ASYNCTOOL_AUTH_TOKEN set to the server's token (%s)",
    async (era) => {
      const run = await runEval(evalArgs(join(dir, "out"), era), { env: { ASYNCTOOL_AUTH_TOKEN: TOKEN } });
      expect(run.error).toBeUndefined();
      expect(run.exit).toBe(0);
      const recordings = await recordingsIn(join(dir, "server-recordings"));
      expect(recordings.map((r) => [r.header.scenario.id, r.end?.status]).sort()).toEqual([
        ["alpha", "completed"],
        ["beta", "completed"],
      ]);
      // Every episode ended on the server: the closing request (DELETE) carried the token too.
      expect(server.sessionCount()).toBe(0);
    },
  );

  it.each(ERAS)("stops at the first refusal without a token, naming the variable (%s)", async (era) => {
    const run = await runEval(evalArgs(join(dir, "out"), era));
    expect(run.error).toBeInstanceOf(AsyncToolError);
    expect((run.error as AsyncToolError).code).toBe("SERVER_TOKEN_REFUSED");
    expect((run.error as Error).message).toMatch(
      /answered 401: the server asks for a bearer token .*set ASYNCTOOL_AUTH_TOKEN to that token/,
    );
    // The run stopped before any model turn and before the second episode.
    expect(fake.requests).toHaveLength(0);
    expect(await recordingsIn(join(dir, "server-recordings"))).toEqual([]);
  });

  it.each(ERAS)("says the token was refused when it is not the server's (%s)", async (era) => {
    const run = await runEval(evalArgs(join(dir, "out"), era), { env: { ASYNCTOOL_AUTH_TOKEN: "wrong" } });
    expect((run.error as AsyncToolError).code).toBe("SERVER_TOKEN_REFUSED");
    expect((run.error as Error).message).toContain(
      "the server refused the token of ASYNCTOOL_AUTH_TOKEN: set it to the token the server was started with",
    );
    // The token is never echoed.
    expect((run.error as Error).message).not.toContain("wrong");
    expect(run.io.stderr()).not.toContain("wrong");
  });
});
