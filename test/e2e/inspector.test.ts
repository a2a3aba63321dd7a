import { mkdtempSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { cliPath, startHttpCli, stopProcess } from "../helpers/cli-process.js";
import { inspector, toolCall } from "../helpers/inspector.js";
import { expectTwoLookupsRecording } from "../helpers/two-lookups-session.js";

const scenarioFile = join(packageRoot, "test", "fixtures", "scenarios", "two-lookups.yaml");

const exitReportingServer = join(packageRoot, "test", "helpers", "exit-reporting-server.mjs");

/**
 * A Unix socket that exit-reporting-server.mjs connects to for each server it starts: the
 * connection closes when that server process has exited, whatever the client did to the wrapper.
 */
async function watchExits() {
  const socketPath = join(mkdtempSync(join(tmpdir(), "asynctool-exits-")), "exits.sock");
  let exited = 0;
  let waiters: (() => void)[] = [];
  const server = createServer((connection) => {
    connection.resume();
    connection.once("close", () => {
      exited += 1;
      const due = waiters;
      waiters = [];
      for (const wake of due) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    /** Resolves once n servers have exited. */
    untilExited(n: number): Promise<void> {
      return new Promise((resolve) => {
        const check = () => (exited >= n ? resolve() : waiters.push(check));
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function recordingsIn(dir: string) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort();
  return Promise.all(files.map((f) => readRecording(join(dir, f))));
}

describe("the MCP Inspector's CLI as a client", () => {
  // Each Inspector call is a fresh Node process: allow time for a dozen of them on a busy machine.
  it("over stdio: lists tools, starts a job, reads the brief and gets a tool error (one connection each)", {
    timeout: 300_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-inspector-stdio-"));
    const exits = await watchExits();
    // The Inspector starts the server through a wrapper that tells the test when the server
    // process has exited by itself, so the recordings are read only once each is complete. The
    // server's command comes after `--`: the Inspector would take its --log-level as its own.
    const server = [
      process.execPath,
      exitReportingServer,
      exits.socketPath,
      process.execPath,
      cliPath,
      "serve",
      "--scenario",
      scenarioFile,
      "--recordings",
      dir,
      "--log-level",
      "warn",
    ];
    const listed = await inspector(["--method", "tools/list", "--", ...server]);
    expect((listed.tools as { name: string }[]).map((t) => t.name)).toEqual(
      expect.arrayContaining([
        "slow_lookup",
        "fast_lookup",
        "check_job",
        "wait_for_jobs",
        "cancel_job",
        "list_jobs",
        "submit_answer",
      ]),
    );
    const started = await inspector([...toolCall("slow_lookup", { key: "a" }), "--", ...server]);
    expect(started.structuredContent).toMatchObject({
      tool: "slow_lookup",
      status: "working",
      started_at: 1,
    });
    const brief = await inspector([...toolCall("list_tasks"), "--", ...server]);
    expect((brief.structuredContent as { tasks: { task_id: string }[] }).tasks.map((t) => t.task_id)).toEqual(
      ["slow", "fast"],
    );
    const error = await inspector([...toolCall("check_job", { job_id: "job_missing" }), "--", ...server]);
    expect(error.isError).toBe(true);
    expect(JSON.stringify(error.content)).toMatch(/JOB_NOT_FOUND/);
    await exits.untilExited(4);
    await exits.close();
    // Each connection was its own episode; the two with calls were recorded and closed cleanly.
    const recordings = await recordingsIn(dir);
    const withCalls = recordings.filter((r) => r.events.some((e) => e.type === "request"));
    expect(withCalls).toHaveLength(3);
    for (const recording of recordings) {
      expect(recording.truncated).toBe(false);
      expect(recording.end?.status).toBe("disconnected");
    }
  });

  it("over HTTP: works a whole episode, one connection per call, in a shared episode", {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-inspector-http-"));
    const server = await startHttpCli([
      "--scenario",
      scenarioFile,
      "--recordings",
      dir,
      "--shared-episode",
      "--log-level",
      "warn",
    ]);
    try {
      const target = [server.url, "--transport", "http"];
      const call = async (name: string, args: Record<string, unknown> = {}) => {
        const result = await inspector([...target, ...toolCall(name, args)]);
        expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
        return result.structuredContent as Record<string, unknown>;
      };
      const listed = await inspector([...target, "--method", "tools/list"]);
      expect((listed.tools as { name: string }[]).map((t) => t.name)).toContain("slow_lookup");
      const slow = (await call("slow_lookup", { key: "a" })).job_id as string;
      const fast = (await call("fast_lookup", { key: "b" })).job_id as string;
      const extra = (await call("slow_lookup", { key: "zzz" })).job_id as string;
      expect(((await call("cancel_job", { job_id: extra })).job as { status: string }).status).toBe(
        "cancelled",
      );
      const first = (await call("wait_for_jobs", { job_ids: [slow, fast], mode: "any" })).jobs as {
        status: string;
      }[];
      expect(first.map((j) => j.status)).toEqual(["working", "completed"]);
      const second = (await call("wait_for_jobs", { job_ids: [slow], mode: "all" })).jobs as {
        status: string;
        result: unknown;
      }[];
      expect(second[0]).toMatchObject({ status: "completed", result: { value: "slow-a" } });
      await call("submit_answer", { task_id: "fast", answer: "fast-b" });
      expect((await call("submit_answer", { task_id: "slow", answer: "slow-a" })).episode_over).toBe(true);
    } finally {
      expect(await stopProcess(server.child)).toBe(0);
    }
    const recordings = await recordingsIn(dir);
    expect(recordings).toHaveLength(1);
    expectTwoLookupsRecording(recordings[0] as (typeof recordings)[number], "inspector-cli");
  });
});
