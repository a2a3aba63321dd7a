import { describe, expect, it } from "vitest";
import { episodeCreateRefused, episodeCreateUnreachable } from "../../src/client/episode-create-error.js";

/** What `POST /episodes` failing tells the runner: a code, a scope, and what to do. */

const url = new URL("http://127.0.0.1:4000/episodes?scenario=alpha&seed=1");
const rpcError = (message: string) => ({ jsonrpc: "2.0", error: { code: -1, message }, id: null });

describe("POST /episodes refused", () => {
  it("stops the run on a 404 that is not the server's error: no such endpoint", () => {
    const error = episodeCreateRefused(url, 404, undefined);
    expect(error.code).toBe("EPISODE_CREATE_FAILED");
    expect(error.details).toMatchObject({ status: 404, scope: "run" });
    expect(error.message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:4000\/episodes answered 404: the server has no POST \/episodes/,
    );
    expect(error.message).toContain("--era 2025-11-25");
    // The query is not repeated: it names one episode, the refusal is the server's.
    expect(error.message).not.toContain("scenario=");
  });

  it("stops the run on 401 and 403: a token missing, or not the server's", () => {
    for (const status of [401, 403]) {
      const missing = episodeCreateRefused(url, status, rpcError("Unauthorized"));
      expect(missing.code).toBe("SERVER_TOKEN_REFUSED");
      expect(missing.details).toMatchObject({ status, scope: "run" });
      expect(missing.message).toBe(
        `POST http://127.0.0.1:4000/episodes answered ${status}: the server asks for a bearer token (it was started with --auth-token or ASYNCTOOL_AUTH_TOKEN): set ASYNCTOOL_AUTH_TOKEN to that token in eval's environment.`,
      );
      const wrong = episodeCreateRefused(url, status, rpcError("Unauthorized"), true);
      expect(wrong.details).toMatchObject({ status, scope: "run" });
      expect(wrong.message).toContain("refused the token of ASYNCTOOL_AUTH_TOKEN");
    }
  });

  it("fails one episode when the server refuses it with its own error, quoting it", () => {
    const missing = episodeCreateRefused(url, 404, rpcError("No scenario alpha"));
    expect(missing.details).toMatchObject({ status: 404, scope: "episode", retryable: false });
    expect(missing.message).toBe(
      "POST http://127.0.0.1:4000/episodes answered 404 (No scenario alpha): the server refused this episode; it must serve the scenarios of --suite (e.g. `asynctool serve --suite DIR` with the same DIR).",
    );
    const bad = episodeCreateRefused(url, 400, rpcError("seed must be an integer"));
    expect(bad.details).toMatchObject({ scope: "episode", retryable: false });
    expect(bad.message).toContain("(seed must be an integer)");
  });

  it("fails one episode, retryable, when the server is full or failing", () => {
    const full = episodeCreateRefused(url, 503, rpcError("too many sessions"));
    expect(full.details).toMatchObject({ status: 503, scope: "episode", retryable: true });
    expect(full.message).toContain("lower --concurrency");
    const broken = episodeCreateRefused(url, 500, "not json");
    expect(broken.details).toMatchObject({ status: 500, scope: "episode", retryable: true });
    expect(broken.message).toMatch(
      /answered 500: the episode could not be created; `--resume --retry-failed`/,
    );
    const conflict = episodeCreateRefused(url, 409, rpcError("[EPISODE_ID_IN_USE] in use"));
    expect(conflict.details).toMatchObject({ status: 409, scope: "episode", retryable: false });
  });

  it("says the server did not answer, with the cause fetch hides", () => {
    const error = episodeCreateUnreachable(
      url,
      new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:4000") }),
    );
    expect(error.code).toBe("EPISODE_CREATE_FAILED");
    expect(error.details).toMatchObject({ scope: "episode", retryable: true });
    expect(error.message).toBe(
      "POST http://127.0.0.1:4000/episodes got no answer (connect ECONNREFUSED 127.0.0.1:4000): check that the server is running at --url.",
    );
  });
});
