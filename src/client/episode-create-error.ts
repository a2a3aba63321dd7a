import { AsyncToolError, messageOf } from "../errors.js";
import { serverTokenRefused } from "./server-token.js";

/**
 * Why `POST /episodes` on a running server failed, as an error that says what to do. Refusals
 * every later episode would meet alike (no such endpoint, a bearer token missing or wrong) are scoped to the run, so `eval` stops at once instead of failing each episode in turn;
 * the others (a scenario the server lacks, a full server, an id in use) fail one episode.
 */
export function episodeCreateRefused(
  url: URL,
  status: number,
  body: unknown,
  tokenSent = false,
): AsyncToolError {
  const said = serverMessage(body);
  const at = `POST ${url.origin}${url.pathname}`;
  if (status === 401 || status === 403) return serverTokenRefused(at, status, tokenSent);
  if (status === 404 && said === undefined)
    return new AsyncToolError(
      "EPISODE_CREATE_FAILED",
      `${at} answered 404: the server has no POST /episodes, so it cannot open 2026-07-28 episodes (an asynctool server older than episode URLs, or not an asynctool server). Upgrade the server, or run with --era 2025-11-25.`,
      { status, scope: "run" },
    );
  const what =
    status === 503
      ? "the server is at its limit of open episodes; lower --concurrency, or raise the server's limit"
      : status === 400 || status === 404
        ? "the server refused this episode; it must serve the scenarios of --suite (e.g. `asynctool serve --suite DIR` with the same DIR)"
        : "the episode could not be created; `--resume --retry-failed` plays it again";
  return new AsyncToolError(
    "EPISODE_CREATE_FAILED",
    `${at} answered ${status}${said === undefined ? "" : ` (${said})`}: ${what}.`,
    { status, scope: "episode", retryable: status === 503 || status >= 500 },
  );
}

/** `POST /episodes` got no answer at all (nothing listening, a reset connection). */
export function episodeCreateUnreachable(url: URL, error: unknown): AsyncToolError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return new AsyncToolError(
    "EPISODE_CREATE_FAILED",
    `POST ${url.origin}${url.pathname} got no answer (${messageOf(cause)}): check that the server is running at --url.`,
    { scope: "episode", retryable: true },
  );
}

/** The message of the JSON-RPC error the server answered with, if the body is one. */
function serverMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const message = (error as { message?: unknown }).message;
  return typeof message === "string" ? message : undefined;
}
