import { AsyncToolError, messageOf } from "../errors.js";
import type { JsonValue } from "../json.js";
import type { ExchangeLog, RetryInfo } from "./types.js";
import { RUNNER } from "./version.js";

/**
 * How hard a model request is tried. Waits double from `baseDelayMs`, capped, with jitter (so
 * many runs against one endpoint do not retry in step); a Retry-After header wins.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** One attempt's limit, after which it counts as a failure to retry. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  requestTimeoutMs: 300_000,
};

/** A Retry-After longer than this is cut to it: a run must not stall for hours on one header. */
const MAX_RETRY_AFTER_MS = 300_000;

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the HTTP layer needs from the world: injected so tests neither sleep nor depend on chance. */
export interface HttpEnvironment {
  readonly sleep: Sleep;
  /** A uniform draw in [0, 1) for the backoff jitter. */
  readonly random: () => number;
  /** Epoch ms, to read a Retry-After given as an HTTP date. */
  readonly now: () => number;
  /** Shared by every request of the run: opens after K consecutive transport failures. */
  readonly breaker: CircuitBreaker;
}

/**
 * Counts consecutive transport failures (no answer, a timeout, a 5xx) over the whole run, from
 * every concurrent episode; any answered request resets it. After `threshold` in a row the
 * endpoint is taken for down and every request fails at once with MODEL_ENDPOINT_DOWN, so a dead
 * endpoint costs one episode's backoff instead of every episode's.
 */
export class CircuitBreaker {
  #consecutive = 0;
  #open: string | null = null;

  constructor(readonly threshold: number) {}

  get open(): boolean {
    return this.#open !== null;
  }

  success(): void {
    if (this.#open === null) this.#consecutive = 0;
  }

  /** Counts a transport failure; true when it opened the breaker. */
  failure(url: string, why: string): boolean {
    if (this.#open !== null) return false;
    this.#consecutive += 1;
    if (this.threshold > 0 && this.#consecutive >= this.threshold) {
      this.#open = `${this.#consecutive} requests in a row to ${url} failed in transport; the last: ${why}`;
      return true;
    }
    return false;
  }

  /** Throws once open. */
  check(): void {
    if (this.#open !== null) throw this.error();
  }

  error(): AsyncToolError {
    return new AsyncToolError(
      "MODEL_ENDPOINT_DOWN",
      `The model endpoint looks down (${this.#open ?? "no answer"}), so the run stopped instead of retrying every episode. Check that the server is up and --base-url is right, then continue with --resume --retry-failed.`,
      { scope: "run" },
    );
  }
}

export interface PostOptions<T> {
  readonly policy: RetryPolicy;
  readonly env: HttpEnvironment;
  readonly onRetry: (retry: RetryInfo) => void;
  /** Reads the response body; throws (any error) when it is not the API's shape. */
  readonly parse: (body: unknown) => T;
  /** The model turn (1-based): a refusal of the first request is one every episode would get. */
  readonly turn: number;
  /** Stops waiting (a run being interrupted). */
  readonly signal?: AbortSignal;
  /** Keeps raw request and response bodies (--log-requests). */
  readonly exchangeLog?: ExchangeLog;
}

const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;

/** Headers as they may be written down. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, SECRET_HEADER.test(k) ? "[redacted]" : v]),
  );
}

/**
 * How long a provider error lasts, which decides what the runner does with it:
 * - transient: the same request may succeed later (429, 5xx, no answer): retried with backoff;
 * - run: every later request would fail alike (bad key, unknown model, a parameter the endpoint
 *   refuses): the run stops at once, with the endpoint's words;
 * - episode: this conversation cannot go on (its context is too long, a later turn refused), but
 *   the next episode may do fine: the episode ends, the run goes on.
 */
export type FailureScope = "transient" | "run" | "episode";

export const CONTEXT_LENGTH =
  /context[ _-]?(length|window)|maximum context|too many (input )?tokens|prompt is too long|input is too long|reduce the length/i;

/** The scope of an HTTP error status (with the endpoint's message, which tells a context overflow). */
export function classifyStatus(status: number, message: string, turn: number): FailureScope {
  if (status === 408 || status === 409 || status === 425 || status === 429 || status >= 500)
    return "transient";
  if (status === 401 || status === 403 || status === 404) return "run";
  if (CONTEXT_LENGTH.test(message)) return turn <= 1 ? "run" : "episode";
  if (status === 413) return turn <= 1 ? "run" : "episode";
  // A request the endpoint rejects on the first turn is one it will reject in every episode.
  return turn <= 1 ? "run" : "episode";
}

/** Backoff before retry `attempt` (1-based): the capped exponential step, with jitter over its upper half. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * POSTs JSON and returns the parsed answer. Transient failures (429/5xx, no answer, a timeout, an
 * answer that is not the API's shape) are retried with jittered backoff or the Retry-After asked
 * for; every other status fails at once, scoped as `classifyStatus` says (details.scope).
 */
export async function postJson<T>(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: JsonValue,
  options: PostOptions<T>,
): Promise<{ value: T; attempts: number }> {
  const { policy, env } = options;
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    env.breaker.check();
    let failure: { status: number | null; error: string; invalid: boolean; waitMs: number | null };
    const log = (status: number | null, response: string | null, error: string | null) =>
      options.exchangeLog?.({
        url,
        attempt,
        headers: redactHeaders(headers),
        request: body,
        status,
        response,
        error,
      });
    const { signal, release } = eitherSignal(AbortSignal.timeout(policy.requestTimeoutMs), options.signal);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": `asynctool-mcp/${RUNNER.version}`,
          ...headers,
        },
        body: payload,
        signal,
      });
      const text = await response.text();
      log(response.status, text, null);
      if (response.status >= 500) env.breaker.failure(url, `HTTP ${response.status}`);
      else env.breaker.success();
      if (response.ok) {
        try {
          return { value: options.parse(JSON.parse(text)), attempts: attempt };
        } catch (error) {
          failure = {
            status: response.status,
            error: `the answer is not the API's response shape: ${shapeProblem(text, error)} (the raw body is in the request log with --log-requests)`,
            invalid: true,
            waitMs: null,
          };
        }
      } else {
        const message = errorMessage(text);
        const why = `HTTP ${response.status}: ${message}`;
        const scope = classifyStatus(response.status, message, options.turn);
        if (scope === "run") {
          const auth = response.status === 401 || response.status === 403 || response.status === 404;
          throw new AsyncToolError(
            auth ? "MODEL_UNAVAILABLE" : "MODEL_REQUEST_REJECTED",
            auth
              ? `The model endpoint ${url} refused the request (${why}). Check the API key, --model and --base-url.`
              : `The model endpoint ${url} rejects the request itself (${why}); every episode would fail alike, so the run stopped. Drop or change the option it names (e.g. --temperature, --body-json, --token-field), then continue with --resume --retry-failed.`,
            { status: response.status, scope: "run" },
          );
        }
        if (scope === "episode") {
          throw new AsyncToolError("MODEL_REQUEST_FAILED", `The model endpoint ${url} answered ${why}.`, {
            status: response.status,
            scope: "episode",
            contextLength: CONTEXT_LENGTH.test(message),
          });
        }
        failure = {
          status: response.status,
          error: why,
          invalid: false,
          waitMs: retryAfterMs(response.headers, env.now),
        };
      }
    } catch (error) {
      if (error instanceof AsyncToolError) throw error;
      if (options.signal?.aborted) {
        throw new AsyncToolError(
          "INTERRUPTED",
          "The run was interrupted while a model request was under way.",
          {
            scope: "run",
          },
        );
      }
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      const why = timedOut
        ? `no answer within ${policy.requestTimeoutMs} ms`
        : `the request failed: ${messageOf(error)}${causeOf(error)}`;
      log(null, null, why);
      failure = { status: null, error: why, invalid: false, waitMs: null };
      if (env.breaker.failure(url, why)) throw env.breaker.error();
    } finally {
      release();
    }
    if (attempt > policy.maxRetries) {
      throw new AsyncToolError(
        failure.invalid ? "MODEL_RESPONSE_INVALID" : "MODEL_REQUEST_FAILED",
        `The model endpoint ${url} failed ${attempt} times; the last: ${failure.error}.`,
        { status: failure.status, attempts: attempt, scope: "episode" },
      );
    }
    env.breaker.check();
    const waitMs = failure.waitMs ?? backoffMs(policy, attempt, env.random);
    options.onRetry({ attempt, status: failure.status, error: failure.error, waitMs });
    await env.sleep(waitMs);
  }
}

