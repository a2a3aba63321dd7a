import fs, { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import type { SessionOptions } from "../../src/mcp/episode-session.js";
import { createEpisodeServer } from "../../src/mcp/server.js";
import { openRecordingWriter, type RecordingIo } from "../../src/recorder/writer.js";
import { declaredScenario } from "../helpers/scenarios.js";
import { tempDir, testHeader } from "./helpers.js";

const dir = tempDir();
let files = 0;

/** node:fs's writes, each also logged (its text) in `writes`, and every event in `log`. */
function countingIo(log: string[] = []) {
  const writes: string[] = [];
  const io: RecordingIo = {
    writeSync(fd: number, data: string | Uint8Array, offset?: number, length?: number) {
      const text = textOf(data, offset, length);
      writes.push(text);
      log.push(`write ${text}`);
      return realWrite(fd, data, offset, length);
    },
    fsync: (fd, callback) => fs.fsync(fd, callback),
    closeSync: (fd) => fs.closeSync(fd),
  };
  return { io, writes, log };
}

function sink(io: RecordingIo, groupCommit = true) {
  const path = join(dir, `sink-${++files}.jsonl`);
  const writer = openRecordingWriter({ path, header: testHeader(), episodeTime: () => 0, io, groupCommit });
  return { writer, path };
}

const note = (message: string) => ({ type: "note" as const, level: "info" as const, message });

/** How many times `run` schedules a turn of the event loop (`setImmediate`). */
function countImmediates(run: () => void): number {
  let immediates = 0;
  const counted = setImmediate;
  globalThis.setImmediate = ((...args: Parameters<typeof setImmediate>) => {
    immediates += 1;
    return counted(...args);
  }) as typeof setImmediate;
  try {
    run();
  } finally {
    globalThis.setImmediate = counted;
  }
  return immediates;
}

describe("group commit in the sink", () => {
  it("queues lines until flush, then writes them all, in seq order, with one write", () => {
    const { io, writes } = countingIo();
    const { writer, path } = sink(io);
    expect(writes).toHaveLength(1); // the header
    writer.write(note("a"));
    writer.write(note("b"));
    writer.write(note("c"));
    expect(writes).toHaveLength(1);
    writer.flush();
    expect(writes).toHaveLength(2);
    expect(
      writes[1]
        ?.split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line).seq),
    ).toEqual([0, 1, 2]);
    writer.flush(); // nothing queued: no write
    expect(writes).toHaveLength(2);
    writer.write(note("d"));
    writer.close("completed");
    // The queued line and the end line: one write, there when close returns.
    expect(writes).toHaveLength(3);
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(6);
  });

  it("writes every line at once without group commit, as before", () => {
    const { io, writes } = countingIo();
    const { writer } = sink(io, false);
    writer.write(note("a"));
    writer.write(note("b"));
    expect(writes).toHaveLength(3);
    writer.close("completed");
  });

  it("writes lines nobody flushed at the next turn of the event loop", async () => {
    const { io, writes } = countingIo();
    const { writer } = sink(io);
    writer.write(note("a"));
    writer.write(note("b"));
    await Promise.resolve();
    expect(writes).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
    writer.close("completed");
  });

  it("schedules no turn for lines queued while a caller holds the safety net, and flushes them itself", async () => {
    const { io, writes } = countingIo();
    const { writer } = sink(io);
    const immediates = countImmediates(() => {
      writer.holdFlush();
      writer.write(note("a"));
      writer.write(note("b"));
      writer.flush();
      writer.unholdFlush();
    });
    expect(immediates).toBe(0);
    expect(writes).toHaveLength(2);
    writer.close("completed");
  });

  it("writes the end line at once and schedules no turn for it", async () => {
    const { io, writes } = countingIo();
    const { writer } = sink(io);
    const immediates = countImmediates(() => {
      writer.close("completed");
    });
    expect(immediates).toBe(0);
    expect(writes).toHaveLength(2);
    expect(
      writes[1]
        ?.split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line).type),
    ).toEqual(["end"]);
    await writer.released();
  });

  it("writes at the next turn what a released hold left queued (the caller went on to await)", async () => {
    const { io, writes } = countingIo();
    const { writer } = sink(io);
    writer.holdFlush();
    writer.holdFlush();
    writer.write(note("a"));
    writer.unholdFlush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1); // still held once
    writer.unholdFlush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
    writer.close("completed");
  });

  it("reports a failed deferred write, and the sink is failed", async () => {
    const failures: unknown[] = [];
    const io: RecordingIo = {
      writeSync: (fd: number, data: string | Uint8Array, offset?: number, length?: number) => {
        if (textOf(data, offset, length).includes("doomed"))
          throw Object.assign(new Error("no space"), { code: "ENOSPC" });
        return realWrite(fd, data, offset, length);
      },
      fsync: (fd, callback) => fs.fsync(fd, callback),
      closeSync: (fd) => fs.closeSync(fd),
    };
    const path = join(dir, `sink-${++files}.jsonl`);
    const writer = openRecordingWriter({
      path,
      header: testHeader(),
      episodeTime: () => 0,
      io,
      groupCommit: true,
      onDeferredFailure: (error) => failures.push(error),
    });
    writer.write(note("doomed"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toHaveLength(1);
    expect(writer.failed?.code).toBe("RECORDING_WRITE");
    expect(() => writer.write(note("after"))).toThrow(/no space/);
    writer.close("error");
    await writer.released();
  });
});

