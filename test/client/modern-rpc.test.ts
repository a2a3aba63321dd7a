import { describe, expect, it } from "vitest";
import { httpRpc, ModernRpcError, stdioRpc } from "../../src/client/modern-rpc.js";
import { httpServerPerTest } from "../helpers/raw-http.js";

/** The 2026-07-28 requester of `run --era 2026-07-28` against the real server, and its failures. */

const identity = { name: "rpc-test", version: "1" };
const start = httpServerPerTest();

describe("httpRpc on an episode URL", () => {
  it("speaks the era without a handshake, and brings back the server's JSON-RPC errors with their codes", async () => {
    const server = await start();
    const url = server.url.replace(/\/mcp$/, "/mcp/episodes/rpc-1?mode=tasks&clock=step");
    const rpc = httpRpc(url, identity);
    const { tools } = (await rpc("tools/list", {})) as { tools: { name: string }[] };
    expect(tools.map((t) => t.name)).toContain("wait_for_jobs");
    // tasks/* without the extension declared: the SDK's missing-capability error, our code in data.
    const refused = await rpc("tasks/get", { taskId: "j1" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ModernRpcError);
    expect(refused).toMatchObject({ rpcCode: -32021, data: { code: "MCP_TASKS_NOT_DECLARED" } });
    // Declared, an unknown task is the extension's invalid-params error.
    await expect(rpc("tasks/get", { taskId: "nope" }, { tasks: true })).rejects.toMatchObject({
      rpcCode: -32602,
      data: { code: "MCP_TASK_NOT_FOUND" },
    });
  });

  it("brings back an error the route answers before any episode (an id it cannot take)", async () => {
    const server = await start();
    const rpc = httpRpc(server.url.replace(/\/mcp$/, "/mcp/episodes/not%20an%20id"), identity);
    await expect(rpc("tools/list", {})).rejects.toMatchObject({
      rpcCode: -32602,
      message: expect.stringContaining("Create one with POST /episodes"),
    });
  });
});

describe("stdioRpc", () => {
  it("fails the requests of a server that exits, with its stderr", async () => {
    const child = stdioRpc(
      process.execPath,
      ["-e", "console.error('no server here'); process.exit(3)"],
      identity,
    );
    await expect(child.rpc("tools/list", {})).rejects.toThrow(/exited \(code 3\).*no server here/s);
    await child.close();
    await expect(child.rpc("tools/list", {})).rejects.toThrow(/exited/);
  });
});
