import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { JobDirectory } from "../../src/mcp/job-directory.js";
import { httpServerPerTest } from "../helpers/raw-http.js";

const start = httpServerPerTest();

/** One call in a session of its own, as the Inspector's CLI makes every call. */
async function callOnce(url: string, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const client = new Client({ name: "per-call", version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  try {
    return (await client.callTool({ name, arguments: args })) as CallToolResult;
  } finally {
    await transport.terminateSession();
    await client.close();
  }
}

const text = (result: CallToolResult) =>
  result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
const flight = { from: "SFO", to: "JFK", date: "2026-12-03" };

describe("a client that connects once per call", () => {
  it("is told, when it asks for a job of an earlier session, that it needs --shared-episode", async () => {
    const { url } = await start();
    const started = await callOnce(url, "search_flights", flight);
    const jobId = (started.structuredContent as { job_id: string }).job_id;
    for (const [tool, args] of [
      ["check_job", { job_id: jobId }],
      ["cancel_job", { job_id: jobId }],
      ["wait_for_jobs", { job_ids: ["job_unknownunknownunknow", jobId] }],
    ] as const) {
      const answer = await callOnce(url, tool, args);
      expect(answer.isError).toBe(true);
      expect(answer._meta?.["asynctool/error"]).toMatchObject({ code: "JOB_NOT_FOUND" });
      expect(text(answer)).toContain(
        `No job "${jobId}" in this session: it was started in another MCP session`,
      );
      expect(text(answer)).toContain("--shared-episode");
    }
  });

  it("gets the plain JOB_NOT_FOUND for an id no session issued", async () => {
    const { url } = await start();
    const answer = await callOnce(url, "check_job", { job_id: "job_neverissuedneverissued" });
    expect(text(answer)).toMatch(
      /^\[JOB_NOT_FOUND\] No job "job_neverissuedneverissued" in this session\. Use/,
    );
    expect(text(answer)).not.toContain("--shared-episode");
  });

  it("reads its job from the earlier call with --shared-episode", async () => {
    const { url } = await start({ sharedEpisode: true });
    const started = await callOnce(url, "search_flights", flight);
    const jobId = (started.structuredContent as { job_id: string }).job_id;
    const checked = await callOnce(url, "check_job", { job_id: jobId });
    expect(checked.isError).toBeFalsy();
  });
});

describe("the job directory", () => {
  it("remembers the owners of the most recent jobs only", () => {
    const directory = new JobDirectory(2);
    directory.add("a", "s1");
    directory.add("b", "s2");
    directory.add("c", "s2");
    expect(directory.owner("a")).toBeUndefined();
    expect(directory.owner("b")).toBe("s2");
    expect(directory.owner("c")).toBe("s2");
  });
});