/** An episode server recording to a file through `io`, with the server's sends logged in `log`. */
async function connectLogged(log: string[], options: Partial<SessionOptions> = {}) {
  const { io, writes } = countingIo(log);
  const server = createEpisodeServer({
    scenario: declaredScenario(),
    seed: 1,
    recordingsDir: join(dir, `server-${++files}`),
    server: { name: "asynctool-mcp", version: "test" },
    sessionId: `session-${files}`,
    recordingIo: io,
    ...options,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const send = serverTransport.send.bind(serverTransport);
  serverTransport.send = async (message: JSONRPCMessage, sendOptions) => {
    log.push(`send ${JSON.stringify(message)}`);
    return send(message, sendOptions);
  };
  await server.mcp.connect(serverTransport);
  const client = new Client({ name: "test-client", version: "1.2.3" });
  await client.connect(clientTransport);
  const call = (name: string, args: Record<string, unknown> = {}) =>
    client.callTool({ name, arguments: args });
  return { server, client, call, writes };
}

/** The recording's lines in the writes, as [write index, event]. */
function linesOf(writes: readonly string[]): [number, { type: string; call?: number; job?: string }][] {
  return writes.flatMap((text, index) =>
    text
      .split("\n")
      .filter(Boolean)
      .map((line) => [index, JSON.parse(line)] as [number, { type: string; call?: number; job?: string }]),
  );
}

describe("group commit in a session", () => {
  it("writes all the lines of one call with one write", async () => {
    const { call, writes, server } = await connectLogged([], { mode: "instant" });
    const perCall: number[] = [];
    let before = writes.length;
    const quick = await call("quick", { n: 1 }); // request, job working, job completed, response
    perCall.push(writes.length - before);
    before = writes.length;
    const job = (quick.structuredContent as { job_id?: string; job?: { job_id: string } }).job_id;
    await call("check_job", { job_id: job ?? "none" });
    perCall.push(writes.length - before);
    before = writes.length;
    await call("quick", { n: 13 }); // a tool error
    perCall.push(writes.length - before);
    before = writes.length;
    await call("no_such_tool", {});
    perCall.push(writes.length - before);
    expect(perCall).toEqual([1, 1, 1, 1]);

    const lines = linesOf(writes);
    const first = lines.filter(([, event]) => event.call === 1);
    expect(first.map(([, event]) => event.type)).toEqual(["request", "job", "response"]);
    const jobLines = lines.filter(([, event]) => event.type === "job");
    expect(jobLines.map(([, event]) => (event as { status?: string }).status)).toContain("completed");
    // Every line of call 1, its job's completion included, went in the same write.
    const writeOfCall1 = new Set([
      ...first.map(([index]) => index),
      ...jobLines.filter(([, e]) => e.job === job).map(([index]) => index),
    ]);
    expect(writeOfCall1.size).toBe(1);
    for (let n = 1; n <= 4; n += 1) {
      expect(new Set(lines.filter(([, e]) => e.call === n).map(([index]) => index)).size).toBe(1);
    }
    await server.close();
  });

  it("never sends an answer before the lines of its call are written", async () => {
    const log: string[] = [];
    const { call, server } = await connectLogged(log, { mode: "async" });
    // Calls in flight together: jobs ending on the step clock, a wait, an error, a cancel.
    const a = await call("fetch", { key: "a" });
    const ja = (a.structuredContent as { job_id: string }).job_id;
    await Promise.all([
      call("quick", { n: 2 }),
      call("wait_for_jobs", { job_ids: [ja], mode: "all" }),
      call("quick", { n: 13 }),
      call("list_jobs"),
      call("fetch", { key: "c" }).then((c) =>
        call("cancel_job", { job_id: (c.structuredContent as { job_id: string }).job_id }),
      ),
    ]);
    await call("submit_answer", { task_id: "solo", answer: "v-c" });
    await server.close();

    // Each answer sent is matched to a response line written before it: by its result, or by
    // its error code (the calls above give distinct ones).
    let written = "";
    let answers = 0;
    const sentKeys = new Map<string, number>();
    for (const entry of log) {
      if (entry.startsWith("write ")) {
        written += entry.slice("write ".length);
        continue;
      }
      const message = JSON.parse(entry.slice("send ".length)) as {
        id?: number;
        result?: {
          content?: unknown;
          isError?: boolean;
          structuredContent?: unknown;
          _meta?: Record<string, unknown>;
        };
      };
      const result = message.result;
      if (message.id === undefined || !result?.content) continue;
      answers += 1;
      const code = (result._meta?.["asynctool/error"] as { code?: string } | undefined)?.code;
      const key = result.isError ? `error:${code}` : JSON.stringify(result.structuredContent);
      sentKeys.set(key, (sentKeys.get(key) ?? 0) + 1);
      const writtenKeys = written
        .split("\n")
        .filter(Boolean)
        .map(
          (line) => JSON.parse(line) as { type: string; isError?: boolean; code?: string; result?: unknown },
        )
        .filter((event) => event.type === "response")
        .map((event) => (event.isError ? `error:${event.code}` : JSON.stringify(event.result)));
      expect(writtenKeys.filter((k) => k === key).length, key).toBeGreaterThanOrEqual(sentKeys.get(key) ?? 0);
    }
    expect(answers).toBe(8);
  });
});

/** node:fs, but each fsync waits until the test lets it go (`syncs`), and the order is logged. */
function heldSyncIo(syncError?: NodeJS.ErrnoException) {
  const order: string[] = [];
  const syncs: (() => void)[] = [];
  const io: RecordingIo = {
    writeSync: realWrite,
    fsync: (fd, callback) => {
      order.push("fsync");
      syncs.push(() => fs.fsync(fd, (error) => callback(syncError ?? error)));
    },
    closeSync: (fd) => {
      order.push("close");
      fs.closeSync(fd);
    },
  };
  return { io, order, syncs };
}

/** How a promise settles (the test's timeout is the guard if it never does). */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: { code?: string }) => `rejected ${error.code}`,
  );

