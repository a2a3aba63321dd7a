import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { AsyncToolError, type ErrorCode } from "../../src/errors.js";
import type { RecordingHeader } from "../../src/recorder/format.js";

export function testHeader(overrides: Partial<RecordingHeader> = {}): RecordingHeader {
  return {
    type: "header",
    format: "asynctool-recording",
    version: 1,
    server: { name: "asynctool-mcp", version: "0.1.0" },
    session: "s_test",
    startedAt: "2026-06-02T09:14:03.512Z",
    scenario: { id: "travel-files-001", title: "Test", hash: "sha256:00" },
    seed: 1,
    mode: "async",
    clock: "step",
    timeScale: 1,
    unitMs: 1000,
    client: { name: "vitest", version: "4" },
    schedule: { book: { search: 3 } },
    ...overrides,
  };
}

/** A fresh temporary directory, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "asynctool-recorder-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The AsyncToolError `fn` throws; fails the test if it throws nothing or something else. */
export function thrown(fn: () => unknown, code: ErrorCode): AsyncToolError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AsyncToolError && error.code === code) return error;
    throw error;
  }
  throw new Error(`expected ${code} to be thrown`);
}

export async function rejected(promise: Promise<unknown>, code: ErrorCode): Promise<AsyncToolError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AsyncToolError && error.code === code) return error;
    throw error;
  }
  throw new Error(`expected ${code} to be thrown`);
}

/** The last line a memory writer kept, parsed: the event it wrote last (write returns nothing). */
export function lastEvent(writer: { readonly lines: readonly string[] }): Record<string, unknown> {
  const line = writer.lines.at(-1);
  if (line === undefined) throw new Error("no line written");
  return JSON.parse(line);
}
