import { AsyncToolError } from "../errors.js";
import { JSONRPC, JsonRpcError } from "../jsonrpc-codes.js";
import type { EpisodeSession } from "./episode-session.js";
import { jobHandle } from "./job-view.js";

/** How much of a client's URI an error message repeats. */
const URI_IN_MESSAGES = 200;

/**
 * A resource read spends one of the session's calls per second, like a tool call: reads are
 * noted in the recording, so unthrottled they would grow it without bound.
 */
export function admitResourceRead(session: EpisodeSession, uri: string): void {
  if (session.tryTakeRateToken()) return;
  throw new JsonRpcError(
    JSONRPC.RATE_LIMITED,
    `Rate limited: this session may make at most ${session.options.limits?.maxCallsPerSecond} calls and resource reads per second; ${shortUri(uri)} was not read. Wait a moment, then read it again.`,
    { retryable: true },
  );
}

/** The `asynctool://jobs/{job_id}` resource: the job's handle, or resource-not-found. */
export function readJobResource(session: EpisodeSession, uri: URL, jobId: string) {
  admitResourceRead(session, uri.href);
  // Reading a job as a resource is noted, but is not an agent call and does not count as seeing it.
  session.note(`resource read: ${uri.href}`);
  let job: ReturnType<typeof session.episode.job>;
  try {
    job = session.episode.job(jobId);
  } catch (error) {
    if (!(error instanceof AsyncToolError) || error.code !== "JOB_NOT_FOUND") throw error;
    throw new JsonRpcError(
      JSONRPC.RESOURCE_NOT_FOUND,
      `Resource not found: ${shortUri(uri.href)} names no job of this session. Use a job_id exactly as a tool returned it; resources/list lists this session's jobs.`,
      { uri: shortUri(uri.href) },
    );
  }
  const handle = jobHandle(session.episode, job, { maxResultChars: session.settings.maxResultChars });
  return {
    contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(handle, null, 2) }],
  };
}

function shortUri(uri: string): string {
  return uri.length <= URI_IN_MESSAGES ? uri : `${uri.slice(0, URI_IN_MESSAGES)}… (${uri.length} characters)`;
}