/**
 * Whether a promise is still pending once the event loop has gone round: used only where it
 * cannot settle until the test releases the held fsync, so the answer does not depend on timing.
 */
const stillPending = async (promise: Promise<unknown>) => {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return !settled;
};

describe("closing a recording syncs it off the event loop", () => {
  it("writes the end line at once and settles released() after the fsync and the close", async () => {
    const fsyncSync = fs.fsyncSync;
    let syncCalls = 0;
    fs.fsyncSync = ((fd: number) => {
      syncCalls += 1;
      fsyncSync(fd);
    }) as typeof fs.fsyncSync;
    try {
      const { io, order, syncs } = heldSyncIo();
      const { writer, path } = sink(io);
      writer.write(note("a"));
      expect(writer.close("completed")?.status).toBe("completed");
      // The end line is in the file when close returns; the fsync has only been asked for.
      expect(readFileSync(path, "utf8").trim().split("\n").at(-1)).toMatch(/"type":"end"/);
      expect(order).toEqual(["fsync"]);
      expect(await stillPending(writer.released())).toBe(true);
      syncs[0]?.();
      expect(await outcome(writer.released())).toBe("resolved");
      expect(order).toEqual(["fsync", "close"]);
      expect(syncCalls).toBe(0);
    } finally {
      fs.fsyncSync = fsyncSync;
    }
  });

  it("rejects released() with RECORDING_WRITE when the fsync fails, and still closes the file", async () => {
    const { io, order, syncs } = heldSyncIo(Object.assign(new Error("I/O error"), { code: "EIO" }));
    const { writer } = sink(io);
    writer.close("completed");
    syncs[0]?.();
    expect(await outcome(writer.released())).toBe("rejected RECORDING_WRITE");
    expect(order).toEqual(["fsync", "close"]);
  });

  it("closes the file on the event loop once synced, and rejects released() when that close fails", async () => {
    const { io, order, syncs } = heldSyncIo();
    const { writer } = sink(io);
    io.closeSync = (fd) => {
      order.push("close");
      fs.closeSync(fd);
      throw Object.assign(new Error("I/O error"), { code: "EIO" });
    };
    writer.close("completed");
    expect(order).toEqual(["fsync"]);
    syncs[0]?.();
    expect(await outcome(writer.released())).toBe("rejected RECORDING_WRITE");
    expect(order).toEqual(["fsync", "close"]);
  });

  it("ignores a file system that cannot fsync (EINVAL)", async () => {
    const { io, syncs } = heldSyncIo(Object.assign(new Error("invalid"), { code: "EINVAL" }));
    const { writer } = sink(io);
    writer.close("completed");
    syncs[0]?.();
    expect(await outcome(writer.released())).toBe("resolved");
  });

  it("a session's closed() waits for the fsync, and the end line is written before it", async () => {
    const { io, syncs } = heldSyncIo();
    const server = createEpisodeServer({
      scenario: declaredScenario(),
      seed: 1,
      recordingsDir: join(dir, `server-${++files}`),
      server: { name: "asynctool-mcp", version: "test" },
      sessionId: `session-${files}`,
      recordingIo: io,
    });
    const session = server.session;
    await session.callTool("quick", { n: 1 }, { signal: new AbortController().signal });
    session.close("finished", "test");
    const closed = session.closed();
    const path = session.sink?.path ?? "";
    expect(readFileSync(path, "utf8").trim().split("\n").at(-1)).toMatch(/"type":"end"/);
    expect(await stillPending(closed)).toBe(true);
    expect(await stillPending(session.closed())).toBe(true);
    syncs[0]?.();
    expect(await outcome(closed)).toBe("resolved");
    expect(await outcome(session.closed())).toBe("resolved");
  });
});

/** What a write of the recording writes: the whole string, or `length` bytes from `offset`. */
function textOf(data: string | Uint8Array, offset = 0, length?: number): string {
  if (typeof data === "string") return data;
  return Buffer.from(data.buffer, data.byteOffset + offset, length ?? data.byteLength - offset).toString(
    "utf8",
  );
}

/** node:fs's writeSync in the two forms the writer uses. */
function realWrite(fd: number, data: string | Uint8Array, offset = 0, length?: number): number {
  return typeof data === "string"
    ? fs.writeSync(fd, data)
    : fs.writeSync(fd, data, offset, length ?? data.byteLength - offset);
}
