import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  CLIENT_CAPABILITIES_META_KEY,
  type McpServer,
  MissingRequiredClientCapabilityError,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import { AsyncToolError } from "../errors.js";
import { JSONRPC, JsonRpcError } from "../jsonrpc-codes.js";
import type { CallExtras, EpisodeSession } from "./episode-session.js";
import { ERROR_META_KEY, type ErrorMeta } from "./error-meta.js";
import { describeHandle, type JobHandle } from "./job-view.js";
import { answerOf, isoAt } from "./tasks.js";

/**
 * The Tasks extension of protocol 2026-07-28 (SEP-2663, `io.modelcontextprotocol/tasks`) over
 * the episode's jobs, on episode URLs in `--mode tasks`. It is the 2025-11-25 Tasks of tasks.ts
 * in the extension's words: a task is a job (its taskId is the job id), and every request goes
 * through the session's recording seam as the job tool it maps to, marked `via: "tasks"`:
 *
 * | request | job tool |
 * |---|---|
 * | tools/call of a scenario tool, from a client that declares the extension | the scenario tool: a job still working is answered as a task, one already ended (latency 0) with the call's own result |
 * | tasks/get | check_job (a task that has ended carries the tool's result, or its error) |
 * | tasks/cancel | cancel_job (an empty acknowledgement, also for a task that had ended) |
 * | tasks/update | none: no tool of an episode asks for input, so the responses are ignored (as the extension asks of keys not outstanding) and the request is noted |
 *
 * Creation is server-directed: the client only declares the extension, per request, in
 * `_meta["io.modelcontextprotocol/clientCapabilities"].extensions`. A request that does not
 * declare it gets the `async` answer (a job handle) from tools/call, and the SDK's missing-capability
 * error from tasks/*.
 * There is no tasks/list or tasks/result in this era: the SDK answers them method-not-found.
 */

export const TASKS_EXTENSION_ID = "io.modelcontextprotocol/tasks";

/** Whether the request declares the Tasks extension among its client capabilities. */
export function declaresTasks(ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const capabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY] as
    | { extensions?: Record<string, unknown> }
    | undefined;
  const extensions = capabilities?.extensions;
  return typeof extensions === "object" && extensions !== null && TASKS_EXTENSION_ID in extensions;
}

/** A task of the extension, as tasks/get and a CreateTaskResult carry it (a type: results are index-signed). */
type Task = {
  readonly taskId: string;
  readonly status: "working" | "input_required" | "completed" | "failed" | "cancelled";
  readonly statusMessage?: string;
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  readonly ttlMs: number | null;
  readonly pollIntervalMs?: number;
  readonly result?: CallToolResult;
  readonly error?: { code: number; message: string; data?: Record<string, unknown> };
};

const taskParams = z.looseObject({ taskId: z.string() });

/**
 * Advertises the extension on the server and answers tasks/get, tasks/update and tasks/cancel
 * for `session`. `begin` starts the episode as the first request of the era does.
 */
export function installTasksExtension(
  mcp: McpServer,
  session: EpisodeSession,
  begin: (ctx: ServerContext) => void,
): void {
  const server = mcp.server;
  server.registerCapabilities({ extensions: { [TASKS_EXTENSION_ID]: {} } });

  const extrasFor = (taskId: string, ctx: ServerContext): CallExtras => ({
    signal: ctx.mcpReq.signal,
    via: "tasks",
    mapError: (error) => (error.code === "JOB_NOT_FOUND" ? taskNotFound(taskId) : undefined),
  });

  server.setRequestHandler("tasks/get", { params: taskParams }, async (params, ctx) => {
    admit(session, "tasks/get", ctx, begin);
    const result = await session.callTool(
      "check_job",
      { job_id: params.taskId },
      extrasFor(params.taskId, ctx),
    );
    return detailedTask(session, answerOf<{ job: JobHandle }>(result as CallToolResult).job);
  });

  server.setRequestHandler("tasks/cancel", { params: taskParams }, async (params, ctx) => {
    admit(session, "tasks/cancel", ctx, begin);
    const result = (await session.callTool(
      "cancel_job",
      { job_id: params.taskId },
      extrasFor(params.taskId, ctx),
    )) as CallToolResult;
    // Cancelling a task that has ended is acknowledged like any other: the extension reserves
    // errors for unknown ids. The recording keeps the cancel_job's JOB_ALREADY_FINISHED.
    if (codeOf(result) !== "JOB_ALREADY_FINISHED") answerOf(result);
    return {};
  });

  // The SDK lifts `inputResponses` out of the params (the multi-round-trip fields) into the context.
  server.setRequestHandler("tasks/update", { params: taskParams }, (params, ctx) => {
    admit(session, "tasks/update", ctx, begin);
    const episode = session.episode;
    if (!episode.jobs().some((job) => job.id === params.taskId))
      throw jsonRpcError(taskNotFound(params.taskId));
    // As tasks/get and tasks/cancel answer once the episode is over (their job tools refuse).
    if (episode.ended)
      throw new JsonRpcError(
        JSONRPC.INVALID_REQUEST,
        `[EPISODE_OVER] This episode has ended (${episode.status}); no further requests are accepted. Start a new episode.`,
        { code: "EPISODE_OVER", retryable: false },
      );
    // No job of an episode waits for input, so no key is outstanding: the extension asks a
    // server to ignore such responses and acknowledge. Noted, not a call: no job tool maps to it.
    const keys = Object.keys((ctx.mcpReq as { inputResponses?: object }).inputResponses ?? {});
    session.note(
      `tasks/update of task ${params.taskId} (${keys.length} input response${keys.length === 1 ? "" : "s"}) ignored: no task of this episode asks for input`,
      "warn",
    );
    return {};
  });
}

