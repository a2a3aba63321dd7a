import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  CreateTaskResultSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import type { AgentTools, ToolReply } from "../agents/agent-tools.js";
import type { McpToolInfo, TasksDriver } from "../agents/episode-connection.js";
import { replyOf } from "./sdk-tools.js";

/** How long a request may block: tasks/result waits for its job, and the server caps one wait. */
const REQUEST_TIMEOUT_MS = 120_000;

/**
 * The job tools a model does not see behind a Tasks driver: the driver does their work. The
 * episode's own tools (submit_answer, finish, list_tasks) stay, and so do the scenario tools.
 */
export const DRIVER_HIDDEN_TOOLS: ReadonlySet<string> = new Set([
  "check_job",
  "wait_for_jobs",
  "cancel_job",
  "list_jobs",
]);

/**
 * A client-side Tasks driver, the way agent frameworks drive a server that speaks MCP Tasks: a
 * call of a tool that may run as a task is sent as a task-augmented tools/call, and the driver
 * itself waits for the task's result (tasks/result) before it answers, so the model gets the
 * finished result as if the tool were synchronous and never sees a handle. Calls the model makes
 * in one turn run side by side (the runner makes them at once), so the framework overlaps what
 * the model asked for together, and nothing else: scheduling across turns is out of the model's
 * hands. Other tools are plain tools/call.
 *
 * On the server this is recorded as what it is: the scenario tool's call, then a wait_for_jobs
 * through Tasks (via "tasks") per task, so the same metrics score it.
 */
export function tasksDriver(client: Client): TasksDriver {
  const options = { timeout: REQUEST_TIMEOUT_MS };
  let listed: Promise<readonly McpToolInfo[]> | undefined;
  const taskTools = async () =>
    new Set((await listAll()).filter((t) => canRunAsTask(t as ListedTool)).map((t) => t.name));
  const listAll = () => {
    listed ??= client.listTools().then(({ tools }) => tools);
    return listed;
  };
  const tools: AgentTools = {
    async call(name, args) {
      try {
        if ((await taskTools()).has(name)) {
          const created = await client.request(
            { method: "tools/call", params: { name, arguments: args, task: {} } },
            CreateTaskResultSchema,
            options,
          );
          const result = (await client.experimental.tasks.getTaskResult(
            created.task.taskId,
            CallToolResultSchema,
            options,
          )) as CallToolResult;
          return replyOf(result);
        }
        const result = (await client.callTool(
          { name, arguments: args },
          undefined,
          options,
        )) as CallToolResult;
        return replyOf(result);
      } catch (error) {
        if (!(error instanceof McpError)) throw error;
        return errorReply(error);
      }
    },
  };
  return {
    tools,
    listTools: async () => (await listAll()).filter((t) => !DRIVER_HIDDEN_TOOLS.has(t.name)),
  };
}

interface ListedTool extends McpToolInfo {
  readonly execution?: { readonly taskSupport?: string };
}

function canRunAsTask(tool: ListedTool): boolean {
  const support = tool.execution?.taskSupport;
  return support !== undefined && support !== "forbidden";
}

/** A JSON-RPC error of a task request, given to the model as the tool error it stands for. */
function errorReply(error: McpError): ToolReply {
  const code = (error.data as { code?: string } | undefined)?.code;
  return { isError: true, structured: undefined, text: error.message, code };
}
