/**
 * One error type for everything the user, the agent or a client can cause. The code is stable
 * (tests, docs and agents key on it); the message says what was wrong and what to do next.
 * Every code is listed in docs/errors.md, and a test keeps the two in step.
 */

export const ERROR_CODES = {
  // Scenario files and catalogues (the user's input).
  SCENARIO_NOT_FOUND: "No scenario file or catalogue id matches what was asked for.",
  SCENARIO_PARSE: "A scenario file is not valid YAML or JSON, or nests deeper than the loader allows.",
  SCENARIO_TOO_LARGE: "A scenario file is larger than the loader's size limit.",
  SCENARIO_SYMLINK:
    "A suite directory holds a symbolic link, which is not followed without --follow-symlinks.",
  SCENARIO_INVALID: "A scenario file breaks the scenario format; the message names the path inside it.",
  SCENARIO_MISMATCH:
    "A recording names a scenario whose file has changed since (its content hash differs), so it cannot be scored against it.",

  // The episode, as the agent drives it (reported to the agent as tool errors).
  TOOL_NOT_FOUND: "The agent called a tool this episode does not have.",
  BAD_ARGUMENTS: "The agent's arguments do not fit the tool's input schema.",
  TOOL_BUSY: "The tool's concurrency limit is reached; the call was refused, start it again later.",
  JOB_NOT_FOUND: "No job of this session has the given id.",
  JOB_ALREADY_FINISHED: "The job has already finished, so it cannot be cancelled.",
  JOB_INVALID_TRANSITION: "A job was asked to move between two states that its lifecycle does not allow.",
  JOB_LIMIT: "The episode's cap on jobs is reached.",
  CALL_LIMIT: "The episode's cap on agent calls is reached.",
  RATE_LIMITED:
    "The session made more calls per second than the server allows; the call was refused, not run.",
  TASK_NOT_FOUND: "submit_answer named a task the episode does not have.",
  EPISODE_OVER: "The episode has ended; no further work is accepted.",

  // MCP Tasks (`--mode tasks`), answered as JSON-RPC errors with the code in the message.
  MCP_TASK_NOT_FOUND:
    "tasks/get, tasks/result, tasks/cancel or tasks/update named a task id that is no job of this episode (unknown, or of another episode).",
  MCP_TASK_ENDED: "tasks/cancel named a task that has already reached a terminal status.",
  MCP_TASK_UNSUPPORTED:
    "A task-augmented tools/call named a tool that does not run as a task (a job tool, submit_answer, finish).",
  MCP_TASKS_NOT_DECLARED:
    "A 2026-07-28 tasks/get, tasks/update, tasks/cancel or a subscriptions/listen on tasks did not declare the Tasks extension in its client capabilities.",
  MCP_LISTEN_FILTER:
    "A subscriptions/listen named tasks with a taskIds filter that is not a list of 1 to 100 task ids.",

  // Job outcomes (carried in a failed or expired job's error).
  JOB_FAILED_TRANSIENT: "An injected transient failure: the job failed, and retrying it may succeed.",
  JOB_EXPIRED: "The job ran past its time-to-live or the tool's timeout before it finished.",
  TOOL_INTERNAL: "A simulator failed in a way it should not; this is a bug in asynctool-mcp.",

  // Domain errors, as a real API would give them (a failed job's error).
  NOT_FOUND: "Domain error: the named object does not exist.",
  ALREADY_EXISTS: "Domain error: the object to create exists already.",
  INVALID_STATE: "Domain error: the object is not in a state that allows the operation.",
  INVALID_ARGUMENT: "Domain error: an argument is well-formed but not acceptable.",
  INSUFFICIENT_FUNDS: "Domain error: the balance does not cover the operation.",
  PERMISSION_DENIED: "Domain error: the caller may not do this.",
  DECLARED_ERROR: "An error declared in a scenario's response table.",
  UPSTREAM_TOOL_ERROR:
    "proxy: the upstream server answered a forwarded call with an error (its text is the message).",
  UPSTREAM_GONE: "proxy: the upstream server closed its connection while the call was running.",

  // Recordings.
  RECORDING_NOT_FOUND: "No recording file at the given path.",
  RECORDING_INVALID:
    "A recording line is not valid JSON or breaks the recording format; the message names the line.",
  RECORDING_VERSION: "A recording was written in a format version this build cannot read.",
  RECORDING_WRITE:
    "A recording could not be written (directory missing, unwritable or full, or the file deleted or replaced while it was written).",
  RECORDING_BUDGET: "A session's recording reached its byte budget; the episode ended.",

  // The dashboard (`/dashboard`, `asynctool dashboard`).
  DASHBOARD_SESSION_NOT_FOUND: "The dashboard holds no session with the id in the page's address.",
  DASHBOARD_TICKET_INVALID: "A final report's link was used already, or has expired.",

  // Episode URLs (2026-07-28), answered as JSON-RPC errors with the code in the message and data.
  EPISODE_ID_IN_USE: "POST /episodes?id= named an episode that is open on this process.",
  EPISODE_ID_USED:
    "An episode id that already ran (in this process, or a recording in the recordings directory has it) was asked to open again; an id is never reopened.",

  // Evaluating a model (`asynctool eval`).
  PROVIDER_UNKNOWN: "eval: --provider names no model API this runner speaks.",
  API_KEY_MISSING: "eval: the provider's API key is not set in its environment variable.",
  BASE_URL_INVALID: "eval: --base-url (or --url) is not an http(s) URL.",
  MODEL_UNAVAILABLE:
    "eval: the model endpoint refused the run (bad key, no access, unknown model or path); the run stops.",
  MODEL_REQUEST_FAILED:
    "eval: a model request failed for good (an error the endpoint gave, or retries ran out); the episode is recorded as failed.",
  MODEL_RESPONSE_INVALID: "eval: the endpoint answered with something that is not the API's response shape.",
  MODEL_REQUEST_REJECTED:
    "eval: the endpoint rejects the request itself (a parameter or field it refuses) on the first turn; every episode would fail alike, so the run stops.",
  MODEL_ENDPOINT_DOWN:
    "eval: the circuit breaker opened: too many model requests in a row failed in transport (no answer, 5xx); the run stops.",
  CONTROL_UNSUPPORTED:
    "eval: a control flag the chosen provider's API has no field for (e.g. --seed with anthropic).",
  PROVIDER_OPTION_INVALID:
    "eval: --header, --body-json or --api-key-header is not well-formed (K=V, a JSON object, a header name).",
  PRICES_INVALID: "eval: the --prices file cannot be read or is not a table of prices per million tokens.",
  SYSTEM_PROMPT_UNREADABLE: "eval: the --system-prompt file cannot be read, or is empty.",
  SELECTION_EMPTY:
    "eval: --episodes, --category or --sample select no scenario (or name one the suite lacks).",
  INFRA_FAILURE_RATE:
    "eval: more episodes than --fail-on-error allows could not be finished for infrastructure reasons.",
  INTERRUPTED:
    "eval: the run was interrupted (Ctrl-C); a partial report is written, and --resume continues it.",
  TOOL_CALL_MALFORMED:
    "eval: a tool call of the model had arguments that are not a JSON object; the model is told so.",
  TOOL_CALL_TIMEOUT: "eval: a tool call got no answer within the runner's timeout; the model is told so.",
  RUN_EXISTS: "eval: the output directory holds an earlier run; continue it with --resume or choose another.",
  RUN_MISMATCH: "eval: --resume on an output directory whose run used another model or other settings.",
  EPISODE_CREATE_FAILED:
    "eval --url --era 2026-07-28: POST /episodes on the server failed (no such endpoint, a scenario it lacks, a full server, no answer).",
  SERVER_TOKEN_REFUSED:
    "eval --url: the server asks for a bearer token and ASYNCTOOL_AUTH_TOKEN is unset in eval's environment, or not the server's token.",

  // Reference baselines over a suite (`asynctool run --suite`).
  AGENT_UNKNOWN: "run: --agent names no reference agent (oracle, sequential, poller).",
  SEEDS_INVALID: "run: --seeds is not a list of integers ≥ 0 separated by commas (e.g. 1,2,3).",
  RUN_OUTPUT_EXISTS: "run --suite: the output directory exists and is not empty; --force replaces its run.",

  // Exports (`asynctool export`, `asynctool acc-eval`).
  ACC_ITEMS_INVALID: "acc-eval: the items file is missing, or a line is not an item of `export acc`.",

  // Command line and configuration.
  USAGE: "A command-line option or argument is wrong.",
  AUTH_REQUIRED:
    "Serving HTTP beyond this machine needs a bearer token (--auth-token or ASYNCTOOL_AUTH_TOKEN).",
  RECORDINGS_UNWRITABLE: "The recordings directory cannot be created or written at start-up.",
  PROXY_CONFIG_INVALID:
    "proxy: the config file cannot be read, breaks the proxy config format, or names tools the upstream does not offer.",
  UPSTREAM_UNAVAILABLE: "proxy: the upstream server could not be started, reached or listed.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetails {
  /** Where the problem is: a file, a path inside it, a line. */
  readonly where?: string;
  /** Whether doing the same thing again may succeed. */
  readonly retryable?: boolean;
  readonly [key: string]: unknown;
}

export class AsyncToolError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = "AsyncToolError";
    this.code = code;
    this.details = details;
  }

  get retryable(): boolean {
    return this.details.retryable === true;
  }
}

export function isAsyncToolError(error: unknown): error is AsyncToolError {
  return error instanceof AsyncToolError;
}

/** The message of anything thrown, for logs and tool errors that must never show a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
