import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type CallToolResult,
  CancelTaskRequestSchema,
  type CreateTaskResult,
  GetTaskPayloadRequestSchema,
  GetTaskRequestSchema,
  ListTasksRequestSchema,
  RELATED_TASK_META_KEY,
  type ServerCapabilities,
  type Task,
} from "@modelcontextprotocol/sdk/types.js";
import { AsyncToolError } from "../errors.js";
import { JSONRPC, JsonRpcError } from "../jsonrpc-codes.js";
import type { CallExtras, EpisodeSession, SessionOptions } from "./episode-session.js";
import { ERROR_META_KEY, type ErrorMeta } from "./error-meta.js";
import { describeHandle, type JobHandle } from "./job-view.js";

/**
 * MCP Tasks (protocol 2025-11-25, the SDK's experimental support) over the episode's jobs, for
 * `--mode tasks`. A task is a job: its taskId is the job id. Every tasks/* request goes through
 * the session's recording seam as the job tool it maps to, marked `via: "tasks"`, so the
 * metrics count it as that call:
 *
 * | request | job tool |
 * |---|---|
 * | task-augmented tools/call | the scenario tool (its job handle becomes the task) |
 * | tasks/get | check_job |
 * | tasks/result | wait_for_jobs on that job (mode all), again while the wait hits the server's cap |
 * | tasks/cancel | cancel_job |
 * | tasks/list | list_jobs |
 *
 * A plain tools/call in this mode gets the `async` answer (a job handle), so one server serves
 * clients that speak Tasks and clients that do not.
 */

/** What the server advertises in tasks mode: task-augmented tools/call, tasks/list, tasks/cancel. */
export const TASKS_CAPABILITY = {
  list: {},
  cancel: {},
  requests: { tools: { call: {} } },
} satisfies NonNullable<ServerCapabilities["tasks"]>;

/** Whether a session's server speaks MCP Tasks. */
export function servesTasks(options: SessionOptions): boolean {
  return (options.mode ?? options.scenario.mode) === "tasks";
}

/** `execution` of a tool in tools/list: scenario tools may run as tasks; the job tools may not. */
export function toolExecution(
  session: EpisodeSession,
  name: string,
): { execution?: { taskSupport: "optional" } } {
  return servesTasks(session.options) && session.options.scenario.tools.has(name)
    ? { execution: { taskSupport: "optional" } }
    : {};
}

export interface TaskRoutes {
  /** Answers a task-augmented tools/call: the scenario tool's job, as a task. */
  create(
    session: EpisodeSession,
    name: string,
    args: unknown,
    extras: Omit<CallExtras, "via" | "mapError">,
  ): Promise<CreateTaskResult>;
}

/**
 * Registers tasks/get, tasks/result, tasks/cancel and tasks/list on the server (whose
 * capabilities must hold TASKS_CAPABILITY), each on the session `current` gives.
 */
