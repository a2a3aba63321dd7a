import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRecording } from "../../src/recorder/reader.js";
import { cliPath } from "../helpers/cli-process.js";

const messages = [
  {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "raw-stdio", version: "1" },
    },
  },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", id: 2, method: "tools/list" },
  {
    jsonrpc: "2.0",
    id: 3,
    method: "tools/call",
    params: { name: "search_flights", arguments: { from: "SFO", to: "JFK", date: "2026-12-03" } },
  },
  { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "search_flights", arguments: { from: 1 } } },
  { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "wait_for_jobs", arguments: {} } },
  { jsonrpc: "2.0", id: 6, method: "no/such/method" },
];

describe("stdio", () => {
  it("writes nothing but protocol messages to stdout, even with debug logging", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-stdout-"));
    const child = spawn(process.execPath, [cliPath, "serve", "--log-level", "debug", "--recordings", dir], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    // Send each message once the previous request is answered, then close stdin (the client leaves).
    for (const message of messages) {
      child.stdin.write(`${JSON.stringify(message)}\n`);
      if ("id" in message) {
        await new Promise<void>((resolve) => {
          const check = () => {
            if (stdout.includes(`"id":${message.id}`)) {
              child.stdout.off("data", check);
              resolve();
            }
          };
          child.stdout.on("data", check);
          check();
        });
      }
    }
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    const lines = stdout.split("\n").filter((line) => line !== "");
    expect(lines.length).toBe(6); // one response per request
    for (const line of lines) {
      const parsed = JSON.parse(line);
      expect(parsed.jsonrpc).toBe("2.0");
      expect("result" in parsed || "error" in parsed || "method" in parsed).toBe(true);
    }
    expect(JSON.parse(lines[5] as string).error.code).toBe(-32601);
    expect(stderr).toMatch(/episode started/); // the logs went to stderr
    const [file] = readdirSync(dir);
    const recording = await readRecording(join(dir, file as string));
    expect(recording.end?.status).toBe("disconnected");
    expect(recording.header.client).toEqual({ name: "raw-stdio", version: "1" });
  });
});
