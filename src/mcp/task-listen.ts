import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  MissingRequiredClientCapabilityError,
  SERVER_INFO_META_KEY,
  SUBSCRIPTION_ID_META_KEY,
} from "@modelcontextprotocol/server";
import { AsyncToolError } from "../errors.js";
import { JSONRPC } from "../jsonrpc-codes.js";
import type { EpisodeSession } from "./episode-session.js";
import { jobHandle } from "./job-view.js";
import { jsonRpcCodeOf } from "./tasks.js";
import { detailedTask, TASKS_EXTENSION_ID, taskNotFound } from "./tasks-extension.js";

/**
 * Task status notifications of the Tasks extension (SEP-2663) over `subscriptions/listen`
 * (SEP-2575), on an episode in `--mode tasks`: the extension's way to learn that tasks ended
 * without polling each in turn. A client lists the tasks in the listen filter,
 * `params.notifications.taskIds`; the server acknowledges the filter, then sends
 * `notifications/tasks` once per task when it reaches a terminal status (at once for one that
 * already had), carrying the complete task as tasks/get would give it at that moment (the tool's
 * result inline), and ends the stream with the listen's empty result when every task listed has
 * ended, or when the episode ends. Closing the stream first is the client giving the listen up.
 *
 * The v2 SDK 2.4.0 serves `subscriptions/listen` itself, but only for the four list-change and
 * resource filters: its filter schema strips `taskIds` and the stream it opens is closed at once
 * for an empty filter. So the transports hand a listen that names tasks to this module instead
 * (after the SDK's own classification of the request), and every other listen to the SDK.
 *
 * For the engine a listen is a `wait_for_jobs` of mode all (EpisodeSession.listen): in the step
 * clock it is a request, so a step, and the clock jumps to the last end of its tasks, each
 * notification stamped with its task's end.
 */

/** A JSON-RPC message as the transports write it. */
export type RpcMessage = Record<string, unknown>;

/** The most tasks one listen may name (as wait_for_jobs takes at most 100 jobs). */
export const MAX_LISTEN_TASKS = 100;

/** Whether `body` is a `subscriptions/listen` request whose filter names tasks (`taskIds`). */
export function isTaskListen(body: unknown): boolean {
  if (typeof body !== "object" || body === null) return false;
  const message = body as { method?: unknown; params?: { notifications?: unknown } };
  if (message.method !== "subscriptions/listen") return false;
  const filter = message.params?.notifications;
  return typeof filter === "object" && filter !== null && "taskIds" in filter;
}

/** A listen refused before its stream opened: the error response, and whether HTTP says 400. */
export interface ListenRefusal {
  readonly refused: RpcMessage;
  readonly badRequest: boolean;
}

/** A listen accepted: run it, sending the acknowledgement and notifications; resolves with the final message. */
export interface ListenStream {
  run(send: (message: RpcMessage) => void, signal: AbortSignal): Promise<RpcMessage>;
}

/**
 * Checks a listen request that names tasks (`isTaskListen`) for `session`: the extension
 * declared in its envelope (else the missing-capability error, as tasks/* are refused), and a
 * filter of 1 to 100 task ids. The ids themselves are checked as the stream opens (an unknown
 * one ends it with the error before any notification).
 */
