import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  CreateTaskResultSchema,
  McpError,
  type Task,
} from "@modelcontextprotocol/sdk/types.js";
import type { AgentTools, ToolReply } from "../agents/agent-tools.js";
import type { JsonValue } from "../json.js";
import { agentTools } from "./sdk-tools.js";

/** How long a request may block: a wait is capped by the server (25 s by default); allow it comfortably. */
const REQUEST_TIMEOUT_MS = 120_000;

/**
 * The agents' tools driven through MCP Tasks (a server in `--mode tasks`, src/mcp/tasks.ts), the
 * way a client that speaks Tasks does each thing, with the replies shaped as the job tools'
 * answers so that the reference agents run on it unchanged:
 *
 * | agent's call | request |
 * |---|---|
 * | a scenario tool | task-augmented tools/call (its task is the job) |
 * | check_job | tasks/get, then tasks/result once the task has ended (tasks/get carries no result) |
 * | wait_for_jobs | one tasks/result per id, in the order given |
 * | cancel_job | tasks/cancel |
 * | list_jobs | tasks/list |
 * | anything else (submit_answer, finish) | a plain tools/call |
 *
 * Which tools are scenario tools it learns from tools/list (their `execution.taskSupport`), once.
 *
 * What Tasks cost an agent that the job tools do not:
 * - tasks/result takes one task. A wait for several jobs is several requests, each recorded as
 *   a wait_for_jobs call: where several jobs end together, the job tools collect them with one
 *   call and Tasks need one request each, so every extra job costs a call (and, in the step
 *   clock, a step of makespan: the oracle's best schedule for filesystem-triage seed 1 ends one
 *   step later). Given in the wrong order, the first request also waits past jobs that ended
 *   before it.
 * - Tasks have no wait for the first of several: `wait_for_jobs` mode any on several ids waits
 *   for the first id given (a valid answer, though not always the earliest end).
 * - A poll that finds a task ended needs a second request (tasks/result) for its result.
 * The server's errors come back as JSON-RPC errors that carry the code; they are turned back
 * into tool errors with that code.
 */
export function tasksAgentTools(client: Client): AgentTools {
  const plain = agentTools(client);
  const tasks = client.experimental.tasks;
  const options = { timeout: REQUEST_TIMEOUT_MS };
  let scenarioTools: Promise<ReadonlySet<string>> | undefined;
  const taskTools = () => {
    scenarioTools ??= client
      .listTools()
      .then(
        ({ tools }) =>
          new Set(
            tools
              .filter(
                (t) => t.execution?.taskSupport !== undefined && t.execution.taskSupport !== "forbidden",
              )
              .map((t) => t.name),
          ),
      );
    return scenarioTools;
  };
  const toolOf = new Map<string, string>();
  const result = async (taskId: string) =>
    (await tasks.getTaskResult(taskId, CallToolResultSchema, options)) as CallToolResult;

  return {
    async call(name, args) {
      try {
        if ((await taskTools()).has(name)) {
          const created = await client.request(
            { method: "tools/call", params: { name, arguments: args, task: {} } },
            CreateTaskResultSchema,
            options,
          );
          toolOf.set(created.task.taskId, name);
          if (created.task.status === "working") return ok(handleOf(created.task, name));
          // Ended at once: its result is the handle.
          return ok((await result(created.task.taskId)).structuredContent as Record<string, JsonValue>);
        }
        switch (name) {
          case "check_job": {
            const id = String(args.job_id);
            const task = await tasks.getTask(id, options);
            if (task.status === "working" || task.status === "input_required")
              return ok({ job: handleOf(task, toolOf.get(id) ?? "") });
            return ok({ job: (await result(id)).structuredContent as JsonValue });
          }
          case "wait_for_jobs": {
            const given = Array.isArray(args.job_ids) ? args.job_ids.map(String) : [];
            const ids = args.mode === "all" ? given : given.slice(0, 1);
            const jobs: JsonValue[] = [];
            for (const id of ids) jobs.push((await result(id)).structuredContent as JsonValue);
            return ok({ jobs, timed_out: false });
          }
          case "cancel_job": {
            const id = String(args.job_id);
            return ok({ job: handleOf(await tasks.cancelTask(id, options), toolOf.get(id) ?? "") });
          }
          case "list_jobs": {
            const { tasks: listed } = await tasks.listTasks(undefined, options);
            return ok({ jobs: listed.map((t) => handleOf(t, toolOf.get(t.taskId) ?? "")) });
          }
          default:
            return await plain.call(name, args);
        }
      } catch (error) {
        if (!(error instanceof McpError)) throw error;
        const code = (error.data as { code?: string } | undefined)?.code;
        return { isError: true, structured: undefined, text: error.message, code };
      }
    },
  };
}

function ok(structured: Record<string, JsonValue>): ToolReply {
  return { isError: false, structured, text: "", code: undefined };
}

/**
 * What a task says of its job. No times: a task's are dates, and the agents do without (they
 * count steps from their own calls). A task that failed says why in its status message.
 */
function handleOf(task: Task, tool: string): Record<string, JsonValue> {
  return {
    job_id: task.taskId,
    tool,
    status: task.status === "input_required" ? "working" : task.status,
    ...(task.statusMessage ? { message: task.statusMessage } : {}),
  };
}