export function installTaskHandlers(server: Server, current: () => EpisodeSession): TaskRoutes {
  /** Which session created a task (a stdio connection plays episode after episode). */
  const issuedBy = new Map<string, string>();

  const extrasFor = (session: EpisodeSession, taskId: string, signal: AbortSignal): CallExtras => ({
    signal,
    via: "tasks",
    mapError: (error) => taskError(error, taskId, session, issuedBy.get(taskId)),
  });

  server.setRequestHandler(GetTaskRequestSchema, async (request, extra) => {
    const session = current();
    const { taskId } = request.params;
    const result = await session.callTool(
      "check_job",
      { job_id: taskId },
      extrasFor(session, taskId, extra.signal),
    );
    return taskOf(session, answerOf<{ job: JobHandle }>(result).job);
  });

  server.setRequestHandler(GetTaskPayloadRequestSchema, async (request, extra) => {
    const session = current();
    const { taskId } = request.params;
    const extras = extrasFor(session, taskId, extra.signal);
    for (;;) {
      const result = await session.callTool("wait_for_jobs", { job_ids: [taskId], mode: "all" }, extras);
      const handle = answerOf<{ jobs: JobHandle[] }>(result).jobs[0];
      if (handle === undefined)
        throw new JsonRpcError(JSONRPC.INTERNAL_ERROR, "[TOOL_INTERNAL] The wait lost its job.");
      if (handle.status !== "working") return toolResultOf(handle, taskId);
      // The wait ended with the job still working: the server's cap (wait again), the episode's
      // end, or the client gave the request up.
      if (extra.signal.aborted)
        throw new JsonRpcError(JSONRPC.INVALID_REQUEST, "The client cancelled tasks/result.");
      if (session.episode.ended)
        throw new JsonRpcError(
          JSONRPC.INVALID_REQUEST,
          `[EPISODE_OVER] The episode ended (${session.episode.status}) before task ${JSON.stringify(taskId)} finished, so it has no result. Start a new session for a new episode.`,
          { code: "EPISODE_OVER", retryable: false },
        );
    }
  });

  server.setRequestHandler(CancelTaskRequestSchema, async (request, extra) => {
    const session = current();
    const { taskId } = request.params;
    const result = await session.callTool(
      "cancel_job",
      { job_id: taskId },
      extrasFor(session, taskId, extra.signal),
    );
    return taskOf(session, answerOf<{ job: JobHandle }>(result).job);
  });

  server.setRequestHandler(ListTasksRequestSchema, async (_request, extra) => {
    const session = current();
    const result = await session.callTool("list_jobs", {}, { signal: extra.signal, via: "tasks" });
    const { jobs } = answerOf<{ jobs: ListedJob[] }>(result);
    return {
      tasks: jobs.map((job) =>
        task(session, {
          taskId: job.job_id,
          status: job.status,
          startedAt: job.started_at,
          ...(job.ended_at !== undefined ? { endedAt: job.ended_at } : {}),
        }),
      ),
    };
  });

  return {
    async create(session, name, args, extras) {
      if (session.tools.has(name) && !session.options.scenario.tools.has(name)) {
        // Nothing runs, so no call is recorded; the recording still says it was asked.
        session.note(`a task-augmented tools/call of ${name} was refused (MCP_TASK_UNSUPPORTED)`, "warn");
        throw new JsonRpcError(
          JSONRPC.METHOD_NOT_FOUND,
          `[MCP_TASK_UNSUPPORTED] ${name} does not run as a task: only the episode's slow tools do (their execution.taskSupport is "optional"). Call ${name} without task.`,
          { code: "MCP_TASK_UNSUPPORTED", retryable: false },
        );
      }
      const result = await session.callTool(name, args, { ...extras, via: "tasks" });
      const handle = answerOf<JobHandle>(result);
      issuedBy.set(handle.job_id, session.options.sessionId);
      return { task: taskOf(session, handle) };
    },
  };
}

interface ListedJob {
  readonly job_id: string;
  readonly status: JobHandle["status"];
  readonly started_at: number;
  readonly ended_at?: number;
}

/** The structured answer of a job tool, or its error as the JSON-RPC error of the tasks request. */
export function answerOf<T>(result: CallToolResult): T {
  if (result.isError !== true) return result.structuredContent as T;
  const meta = result._meta?.[ERROR_META_KEY] as ErrorMeta | undefined;
  const code = meta?.code ?? "TOOL_INTERNAL";
  const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  throw new JsonRpcError(jsonRpcCodeOf(code), text, { code, retryable: meta?.retryable ?? false });
}

export function jsonRpcCodeOf(code: string) {
  switch (code) {
    case "EPISODE_OVER":
    case "CALL_LIMIT":
    case "JOB_LIMIT":
    case "RATE_LIMITED":
      return JSONRPC.INVALID_REQUEST;
    case "TOOL_INTERNAL":
    case "RECORDING_WRITE":
    case "RECORDING_BUDGET":
      return JSONRPC.INTERNAL_ERROR;
    default:
      return JSONRPC.INVALID_PARAMS;
  }
}