export function openTaskListen(session: EpisodeSession, message: RpcMessage): ListenRefusal | ListenStream {
  const id = message.id as string | number;
  const params = (message.params ?? {}) as {
    notifications?: { taskIds?: unknown };
    _meta?: Record<string, unknown>;
  };
  const meta = params._meta ?? {};
  const capabilities = meta[CLIENT_CAPABILITIES_META_KEY] as { extensions?: unknown } | undefined;
  const extensions = capabilities?.extensions;
  if (typeof extensions !== "object" || extensions === null || !(TASKS_EXTENSION_ID in extensions)) {
    session.note(
      `subscriptions/listen on tasks refused: the request does not declare ${TASKS_EXTENSION_ID} (MCP_TASKS_NOT_DECLARED)`,
      "warn",
    );
    const error = new MissingRequiredClientCapabilityError(
      {
        requiredCapabilities: { extensions: { [TASKS_EXTENSION_ID]: {} } },
        code: "MCP_TASKS_NOT_DECLARED",
        retryable: false,
      } as never,
      `[MCP_TASKS_NOT_DECLARED] A listen filter with taskIds is part of the Tasks extension: declare it on the request, in _meta["${CLIENT_CAPABILITIES_META_KEY}"].extensions["${TASKS_EXTENSION_ID}"] = {}, then send it again.`,
    );
    return {
      refused: errorMessage(id, error.code, error.message, error.data as Record<string, unknown>),
      badRequest: true,
    };
  }
  const taskIds = params.notifications?.taskIds;
  if (
    !Array.isArray(taskIds) ||
    taskIds.length === 0 ||
    taskIds.length > MAX_LISTEN_TASKS ||
    !taskIds.every((taskId) => typeof taskId === "string" && taskId.length > 0)
  ) {
    const error = new AsyncToolError(
      "MCP_LISTEN_FILTER",
      `params.notifications.taskIds must list 1 to ${MAX_LISTEN_TASKS} task ids (the taskId strings of tasks this episode created), not ${JSON.stringify(taskIds)?.slice(0, 200)}. Send the listen again with such a list.`,
    );
    return {
      refused: errorMessage(id, JSONRPC.INVALID_PARAMS, `[${error.code}] ${error.message}`, {
        code: error.code,
        retryable: false,
      }),
      badRequest: false,
    };
  }
  const ids = [...new Set(taskIds as string[])];
  const info = meta[CLIENT_INFO_META_KEY] as { name?: unknown; version?: unknown } | undefined;
  if (!session.started && typeof info?.name === "string")
    session.setClient({ name: info.name, version: typeof info.version === "string" ? info.version : "" });
  const stamp = { [SUBSCRIPTION_ID_META_KEY]: id };
  return {
    async run(send, signal) {
      // The filter honoured: the tasks, and nothing else (no list-change notification is offered).
      send({
        jsonrpc: "2.0",
        method: "notifications/subscriptions/acknowledged",
        params: { notifications: { taskIds: ids }, _meta: stamp },
      });
      const failed = await session.listen(
        ids,
        {
          signal,
          via: "tasks",
          mapError: (error) => (error.code === "JOB_NOT_FOUND" ? taskNotFound(idOf(error, ids)) : undefined),
        },
        (job) => {
          const handle = jobHandle(session.episode, job, { maxResultChars: session.settings.maxResultChars });
          send({
            jsonrpc: "2.0",
            method: "notifications/tasks",
            params: { ...detailedTask(session, handle), _meta: stamp },
          });
        },
      );
      if (failed === null) {
        return {
          jsonrpc: "2.0",
          id,
          result: {
            resultType: "complete",
            _meta: { ...stamp, [SERVER_INFO_META_KEY]: session.options.server },
          },
        };
      }
      if (failed instanceof AsyncToolError)
        return errorMessage(id, jsonRpcCodeOf(failed.code), `[${failed.code}] ${failed.message}`, {
          code: failed.code,
          retryable: failed.retryable,
        });
      return errorMessage(
        id,
        JSONRPC.INTERNAL_ERROR,
        "[TOOL_INTERNAL] The server failed to serve this listen stream. This is a fault of the server, not of your request; you may open it again.",
        { code: "TOOL_INTERNAL", retryable: true },
      );
    },
  };
}

/** The task id a JOB_NOT_FOUND names (its message quotes it), or the first id listed. */
function idOf(error: AsyncToolError, ids: readonly string[]): string {
  return ids.find((taskId) => error.message.includes(JSON.stringify(taskId))) ?? (ids[0] as string);
}

function errorMessage(id: string | number, code: number, message: string, data?: Record<string, unknown>) {
  return { jsonrpc: "2.0", id, error: { code, message, ...(data ? { data } : {}) } };
}
