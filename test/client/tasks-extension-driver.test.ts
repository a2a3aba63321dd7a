import { describe, expect, it } from "vitest";
import { type JsonRecord, type ModernRpc, ModernRpcError } from "../../src/client/modern-rpc.js";
import { tasksExtensionDriver } from "../../src/client/tasks-extension-driver.js";

/** A scripted server: each request answered by the next entry for its method (an Error is thrown). */
function scripted(answers: Record<string, (JsonRecord | Error)[]>) {
  const sent: { method: string; params: JsonRecord; tasks: boolean }[] = [];
  const rpc: ModernRpc = async (method, params, options = {}) => {
    sent.push({ method, params, tasks: options.tasks === true });
    const next = answers[method]?.shift();
    if (!next) throw new Error(`unscripted ${method}`);
    if (next instanceof Error) throw next;
    return next;
  };
  return { rpc, sent };
}

const handle = { job_id: "j1", tool: "get_weather", status: "completed", result: { temp: 20 } };
const toolResult = { content: [{ type: "text", text: "j1 completed: temp 20" }], structuredContent: handle };

describe("the Tasks driver of the 2026-07-28 era (eval --tasks-driver --era 2026-07-28)", () => {
  it("polls tasks/get itself, waiting each pollIntervalMs, and hands over the ended task's result", async () => {
    const { rpc, sent } = scripted({
      "tools/call": [{ resultType: "task", taskId: "j1", status: "working", pollIntervalMs: 40 }],
      "tasks/get": [
        { taskId: "j1", status: "working", pollIntervalMs: 25 },
        { taskId: "j1", status: "completed", result: toolResult },
      ],
    });
    const slept: number[] = [];
    const driver = tasksExtensionDriver(rpc, async (ms) => {
      slept.push(ms);
    });
    const reply = await driver.tools.call("get_weather", { city: "Paris" });
    expect(reply).toEqual({
      isError: false,
      structured: handle,
      text: "j1 completed: temp 20",
      code: undefined,
    });
    expect(slept).toEqual([40, 25]);
    expect(sent.map((s) => [s.method, s.tasks])).toEqual([
      ["tools/call", true],
      ["tasks/get", true],
      ["tasks/get", true],
    ]);
    expect(sent[1]?.params).toEqual({ taskId: "j1" });
  });

  it("polls at once where the server gives no interval (the step clock)", async () => {
    const { rpc } = scripted({
      "tools/call": [{ resultType: "task", taskId: "j1", status: "working" }],
      "tasks/get": [
        { taskId: "j1", status: "working" },
        { taskId: "j1", status: "working" },
        { taskId: "j1", status: "completed", result: toolResult },
      ],
    });
    const slept: number[] = [];
    const reply = await tasksExtensionDriver(rpc, async (ms) => {
      slept.push(ms);
    }).tools.call("get_weather", {});
    expect(reply.structured).toEqual(handle);
    expect(slept).toEqual([]);
  });

  it("hands over a result given at once, a tool error in a completed task, and an abandoned task's error", async () => {
    const failedHandle = { job_id: "j2", tool: "get_weather", status: "failed" };
    const { rpc } = scripted({
      "tools/call": [
        toolResult,
        { resultType: "task", taskId: "j2", status: "working" },
        { resultType: "task", taskId: "j3", status: "working" },
      ],
      "tasks/get": [
        {
          taskId: "j2",
          status: "completed",
          result: {
            content: [{ type: "text", text: "[UPSTREAM_TIMEOUT] slow" }],
            structuredContent: failedHandle,
            isError: true,
            _meta: { "asynctool/error": { code: "UPSTREAM_TIMEOUT", retryable: true } },
          },
        },
        {
          taskId: "j3",
          status: "failed",
          error: {
            code: -32603,
            message: "[JOB_EXPIRED] gone",
            data: { code: "JOB_EXPIRED", retryable: false },
          },
        },
      ],
    });
    const driver = tasksExtensionDriver(rpc, async () => {});
    expect((await driver.tools.call("get_weather", {})).structured).toEqual(handle);
    expect(await driver.tools.call("get_weather", {})).toMatchObject({
      isError: true,
      code: "UPSTREAM_TIMEOUT",
      structured: failedHandle,
    });
    expect(await driver.tools.call("get_weather", {})).toEqual({
      isError: true,
      structured: undefined,
      text: "[JOB_EXPIRED] gone",
      code: "JOB_EXPIRED",
    });
  });

  it("turns a JSON-RPC error into a tool error with our code; a lost server is thrown", async () => {
    const { rpc } = scripted({
      "tools/call": [
        { resultType: "task", taskId: "j1", status: "working" },
        new Error("the server process exited (code 1)"),
      ],
      "tasks/get": [
        new ModernRpcError(-32600, "[EPISODE_OVER] This episode has ended.", { code: "EPISODE_OVER" }),
      ],
    });
    const driver = tasksExtensionDriver(rpc, async () => {});
    expect(await driver.tools.call("get_weather", {})).toMatchObject({ isError: true, code: "EPISODE_OVER" });
    await expect(driver.tools.call("get_weather", {})).rejects.toThrow(/exited/);
  });

  it("polls the tasks of one turn in turn, one tasks/get at a time", async () => {
    let inFlight = 0;
    let most = 0;
    const polled: string[] = [];
    const left: Record<string, number> = { j1: 2, j2: 1 };
    const rpc: ModernRpc = async (method, params) => {
      if (method === "tools/call") {
        const taskId = (params.arguments as { id: string }).id;
        return { resultType: "task", taskId, status: "working" };
      }
      const taskId = String(params.taskId);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      polled.push(taskId);
      left[taskId] = (left[taskId] ?? 0) - 1;
      return (left[taskId] ?? 0) > 0
        ? { taskId, status: "working" }
        : { taskId, status: "completed", result: { content: [], structuredContent: { job_id: taskId } } };
    };
    const driver = tasksExtensionDriver(rpc, async () => {});
    const replies = await Promise.all([
      driver.tools.call("fetch", { id: "j1" }),
      driver.tools.call("fetch", { id: "j2" }),
    ]);
    expect(replies.map((r) => r.structured)).toEqual([{ job_id: "j1" }, { job_id: "j2" }]);
    expect(most).toBe(1);
    expect(polled).toEqual(["j1", "j2", "j1"]);
  });

  it("lists the tools without the job tools", async () => {
    const names = ["get_weather", "check_job", "wait_for_jobs", "cancel_job", "list_jobs", "submit_answer"];
    const { rpc } = scripted({ "tools/list": [{ tools: names.map((name) => ({ name, inputSchema: {} })) }] });
    const listed = await tasksExtensionDriver(rpc).listTools();
    expect(listed.map((t) => t.name)).toEqual(["get_weather", "submit_answer"]);
  });
});
