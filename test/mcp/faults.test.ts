import fs, { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { readRecording } from "../../src/recorder/reader.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { connectInMemory, textOf } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";

async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("faults the server survives", () => {
  it.each(["wait_for_jobs", "sync call"])(
    "a client that disconnects during a %s: the episode closes as disconnected and frees its timers",
    async (kind) => {
      const real = new FakeRealTime();
      const { client, call, server } = await connectInMemory({
        scenario: declaredScenario(),
        clock: "wall",
        realTime: real,
        ...(kind === "sync call" ? { mode: "sync" as const } : {}),
      });
      let blocked: Promise<unknown>;
      if (kind === "sync call") {
        blocked = call("fetch", { key: "a" }).catch((e) => e);
      } else {
        const job = (await call("fetch", { key: "a" })).structuredContent as { job_id: string };
        blocked = call("wait_for_jobs", { job_ids: [job.job_id] }).catch((e) => e);
      }
      await settle();
      expect(real.timerCount).toBeGreaterThan(0);
      await client.close();
      await settle();
      await blocked;
      const recording = (server.session.sink as MemoryRecordingWriter).recording();
      expect(recording.end).toMatchObject({ status: "disconnected" });
      expect(real.timerCount).toBe(0);
    },
  );

  it("a recording that cannot be written ends that episode as error, telling the agent, while other sessions go on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "asynctool-full-"));
    const broken = await connectInMemory({
      scenario: declaredScenario(),
      recordingsDir: dir,
      sessionId: "broken",
    });
    const healthy = await connectInMemory({
      scenario: declaredScenario(),
      recordingsDir: dir,
      sessionId: "healthy",
    });
    await broken.call("list_tasks");
    await healthy.call("list_tasks");
    const realWrite = fs.writeSync;
    vi.spyOn(fs, "writeSync").mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      const text =
        typeof data === "string"
          ? data
          : ArrayBuffer.isView(data)
            ? Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString()
            : "";
      if (text.includes("disk-full-now")) {
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }
      return (realWrite as (...a: unknown[]) => number)(fd, data, ...rest);
    }) as typeof fs.writeSync);
    const refused = await broken.call("fetch", { key: "disk-full-now" });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^\[RECORDING_WRITE\] .*no space left/i);
    expect(textOf(await broken.call("list_tasks"))).toMatch(
      /^\[EPISODE_OVER\] This episode has ended \(error\)/,
    );
    vi.restoreAllMocks();
    const fine = await healthy.call("fetch", { key: "a" });
    expect(fine.isError).toBeFalsy();
    await healthy.client.close();
    const recordings = await Promise.all(readdirSync(dir).map((f) => readRecording(join(dir, f))));
    const bySession = Object.fromEntries(recordings.map((r) => [r.header.session, r]));
    // The broken log has no end line (the disk was full): it reads as cut short, with everything acknowledged.
    expect(bySession.broken?.truncated).toBe(true);
    expect(bySession.broken?.events.filter((e) => e.type === "request")).toHaveLength(1);
    expect(bySession.healthy?.end).toMatchObject({ status: "disconnected" });
  });

  it("expires a job past its time-to-live and says so to the agent", async () => {
    const { call } = await connectInMemory({ scenario: declaredScenario({ limits: { jobTtl: 2 } }) });
    const job = (await call("fetch", { key: "a" })).structuredContent as { job_id: string }; // latency 3 > ttl 2
    const waited = await call("wait_for_jobs", { job_ids: [job.job_id] });
    expect(waited.structuredContent).toMatchObject({
      jobs: [{ status: "expired", error: { code: "JOB_EXPIRED", retryable: true } }],
    });
    expect(textOf(waited)).toMatch(/expired: \[JOB_EXPIRED\] fetch did not finish within its time limit/);
  });
});
