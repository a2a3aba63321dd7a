import type { AgentTools, ToolReply } from "../agents/agent-tools.js";
import type { JsonValue } from "../json.js";
import type { JsonRecord, ModernRpc } from "./modern-rpc.js";
import { modernAgentTools, replyOfResult, replyOfRpcError } from "./modern-tools.js";

/** How a requester waits between two polls of a task (the wall clock's pollIntervalMs). Injected: tests never sleep. */
export type Sleep = (ms: number) => Promise<void>;

export interface TasksExtensionOptions {
  /**
   * Wait with a `subscriptions/listen` on the tasks (their status notifications) rather than
   * tasks/get polls; `run` and `eval` set it (HTTP and stdio alike), the tests of the polls not.
   */
  readonly listen?: boolean;
}

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The agents' tools driven through the Tasks extension of 2026-07-28 (SEP-2663, a server in
 * `--mode tasks` on an episode URL or on stdio, src/mcp/tasks-extension.ts), with the replies
 * shaped as the job tools' answers so that the reference agents run on it unchanged. The
 * extension's counterpart of tasks-tools.ts (the 2025 Tasks), mapped the same way where it can:
 *
 * | agent's call | request |
 * |---|---|
 * | a scenario tool | tools/call declaring the extension: answered `resultType: "task"` (the task is the job) or, for a job already ended, with its own result |
 * | check_job | tasks/get (an ended task carries its result inline) |
 * | wait_for_jobs | with `listen`: one subscriptions/listen on the tasks, whose notifications carry each task's result as it ends; else (or when the server does not honour the filter) tasks/get polls of one id until its task has ended, then the next, in the order given |
 * | cancel_job | tasks/cancel |
 * | list_jobs, submit_answer, finish, … | a plain tools/call (the extension has no tasks/list) |
 *
 * The extension declares itself per request, so every tools/call declares it: the server makes
 * a task only of a scenario tool's job that is still working, and answers the others as usual.
 *
 * The extension has no blocking request (no tasks/result). Its way to wait is a listen stream
 * on the tasks: one request (in the step clock one step, and the clock jumps to their last end,
 * as a wait_for_jobs of mode all), so jobs that end together are collected at once, as the job
 * tools do. Without it a wait is polls, each a request and, in the step clock, a step; where
 * several jobs end together the extension then needs a tasks/get each, one step per extra job
 * (as the 2025 Tasks' tasks/result). `wait_for_jobs` mode any on several ids waits for the first
 * id given, as in tasks-tools.ts. In the wall clock the poller waits the task's `pollIntervalMs`
 * between polls; in the step clock the server sends none.
 */
export function tasksExtensionTools(
  rpc: ModernRpc,
  sleep: Sleep = realSleep,
  options: TasksExtensionOptions = {},
): AgentTools {
  const plain = modernAgentTools(rpc);
  const toolOf = new Map<string, string>();
  const get = (taskId: string) => rpc("tasks/get", { taskId }, { tasks: true });
  /** The job's handle as a tasks/get says it: its inlined result once ended, else its status. */
  const handleOf = (task: JsonRecord): Record<string, JsonValue> => {
    const taskId = String(task.taskId);
    const result = task.result as { structuredContent?: Record<string, JsonValue> } | undefined;
    if (result?.structuredContent) return result.structuredContent;
    const error = task.error as
      | { message?: string; data?: { code?: unknown; retryable?: unknown } }
      | undefined;
    const code = typeof error?.data?.code === "string" ? error.data.code : undefined;
    return {
      job_id: taskId,
      tool: toolOf.get(taskId) ?? "",
      // A failed task is a job the server abandoned before any result (expired).
      status:
        task.status === "failed"
          ? code === "JOB_EXPIRED" || code === undefined
            ? "expired"
            : "failed"
          : String(task.status),
      ...(error
        ? {
            error: {
              code: code ?? "JOB_EXPIRED",
              message: error.message ?? "",
              retryable: error.data?.retryable === true,
            },
          }
        : {}),
    };
  };
  const ended = async (taskId: string): Promise<Record<string, JsonValue>> => {
    for (;;) {
      const task = await get(taskId);
      if (task.status !== "working" && task.status !== "input_required") return handleOf(task);
      if (typeof task.pollIntervalMs === "number") await sleep(task.pollIntervalMs);
    }
  };

  /**
   * Waits for every task of `ids` on one listen stream: the server sends each task's final
   * state, result inline, as it ends, and ends the stream once all have. Undefined when the
   * server did not honour the filter's taskIds (its acknowledgement leaves them out): then the
   * caller polls. A task the stream ended without (the episode ended) is read with tasks/get.
   */
  const listened = async (ids: readonly string[]): Promise<Record<string, JsonValue>[] | undefined> => {
    const finals = new Map<string, JsonRecord>();
    let honoured = false;
    await rpc(
      "subscriptions/listen",
      { notifications: { taskIds: [...ids] } },
      {
        tasks: true,
        onNotification: (note) => {
          const params = (note.params ?? {}) as JsonRecord;
          if (note.method === "notifications/subscriptions/acknowledged")
            honoured = Array.isArray((params.notifications as JsonRecord | undefined)?.taskIds);
          else if (note.method === "notifications/tasks" && typeof params.taskId === "string")
            finals.set(params.taskId, params);
        },
      },
    );
    if (!honoured) return undefined;
    const jobs: Record<string, JsonValue>[] = [];
    for (const id of ids) {
      const final = finals.get(id);
      jobs.push(final ? handleOf(final) : await ended(id));
    }
    return jobs;
  };

  return {
    async call(name, args) {
      try {
        switch (name) {
          case "check_job": {
            const task = await get(String(args.job_id));
            return ok({ job: handleOf(task) });
          }
          case "wait_for_jobs": {
            const given = Array.isArray(args.job_ids) ? args.job_ids.map(String) : [];
            const ids = args.mode === "all" ? given : given.slice(0, 1);
            const heard = options.listen === true && ids.length > 0 ? await listened(ids) : undefined;
            if (heard) return ok({ jobs: heard, timed_out: false });
            const jobs: JsonValue[] = [];
            for (const id of ids) jobs.push(await ended(id));
            return ok({ jobs, timed_out: false });
          }
          case "cancel_job": {
            const id = String(args.job_id);
            // The extension acknowledges a cancel with nothing, also of a task that had ended.
            await rpc("tasks/cancel", { taskId: id }, { tasks: true });
            return ok({ job: { job_id: id, tool: toolOf.get(id) ?? "", status: "cancelled" } });
          }
          case "list_jobs":
            return await plain.call(name, args);
          default: {
            const result = await rpc("tools/call", { name, arguments: args }, { tasks: true });
            if (result.resultType !== "task") return replyOfResult(result);
            const id = String(result.taskId);
            toolOf.set(id, name);
            return ok({ job_id: id, tool: name, status: "working" });
          }
        }
      } catch (error) {
        return replyOfRpcError(error);
      }
    },
  };
}

function ok(structured: Record<string, JsonValue>): ToolReply {
  return { isError: false, structured, text: "", code: undefined };
}
