import { AsyncToolError, messageOf } from "../errors.js";
import type { RetryInfo } from "./types.js";

/** How hard a model request is tried. Waits double from `baseDelayMs`, capped; a Retry-After header wins. */
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

export interface PostOptions<T> {
  readonly policy: RetryPolicy;
  readonly sleep: Sleep;
  readonly onRetry: (retry: RetryInfo) => void;
  /** Reads the response body; throws (any error) when it is not the API's shape. */
  readonly parse: (body: unknown) => T;
}

/** Which statuses are worth another attempt: rate limits, overload and server faults. */
function retryable(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * POSTs JSON and returns the parsed answer, retrying 429/5xx, network failures, timeouts and
 * answers that are not the API's shape. 401/403/404 stop the run (MODEL_UNAVAILABLE): no later
 * request would fare better. Any other 4xx fails this request at once (MODEL_REQUEST_FAILED).
 */
export async function postJson<T>(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  options: PostOptions<T>,
): Promise<{ value: T; attempts: number }> {
  const { policy } = options;
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    let failure: { status: number | null; error: string; invalid: boolean; waitMs: number | null };
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: payload,
        signal: AbortSignal.timeout(policy.requestTimeoutMs),
      });
      const text = await response.text();
      if (response.ok) {
        try {
          return { value: options.parse(JSON.parse(text)), attempts: attempt };
        } catch (error) {
          failure = {
            status: response.status,
            error: `the answer is not the API's response shape: ${messageOf(error)}`,
            invalid: true,
            waitMs: null,
          };
        }
      } else {
        const why = `HTTP ${response.status}: ${errorMessage(text)}`;
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          throw new AsyncToolError(
            "MODEL_UNAVAILABLE",
            `The model endpoint ${url} refused the request (${why}). Check the API key, --model and --base-url.`,
            { status: response.status },
          );
        }
        if (!retryable(response.status)) {
          throw new AsyncToolError("MODEL_REQUEST_FAILED", `The model endpoint ${url} answered ${why}.`, {
            status: response.status,
          });
        }
        failure = {
          status: response.status,
          error: why,
          invalid: false,
          waitMs: retryAfterMs(response.headers),
        };
      }
    } catch (error) {
      if (error instanceof AsyncToolError) throw error;
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      failure = {
        status: null,
        error: timedOut
          ? `no answer within ${policy.requestTimeoutMs} ms`
          : `the request failed: ${messageOf(error)}${causeOf(error)}`,
        invalid: false,
        waitMs: null,
      };
    }
    if (attempt > policy.maxRetries) {
      throw new AsyncToolError(
        failure.invalid ? "MODEL_RESPONSE_INVALID" : "MODEL_REQUEST_FAILED",
        `The model endpoint ${url} failed ${attempt} times; the last: ${failure.error}.`,
        { status: failure.status, attempts: attempt },
      );
    }
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const waitMs = failure.waitMs ?? backoff;
    options.onRetry({ attempt, status: failure.status, error: failure.error, waitMs });
    await options.sleep(waitMs);
  }
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

/** The provider's own error message (both APIs put it at error.message), bounded. */
function errorMessage(text: string): string {
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
  message = message.trim() || "(empty body)";
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

/** fetch hides the socket error (ECONNREFUSED...) in `cause`. */
function causeOf(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  return cause === undefined ? "" : ` (${messageOf(cause)})`;
}
