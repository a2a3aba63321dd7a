import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { readRecording } from "../../src/recorder/reader.js";
import { cliPath, startHttpCli, stopProcess } from "../helpers/cli-process.js";

const run = promisify(execFile);

describe("a server killed with SIGKILL mid-session", () => {
  it("has every acknowledged event in its recording, which report still scores", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-sigkill-"));
    const server = await startHttpCli(["--recordings", dir, "--log-level", "warn"]);
    const client = new Client({ name: "sigkill-test", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    const acknowledged: string[] = [];
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      acknowledged.push(name);
      return result;
    };
    const search = await call("search_flights", { from: "SFO", to: "JFK", date: "2026-12-03" });
    const jobId = (search.structuredContent as { job_id: string }).job_id;
    await call("compress", { src: "/reports/nov.csv", dest: "/archive/nov.atz" });
    await call("wait_for_jobs", { job_ids: [jobId] });
    await call("check_job", { job_id: jobId });
    await call("submit_answer", { task_id: "hotel", answer: "not yet" });
    expect(await stopProcess(server.child, "SIGKILL")).toBeNull();

    const [file] = readdirSync(dir);
    const recording = await readRecording(join(dir, file as string));
    expect(recording.truncated).toBe(true);
    const requests = recording.events.flatMap((e) => (e.type === "request" ? [e.tool] : []));
    const responses = recording.events.filter((e) => e.type === "response");
    expect(requests).toEqual(acknowledged);
    expect(responses).toHaveLength(acknowledged.length);
    expect(
      recording.events.some((e) => e.type === "job" && e.job === jobId && e.status === "completed"),
    ).toBe(true);

    const { stdout } = await run(process.execPath, [cliPath, "report", join(dir, file as string), "--json"]);
    const report = JSON.parse(stdout) as { end: { status: string | null; truncated: boolean } };
    // Scored as ended at its last event: no end status, cut short.
    expect(report.end).toMatchObject({ status: null, truncated: true });
  });
});
