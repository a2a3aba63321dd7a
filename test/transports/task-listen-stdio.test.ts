import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { exampleScenariosDir } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { serveStdio } from "../../src/transports/stdio.js";
import { modernParams } from "../helpers/modern-request.js";

/**
 * A listen on tasks over stdio in the modern era: served ahead of the SDK's stdio entry, its
 * acknowledgement, notifications and result written as lines of their own.
 */

describe("subscriptions/listen on tasks over stdio", () => {
  it("acknowledges, notifies the task's end with its result, and answers the listen", async () => {
    const scenario = (await Catalogue.load([exampleScenariosDir])).get("weather-and-rates");
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const server = await serveStdio({
      scenario,
      seed: 1,
      mode: "tasks",
      clock: "step",
      recordingsDir: null,
      server: { name: "asynctool-mcp", version: "test" },
      stdin,
      stdout,
    });
    const lines: Record<string, unknown>[] = [];
    const waiting: { id: number; resolve: () => void }[] = [];
    let buffered = "";
    stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
        const message = JSON.parse(buffered.slice(0, end)) as Record<string, unknown>;
        buffered = buffered.slice(end + 1);
        lines.push(message);
        for (const w of waiting.filter((w) => w.id === message.id)) w.resolve();
      }
    });
    let nextId = 1;
    const send = (method: string, params: Record<string, unknown>, declare = true) => {
      const id = nextId++;
      const answered = new Promise<void>((resolve) => waiting.push({ id, resolve }));
      stdin.write(
        `${JSON.stringify({ jsonrpc: "2.0", id, method, params: modernParams(params, { client: "stdio-listener", declareTasks: declare }) })}\n`,
      );
      return answered.then(() => lines.find((m) => m.id === id) as Record<string, unknown>);
    };

    const created = await send("tools/call", { name: "get_weather", arguments: { city: "Paris" } });
    const taskId = (created.result as { taskId: string }).taskId;
    expect(typeof taskId).toBe("string");
    const before = lines.length;
    const listened = await send("subscriptions/listen", { notifications: { taskIds: [taskId] } });
    const stream = lines.slice(before);
    expect(stream.map((m) => m.method ?? "answer")).toEqual([
      "notifications/subscriptions/acknowledged",
      "notifications/tasks",
      "answer",
    ]);
    expect(stream[1]?.params).toMatchObject({
      taskId,
      status: "completed",
      result: { structuredContent: { status: "completed" } },
      _meta: { "io.modelcontextprotocol/subscriptionId": listened.id },
    });
    expect(listened.result).toMatchObject({ resultType: "complete" });

    // Without the extension declared: the missing-capability error, as on an episode URL.
    const refused = await send("subscriptions/listen", { notifications: { taskIds: [taskId] } }, false);
    expect(refused.error).toMatchObject({
      code: -32021,
      message: expect.stringMatching(/^\[MCP_TASKS_NOT_DECLARED\] /),
    });
    await server.close("disconnected", "the test is over");
  });
});