/** A job tool's error, in the words of tasks (the codes of docs/errors.md, "MCP Tasks"). */
function taskError(
  error: AsyncToolError,
  taskId: string,
  session: EpisodeSession,
  issuer: string | undefined,
): AsyncToolError | undefined {
  if (error.code === "JOB_NOT_FOUND") {
    const why =
      issuer !== undefined && issuer !== session.options.sessionId
        ? " It was created in an earlier episode of this connection, which has ended: its tasks ended with it."
        : /another MCP session/.test(error.message)
          ? ` ${error.message.replace(/^No job "[^"]*" in this session: it /, "It ")}`
          : "";
    return new AsyncToolError(
      "MCP_TASK_NOT_FOUND",
      `No task ${JSON.stringify(taskId)} in this episode.${why} Use the taskId of a task this episode created (tasks/list shows them).`,
    );
  }
  if (error.code === "JOB_ALREADY_FINISHED") {
    return new AsyncToolError(
      "MCP_TASK_ENDED",
      `Task ${JSON.stringify(taskId)} has already ended, so it cannot be cancelled. Read its outcome with tasks/result.`,
    );
  }
  return undefined;
}

/** A job's status in the words of tasks: an expired job has failed. */
function taskStatus(status: JobHandle["status"]): Task["status"] {
  return status === "expired" ? "failed" : status;
}

function taskOf(session: EpisodeSession, handle: JobHandle): Task {
  return task(session, {
    taskId: handle.job_id,
    status: handle.status,
    startedAt: handle.started_at,
    ...(handle.ended_at !== undefined ? { endedAt: handle.ended_at } : {}),
    ...(handle.poll_after !== undefined ? { pollAfter: handle.poll_after } : {}),
    ...(handle.error ? { message: `[${handle.error.code}] ${handle.error.message}` } : {}),
  });
}

function task(
  session: EpisodeSession,
  job: {
    taskId: string;
    status: JobHandle["status"];
    startedAt: number;
    endedAt?: number;
    pollAfter?: number;
    message?: string;
  },
): Task {
  return {
    taskId: job.taskId,
    status: taskStatus(job.status),
    // A task lives as long as its episode: the server drops nothing before.
    ttl: null,
    createdAt: isoAt(session, job.startedAt),
    lastUpdatedAt: isoAt(session, job.endedAt ?? job.startedAt),
    // tasks/list carries no poll hint (list_jobs has none): its tasks have no pollInterval.
    ...(job.status === "working" && job.pollAfter !== undefined
      ? { pollInterval: pollInterval(session, job.pollAfter) }
      : {}),
    ...(job.message ? { statusMessage: job.message } : {}),
  };
}

/**
 * The real milliseconds to wait before polling again. In the step clock time moves only with
 * calls, so there is nothing to wait for: 0.
 */
function pollInterval(session: EpisodeSession, pollAfter: number): number {
  const episode = session.episode;
  return episode.clockKind === "step" ? 0 : Math.round(pollAfter * episode.timeScale);
}

/** An episode time as a date: the episode's start plus the time (steps count as unitMs each). */
export function isoAt(session: EpisodeSession, t: number): string {
  const episode = session.episode;
  const ms = episode.clockKind === "step" ? t * episode.scenario.unitMs : t * episode.timeScale;
  return new Date((session.startedAt?.getTime() ?? 0) + ms).toISOString();
}

/** What tasks/result returns: the tool call's own result, as the sync mode would have given it. */
function toolResultOf(handle: JobHandle, taskId: string): CallToolResult {
  const failed = handle.status !== "completed";
  const code = handle.error?.code;
  return {
    content: [{ type: "text", text: describeHandle(handle) }],
    structuredContent: handle,
    ...(failed ? { isError: true } : {}),
    _meta: {
      [RELATED_TASK_META_KEY]: { taskId },
      ...(failed && code !== undefined
        ? { [ERROR_META_KEY]: { code, retryable: handle.error?.retryable ?? false } satisfies ErrorMeta }
        : {}),
    },
  };
}
