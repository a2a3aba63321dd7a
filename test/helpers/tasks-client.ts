import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  CreateTaskResultSchema,
  McpError,
  type Task,
} from "@modelcontextprotocol/sdk/types.js";
import type { AgentTools, ToolReply } from "../../src/agents/agent-tools.js";
import type { JsonValue } from "../../src/json.js";

/**
 * An agent's tools driven through MCP Tasks, the way a client that speaks Tasks would do each
 * thing: a scenario tool is a task-augmented tools/call, check_job is tasks/get (followed by
 * tasks/result when the task has ended: tasks/get carries no result), wait_for_jobs (mode all) is
 * one tasks/result per job, cancel_job is tasks/cancel, list_jobs is tasks/list. Everything else
 * (submit_answer, finish) is a plain tools/call. The replies are shaped as the job tools' answers,
 * so the reference agents run on it unchanged.
 *
 * tasks/result takes one task, so a wait for several jobs is several requests; in the step clock
 * each is a call, and the first one's wait moves the clock to its job's end before the next
 * arrives. `endOf` (an agent that knows the latencies, as the oracle does) lets them go in the
 * order the jobs end, so that no request waits past a job that has already ended.
 */
export function taskAgentTools(
  client: Client,
  scenarioTools: ReadonlySet<string>,
  endOf?: (taskId: string) => number,
): AgentTools {
  const toolOf = new Map<string, string>();
  const result = async (taskId: string) =>
    (await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema)) as CallToolResult;
  const guarded = async (run: () => Promise<ToolReply>): Promise<ToolReply> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof McpError)) throw error;
      const code = (error.data as { code?: string } | undefined)?.code;
      return { isError: true, structured: undefined, text: error.message, code };
    }
  };
  return {
    call(name, args) {
      return guarded(async () => {
        if (scenarioTools.has(name)) {
          const created = await client.request(
            { method: "tools/call", params: { name, arguments: args, task: { ttl: 60_000 } } },
            CreateTaskResultSchema,
          );
          toolOf.set(created.task.taskId, name);
          return ok(handleOfTask(created.task, name));
        }
        switch (name) {
          case "check_job": {
            const id = String(args.job_id);
            const task = await client.experimental.tasks.getTask(id);
            if (task.status === "working") return ok({ job: handleOfTask(task, toolOf.get(id) ?? "") });
            return ok({ job: (await result(id)).structuredContent as JsonValue });
          }
          case "wait_for_jobs": {
            const ids = (args.job_ids as string[] | undefined) ?? [];
            if (ids.length === 0 || (ids.length > 1 && args.mode !== "all"))
              throw new Error(`wait_for_jobs ${JSON.stringify(args)} has no Tasks equivalent here`);
            const ordered = endOf ? [...ids].sort((a, b) => endOf(a) - endOf(b)) : ids;
            const byId = new Map<string, CallToolResult>();
            for (const taskId of ordered) byId.set(taskId, await result(taskId));
            const results = ids.map((taskId) => byId.get(taskId) as CallToolResult);
            return ok({ jobs: results.map((r) => r.structuredContent as JsonValue), timed_out: false });
          }
          case "cancel_job": {
            const id = String(args.job_id);
            return ok({
              job: handleOfTask(await client.experimental.tasks.cancelTask(id), toolOf.get(id) ?? ""),
            });
          }
          case "list_jobs": {
            const { tasks } = await client.experimental.tasks.listTasks();
            return ok({ jobs: tasks.map((t) => ({ job_id: t.taskId, status: t.status })) });
          }
          default: {
            const reply = (await client.callTool({ name, arguments: args })) as CallToolResult;
            return {
              isError: reply.isError === true,
              structured: reply.structuredContent as Record<string, unknown> | undefined,
              text: reply.content.map((c) => (c.type === "text" ? c.text : "")).join("\n"),
              code: (reply._meta?.["asynctool/error"] as { code?: string } | undefined)?.code,
            };
          }
        }
      });
    },
  };
}

function ok(structured: Record<string, JsonValue>): ToolReply {
  return { isError: false, structured, text: "", code: undefined };
}

/** What a task says of its job (no times: a task's are dates, and the agents do without). */
function handleOfTask(task: Task, tool: string): Record<string, JsonValue> {
  return { job_id: task.taskId, tool, status: task.status };
}
