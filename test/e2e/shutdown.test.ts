import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it } from "vitest";
import { readRecording } from "../../src/recorder/reader.js";
import { startHttpCli, stopProcess } from "../helpers/cli-process.js";

describe("shutting the server down", () => {
  it("on SIGTERM closes every open episode as interrupted and exits 0 within 5 s", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-sigterm-"));
    const server = await startHttpCli(["--recordings", dir, "--clock", "wall", "--log-level", "warn"]);
    for (let i = 0; i < 3; i++) {
      const client = new Client({ name: `client-${i}`, version: "1" });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      await client.callTool({
        name: "search_flights",
        arguments: { from: "SFO", to: "JFK", date: "2026-12-03" },
      });
    }
    const started = performance.now();
    expect(await stopProcess(server.child, "SIGTERM")).toBe(0);
    expect(performance.now() - started).toBeLessThan(5_000);
    const files = readdirSync(dir);
    expect(files).toHaveLength(3);
    for (const file of files) {
      const recording = await readRecording(join(dir, file));
      expect(recording.truncated).toBe(false);
      expect(recording.end).toMatchObject({ status: "interrupted" });
    }
  });
});