/**
 * A signal that aborts with either (AbortSignal.any is newer than the Node 20 this supports);
 * `release` unhooks it from the run's long-lived signal once the request is over.
 */
function eitherSignal(
  timeout: AbortSignal,
  run: AbortSignal | undefined,
): { signal: AbortSignal; release: () => void } {
  if (!run) return { signal: timeout, release: () => {} };
  const controller = new AbortController();
  const forward = (source: AbortSignal) => () => controller.abort(source.reason);
  const onTimeout = forward(timeout);
  const onRun = forward(run);
  if (run.aborted) controller.abort(run.reason);
  timeout.addEventListener("abort", onTimeout, { once: true });
  run.addEventListener("abort", onRun, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      timeout.removeEventListener("abort", onTimeout);
      run.removeEventListener("abort", onRun);
    },
  };
}

/** Retry-After in ms: OpenAI's `retry-after-ms`, else seconds or an HTTP date. null when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: () => number = Date.now): number | null {
  const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.min(Math.max(0, date - now()), MAX_RETRY_AFTER_MS);
}

/**
 * One line on why a 2xx body is not the API's shape: the common cases in words (an empty
 * `choices` array, a body that is not JSON), else the first problem the schema found.
 */
export function shapeProblem(text: string, error: unknown): string {
  if (error instanceof SyntaxError) return `the body is not JSON (${bounded(text.trim() || "(empty)", 80)})`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (body && typeof body === "object" && "choices" in body && Array.isArray(body.choices)) {
    if (body.choices.length === 0) return "an empty `choices` array (no answer)";
  }
  if (body && typeof body === "object" && "error" in body)
    return `an error in a 2xx answer: ${errorMessage(text)}`;
  const issues = (error as { issues?: { path?: PropertyKey[]; message?: string }[] }).issues;
  const first = issues?.[0];
  if (first) {
    const path = (first.path ?? []).map(String).join(".") || "(the body)";
    return `${path}: ${first.message ?? "unexpected"}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`;
  }
  return bounded(messageOf(error).split("\n")[0] ?? "", 200);
}

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The provider's own error message (both APIs put it at error.message), bounded. */
export function errorMessage(text: string): string {
  let message = text;
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const found =
      typeof body.error === "string"
        ? body.error
        : typeof body.error?.message === "string"
          ? body.error.message
          : typeof body.message === "string"
            ? body.message
            : undefined;
    if (found !== undefined) message = found;
  } catch {}
  message = message.trim().replace(/\s+/g, " ") || "(empty body)";
  return bounded(message, 500);
}

/** fetch hides the socket error (ECONNREFUSED...) in `cause`. */
function causeOf(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  return cause === undefined ? "" : ` (${messageOf(cause)})`;
}
