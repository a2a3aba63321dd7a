import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type CallToolResult, CallToolResultSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/compute.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { loadScenarioFile } from "../../src/scenarios/loader.js";
import { ChildStdioTransport, endAndWaitForExit } from "../helpers/child-stdio-transport.js";
import { cliPath } from "../helpers/cli-process.js";

/** Runs a tool as a task with the SDK's callToolStream; returns the task id and the tool's result. */
async function runAsTask(client: Client, name: string, args: Record<string, unknown>) {
  let taskId = "";
  const statuses: string[] = [];
  for await (const message of client.experimental.tasks.callToolStream(
    { name, arguments: args },
    CallToolResultSchema,
  )) {
    if (message.type === "taskCreated") taskId = message.task.taskId;
    if (message.type === "taskStatus") statuses.push(message.task.status);
    if (message.type === "error") throw message.error;
    if (message.type === "result") {
      const result = message.result as CallToolResult;
      return {
        taskId,
        statuses,
        result: (result.structuredContent as { result: Record<string, unknown> }).result,
      };
    }
  }
  throw new Error(`${name}: the stream ended without a result`);
}

describe("asynctool serve --mode tasks over stdio, with the SDK's client", () => {
  it("plays an example episode through Tasks; lists and cancels; a task of the ended episode is MCP_TASK_NOT_FOUND", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-tasks-"));
    const file = join(exampleScenariosDir, "weather-and-rates.yaml");
    const child = spawn(
      process.execPath,
      [
        cliPath,
        "serve",
        "--scenario",
        file,
        "--mode",
        "tasks",
        "--clock",
        "step",
        "--recordings",
        dir,
        "--log-level",
        "warn",
      ],
      { stdio: "pipe" },
    );
    const client = new Client({ name: "tasks-e2e", version: "1" });
    await client.connect(new ChildStdioTransport(child));
    expect(client.getServerCapabilities()?.tasks?.requests?.tools?.call).toEqual({});
    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === "get_weather")?.execution?.taskSupport).toBe("optional");

    const paris = await runAsTask(client, "get_weather", { city: "Paris" });
    expect(paris.statuses).toContain("working");
    expect(paris.statuses.at(-1)).toBe("completed");
    const rome = await runAsTask(client, "get_weather", { city: "Rome" });
    const warmer =
      (rome.result.temperature_c as number) > (paris.result.temperature_c as number) ? "Rome" : "Paris";
    await client.callTool({ name: "submit_answer", arguments: { task_id: "warmer", answer: warmer } });
    // An extra job, cancelled through Tasks, and listed.
    const extra = await client.experimental.tasks
      .callToolStream({ name: "get_weather", arguments: { city: "Oslo" } })
      .next();
    const oslo = extra.value?.type === "taskCreated" ? extra.value.task.taskId : "";
    expect((await client.experimental.tasks.cancelTask(oslo)).status).toBe("cancelled");
    const { tasks } = await client.experimental.tasks.listTasks();
    expect(tasks.map((t) => [t.taskId, t.status])).toEqual([
      [paris.taskId, "completed"],
      [rome.taskId, "completed"],
      [oslo, "cancelled"],
    ]);
    const rate = await runAsTask(client, "get_exchange_rate", { from: "USD", to: "EUR" });
    const product = await runAsTask(client, "multiply", { a: 250, b: rate.result.rate });
    await client.callTool({
      name: "submit_answer",
      arguments: { task_id: "price", answer: String(product.result.product) },
    });

    // The episode is over; over stdio the next request begins the next one, where the old task is unknown.
    const error = await client.experimental.tasks.getTask(paris.taskId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(-32602);
    expect((error as McpError).message).toMatch(
      /\[MCP_TASK_NOT_FOUND\] No task "[^"]+" in this episode\. It was created in an earlier episode of this connection, which has ended: its tasks ended with it\. Use the taskId of a task this episode created/,
    );

    await client.close();
    expect(await endAndWaitForExit(child)).toBe(0);
    const recordings = await Promise.all(
      readdirSync(dir)
        .filter((name) => name.endsWith(".jsonl"))
        .map((name) => readRecording(join(dir, name))),
    );
    recordings.sort((a, b) => a.header.seed - b.header.seed);
    const [first, second] = recordings;
    expect(first?.header.mode).toBe("tasks");
    expect(first?.end?.status).toBe("completed");
    const scenario = await loadScenarioFile(file);
    const metrics = computeMetrics(scenario, first as NonNullable<typeof first>);
    expect(metrics.episodeSuccess).toBe(true);
    expect(metrics.polls).toBeGreaterThan(0);
    const via = first?.events.flatMap((e) => (e.type === "request" && e.via === "tasks" ? [e.tool] : []));
    expect(new Set(via)).toEqual(
      new Set([
        "get_weather",
        "get_exchange_rate",
        "multiply",
        "check_job",
        "wait_for_jobs",
        "cancel_job",
        "list_jobs",
      ]),
    );
    // The refused tasks/get is the next episode's first call, recorded with its code.
    expect(second?.events.find((e) => e.type === "response")).toMatchObject({
      isError: true,
      code: "MCP_TASK_NOT_FOUND",
    });
  });
});
