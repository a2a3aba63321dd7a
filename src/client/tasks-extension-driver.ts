import type { ToolReply } from "../agents/agent-tools.js";
import type { McpToolInfo, TasksDriver } from "../agents/episode-connection.js";
import type { JsonRecord, ModernRpc } from "./modern-rpc.js";
import { replyOfResult, replyOfRpcError } from "./modern-tools.js";
import { DRIVER_HIDDEN_TOOLS } from "./tasks-driver.js";
import { realSleep, type Sleep } from "./tasks-extension-tools.js";

/**
 * The client-side Tasks driver of `eval --tasks-driver` in the 2026-07-28 era, over the Tasks
 * extension (SEP-2663): tasks-driver.ts does the same over the 2025-11-25 Tasks. Every tools/call
 * declares the extension; a call the server answers with a task (`resultType: "task"`) is
 * polled with tasks/get until the task has ended, and the model gets the tool's result the ended
 * task carries, as if the tool were synchronous. A call answered at once (a job that ended
 * within it, a refusal, a tool that runs no job) is handed over as it came. The model never sees
 * the job tools.
 *
 * The extension has no blocking request, so the driver polls, as agent frameworks do: in the
 * wall clock it waits the task's `pollIntervalMs` between two polls; in the step clock the server
 * gives none (time moves only with requests) and the driver polls at once, each poll a step.
 * Tasks running side by side (the calls of one turn) are polled in turn, one request at a time,
 * so a task that has ended may wait for another's poll before it is seen. The recording holds each scenario call, then each poll as a check_job `via: "tasks"`, so the same
 * metrics score it (its polls, wasted ones included, are the framework's).
 */
export function tasksExtensionDriver(rpc: ModernRpc, sleep: Sleep = realSleep): TasksDriver {
  // One tasks/get at a time, in the order they are asked for: the tasks of one turn are polled
  // in turn, so which poll the server sees first (and so, in the step clock, at which step each
  // task is seen) does not hang on how two concurrent requests race.
  let queue: Promise<unknown> = Promise.resolve();
  const poll = (taskId: string): Promise<JsonRecord> => {
    const next = queue.then(() => rpc("tasks/get", { taskId }, { tasks: true }));
    queue = next.catch(() => {});
    return next;
  };
  const ended = async (taskId: string, first: JsonRecord): Promise<ToolReply> => {
    let task = first;
    for (;;) {
      if (task.status !== "working" && task.status !== "input_required") return replyOfTask(task);
      if (typeof task.pollIntervalMs === "number") await sleep(task.pollIntervalMs);
      task = await poll(taskId);
    }
  };
  return {
    tools: {
      async call(name, args) {
        try {
          const result = await rpc("tools/call", { name, arguments: args }, { tasks: true });
          if (result.resultType !== "task") return replyOfResult(result);
          return await ended(String(result.taskId), result);
        } catch (error) {
          return replyOfRpcError(error);
        }
      },
    },
    listTools: async () => {
      const tools = ((await rpc("tools/list", {})).tools as McpToolInfo[] | undefined) ?? [];
      return tools.filter((t) => !DRIVER_HIDDEN_TOOLS.has(t.name));
    },
  };
}

/**
 * An ended task as the tool's reply: a completed task carries the tool's result (a tool error
 * included); a failed one, the server's JSON-RPC error (a job it abandoned, with our code in its
 * data); a cancelled one says so.
 */
function replyOfTask(task: JsonRecord): ToolReply {
  if (task.status === "completed" && typeof task.result === "object" && task.result !== null)
    return replyOfResult(task.result as JsonRecord);
  const error = task.error as { message?: unknown; data?: { code?: unknown } } | undefined;
  const code = error?.data?.code;
  const message =
    typeof error?.message === "string"
      ? error.message
      : typeof task.statusMessage === "string"
        ? task.statusMessage
        : `The task ended ${String(task.status)} without a result.`;
  return {
    isError: true,
    structured: undefined,
    text: message,
    code: typeof code === "string" ? code : undefined,
  };
}