/**
 * Answers a tools/call of a scenario tool from a client that declared the extension: a task
 * for a job still working, or the call's own result when its job has already ended (a tool of
 * latency 0: the handle carries the result, as in `async` mode) or it started none (refused).
 */
export async function callAsTask(
  session: EpisodeSession,
  name: string,
  args: unknown,
  signal: AbortSignal,
): Promise<CallToolResult | (Task & { resultType: "task" })> {
  const result = (await session.callTool(name, args, { signal, via: "tasks" })) as CallToolResult;
  if (result.isError === true) return result;
  const handle = result.structuredContent as JobHandle;
  if (handle.status !== "working") return result;
  return { resultType: "task", ...taskOf(session, handle) };
}

/** Refuses a tasks/* request that does not declare the extension (the missing-capability error, as SEP-2663 says). */
function admit(
  session: EpisodeSession,
  method: string,
  ctx: ServerContext,
  begin: (ctx: ServerContext) => void,
) {
  if (!declaresTasks(ctx)) {
    session.note(
      `${method} refused: the request does not declare ${TASKS_EXTENSION_ID} (MCP_TASKS_NOT_DECLARED)`,
      "warn",
    );
    throw new MissingRequiredClientCapabilityError(
      {
        requiredCapabilities: { extensions: { [TASKS_EXTENSION_ID]: {} } },
        code: "MCP_TASKS_NOT_DECLARED",
        retryable: false,
      } as never,
      `[MCP_TASKS_NOT_DECLARED] ${method} is part of the Tasks extension: declare it on the request, in _meta["${CLIENT_CAPABILITIES_META_KEY}"].extensions["${TASKS_EXTENSION_ID}"] = {}, then send it again.`,
    );
  }
  begin(ctx);
}

export function taskNotFound(taskId: string): AsyncToolError {
  return new AsyncToolError(
    "MCP_TASK_NOT_FOUND",
    `No task ${JSON.stringify(taskId)} in this episode. Use the taskId of a task this episode created (a tools/call answered with resultType "task").`,
  );
}

/** A task id no job of this episode has, as the JSON-RPC error the extension names (invalid params). */
function jsonRpcError(error: AsyncToolError): JsonRpcError {
  return new JsonRpcError(JSONRPC.INVALID_PARAMS, `[${error.code}] ${error.message}`, {
    code: error.code,
    retryable: error.retryable,
  });
}

function codeOf(result: CallToolResult): string | undefined {
  return (result._meta?.[ERROR_META_KEY] as ErrorMeta | undefined)?.code;
}

/** A task's base fields: the job's status in the extension's words, and its times. */
function taskOf(session: EpisodeSession, handle: JobHandle): Task {
  const episode = session.episode;
  // In the step clock time moves only with calls: there is no interval worth waiting, so none.
  const interval =
    handle.status === "working" && handle.poll_after !== undefined && episode.clockKind === "wall"
      ? Math.max(1, Math.round(handle.poll_after * episode.timeScale))
      : undefined;
  return {
    taskId: handle.job_id,
    status:
      handle.status === "working"
        ? "working"
        : handle.status === "cancelled"
          ? "cancelled"
          : handle.status === "expired"
            ? "failed"
            : "completed",
    ...(handle.error ? { statusMessage: `[${handle.error.code}] ${handle.error.message}` } : {}),
    createdAt: isoAt(session, handle.started_at),
    lastUpdatedAt: isoAt(session, handle.ended_at ?? handle.started_at),
    // A task lives as long as its episode: the server drops nothing before.
    ttlMs: null,
    ...(interval !== undefined ? { pollIntervalMs: interval } : {}),
  };
}

/**
 * What tasks/get answers: the task, with the tool's result once it has ended. A job that failed
 * (its tool's error, a transient fault) completed with a result that is an error, as the
 * extension asks of tool errors; one that expired was abandoned by the server before any
 * result existed, which the extension calls failed, with the JSON-RPC error inlined.
 */
export function detailedTask(session: EpisodeSession, handle: JobHandle): Task {
  const task = taskOf(session, handle);
  if (task.status === "completed") return { ...task, result: toolResultOf(handle) };
  if (task.status === "failed") {
    const code = handle.error?.code ?? "JOB_EXPIRED";
    return {
      ...task,
      error: {
        code: JSONRPC.INTERNAL_ERROR,
        message: `[${code}] ${handle.error?.message ?? "The job was abandoned."}`,
        data: { code, retryable: handle.error?.retryable ?? false },
      },
    };
  }
  return task;
}

/** The tool call's own result, as the sync mode would have given it (no related-task _meta). */
function toolResultOf(handle: JobHandle): CallToolResult {
  const failed = handle.status !== "completed";
  const code = handle.error?.code;
  return {
    content: [{ type: "text", text: describeHandle(handle) }],
    structuredContent: handle,
    ...(failed ? { isError: true } : {}),
    ...(failed && code !== undefined
      ? {
          _meta: {
            [ERROR_META_KEY]: { code, retryable: handle.error?.retryable ?? false } satisfies ErrorMeta,
          },
        }
      : {}),
  };
}
