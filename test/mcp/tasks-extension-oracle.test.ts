import { join } from "node:path";
import { createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import type { AgentTools, ToolReply } from "../../src/agents/agent-tools.js";
import { runAgent } from "../../src/agents/index.js";
import type { JsonValue } from "../../src/json.js";
import { EpisodeSession } from "../../src/mcp/episode-session.js";
import { createModernEpisodeServer } from "../../src/mcp/modern-server.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { exampleScenariosDir } from "../../src/paths.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { modernRequest } from "../helpers/modern-request.js";

/**
 * The oracle played through the Tasks extension of 2026-07-28 (SEP-2663) against the v2
 * server's own request handler, in memory: the extension has no blocking request (no
 * tasks/result), so a wait is tasks/get polls, one step each in the step clock, which reach the
 * job's end when the wait would have. The makespan is the clock, so it is the same.
 */

function episode(scenario: Scenario, mode: "async" | "tasks") {
  const session = new EpisodeSession({
    scenario,
    seed: 1,
    mode,
    clock: "step",
    recordingsDir: null,
    server: { name: "asynctool-mcp", version: "test" },
    sessionId: `oracle-${mode}`,
  });
  const handler = createMcpHandler(() => createModernEpisodeServer(session), { legacy: "reject" });
  const recording = () => (session.sink as MemoryRecordingWriter).recording();
  return { session, handler, recording };
}

type Rpc = (method: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Requests of the modern era to the handler; `declare` names the extension on each. */
function rpcOf(handler: McpHttpHandler, declare: boolean): Rpc {
  let id = 1;
  return async (method, params) => {
    const response = await handler.fetch(
      new Request(
        "http://127.0.0.1/mcp",
        modernRequest(id++, method, params, { client: "tasks-oracle", declareTasks: declare }),
      ),
    );
    const text = await response.text();
    const json = text.startsWith("{") ? text : (/^data: (.*)$/m.exec(text)?.[1] ?? "{}");
    const body = JSON.parse(json) as { result?: Record<string, unknown>; error?: unknown };
    if (!body.result) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.result;
  };
}

function replyOf(result: Record<string, unknown>): ToolReply {
  const content = (result.content as { type: string; text?: string }[] | undefined) ?? [];
  return {
    isError: result.isError === true,
    structured: result.structuredContent as Record<string, unknown> | undefined,
    text: content.map((c) => c.text ?? "").join("\n"),
    code: (
      (result._meta as Record<string, unknown> | undefined)?.["asynctool/error"] as
        | { code?: string }
        | undefined
    )?.code,
  };
}

/** The job tools as plain tools/calls (the async baseline). */
function jobTools(rpc: Rpc): AgentTools {
  return { call: async (name, args) => replyOf(await rpc("tools/call", { name, arguments: args })) };
}

/**
 * The agents' tools through the extension: a scenario tool's task, check_job as tasks/get,
 * wait_for_jobs (mode all) as tasks/get polls of each job until it ends, in the order the jobs
 * end (`endOf`: the oracle knows the latencies), cancel_job as tasks/cancel.
 */
function extensionTools(
  rpc: Rpc,
  plain: Rpc,
  scenarioTools: ReadonlySet<string>,
  endOf: (id: string) => number,
): AgentTools {
  const toolOf = new Map<string, string>();
  const ok = (structured: Record<string, JsonValue>): ToolReply => ({
    isError: false,
    structured,
    text: "",
    code: undefined,
  });
  /** The job's handle once its task has ended (the inlined result is the call's own result). */
  const ended = async (taskId: string): Promise<JsonValue> => {
    for (;;) {
      const task = await rpc("tasks/get", { taskId });
      if (task.status !== "working")
        return (
          (task.result as { structuredContent: JsonValue } | undefined)?.structuredContent ?? {
            job_id: taskId,
            status: String(task.status),
          }
        );
    }
  };
  return {
    async call(name, args) {
      if (scenarioTools.has(name)) {
        const result = await rpc("tools/call", { name, arguments: args });
        if (result.resultType !== "task") return replyOf(result);
        toolOf.set(String(result.taskId), name);
        return ok({ job_id: String(result.taskId), tool: name, status: "working" });
      }
      switch (name) {
        case "check_job": {
          const taskId = String(args.job_id);
          const task = await rpc("tasks/get", { taskId });
          if (task.status === "working")
            return ok({ job: { job_id: taskId, tool: toolOf.get(taskId) ?? "", status: "working" } });
          return ok({ job: (task.result as { structuredContent: JsonValue }).structuredContent });
        }
        case "wait_for_jobs": {
          const ids = (args.job_ids as string[] | undefined) ?? [];
          if (ids.length === 0 || (ids.length > 1 && args.mode !== "all"))
            throw new Error(`wait_for_jobs ${JSON.stringify(args)} has no Tasks equivalent here`);
          const handles = new Map<string, JsonValue>();
          for (const taskId of [...ids].sort((a, b) => endOf(a) - endOf(b)))
            handles.set(taskId, await ended(taskId));
          return ok({ jobs: ids.map((taskId) => handles.get(taskId) ?? null), timed_out: false });
        }
        case "cancel_job": {
          await rpc("tasks/cancel", { taskId: String(args.job_id) });
          return ok({ job: { job_id: String(args.job_id), status: "cancelled" } });
        }
        default:
          return replyOf(await plain("tools/call", { name, arguments: args }));
      }
    },
  };
}

describe("the oracle through the Tasks extension (2026-07-28)", () => {
  // As through the 2025 Tasks (test/mcp/tasks-mode.test.ts): where the best schedule collects
  // two jobs that end at the same tick with one wait_for_jobs (filesystem-triage, seed 1), the
  // second job takes one tasks/get more, one step later. Elsewhere the extension meets M*.
  it.each([
    ["weather-and-rates", 0],
    ["travel-and-files", 0],
    ["filesystem-triage", 1],
  ])("reaches the makespan it reaches through job handles (%s, step clock; +%i)", async (id, extra) => {
    const scenario = await loadScenarioFile(join(exampleScenariosDir, `${id}.yaml`));
    const run = { scenario, seed: 1, mode: "async" as const, clock: "step" as const };
    const handles = episode(scenario, "async");
    await runAgent("oracle", jobTools(rpcOf(handles.handler, false)), run);
    const tasks = episode(scenario, "tasks");
    const endOf = (taskId: string) => tasks.session.episode.job(taskId).endsAt;
    const viaExtension = extensionTools(
      rpcOf(tasks.handler, true),
      rpcOf(tasks.handler, false),
      new Set(scenario.tools.keys()),
      endOf,
    );
    await runAgent("oracle", viaExtension, { ...run, mode: "tasks" });
    const viaHandles = computeMetrics(scenario, handles.recording());
    const viaTasks = computeMetrics(scenario, tasks.recording());
    expect(viaHandles.episodeSuccess).toBe(true);
    expect(viaTasks.episodeSuccess).toBe(true);
    expect(viaHandles.makespan).toBe(viaHandles.bestMakespan);
    expect(viaTasks.bestMakespan).toBe(viaHandles.bestMakespan);
    expect(viaTasks.makespan).toBe((viaHandles.makespan ?? 0) + extra);
    // The waits became polls: the async run waited, the extension's run has no wait to make.
    expect(handles.recording().events.some((e) => e.type === "request" && e.tool === "wait_for_jobs")).toBe(
      true,
    );
    expect(tasks.recording().events.some((e) => e.type === "request" && e.tool === "wait_for_jobs")).toBe(
      false,
    );
    await Promise.all([handles.handler.close(), tasks.handler.close()]);
  });
});
