import fs, { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EpisodeSession } from "../../src/mcp/episode-session.js";
import { readRecording } from "../../src/recorder/reader.js";
import { declaredScenario } from "../helpers/scenarios.js";

const scenario = declaredScenario();
const root = mkdtempSync(join(tmpdir(), "asynctool-prepared-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

function session(recordingsDir = join(root, `d${++dirs}`), headerOptions?: Record<string, number>) {
  const s = new EpisodeSession({
    scenario,
    seed: 1,
    recordingsDir,
    server: { name: "asynctool-mcp", version: "test" },
    sessionId: `s${dirs}`,
    ...(headerOptions ? { headerOptions } : {}),
  });
  return { s, dir: recordingsDir };
}

const files = (dir: string): string[] => (fs.existsSync(dir) ? readdirSync(dir) : []);
const signal = new AbortController().signal;

describe("a recording file made ahead of the episode (prepareRecording)", () => {
  it("is made empty before the start, which writes its header into it", async () => {
    const { s, dir } = session();
    await s.prepareRecording();
    const [made] = files(dir);
    expect(made).toBeDefined();
    expect(fs.readFileSync(join(dir, made as string), "utf8")).toBe("");
    s.setClient({ name: "c", version: "1" });
    s.start();
    expect(s.sink?.path).toBe(join(dir, made as string));
    const header = JSON.parse(fs.readFileSync(join(dir, made as string), "utf8").split("\n")[0] as string);
    expect(header).toMatchObject({ type: "header", session: s.options.sessionId, client: { name: "c" } });
    s.close("disconnected", "test");
    await s.closed();
    expect(files(dir)).toEqual([made]);
    expect((await readRecording(join(dir, made as string))).end).toMatchObject({ status: "disconnected" });
  });

  it("is removed when the session ends before its episode starts", async () => {
    const { s, dir } = session();
    await s.prepareRecording();
    expect(files(dir)).toHaveLength(1);
    s.close("disconnected", "never initialized");
    await s.closed();
    expect(files(dir)).toEqual([]);
  });

  it("is removed when the session ends while the file is still being made", async () => {
    const { s, dir } = session();
    const preparing = s.prepareRecording();
    s.close("disconnected", "never initialized");
    await s.closed();
    await preparing;
    expect(files(dir)).toEqual([]);
  });

  it("is not used by an episode that starts before it is made: that one makes its own", async () => {
    const { s, dir } = session();
    const preparing = s.prepareRecording();
    s.start();
    const own = s.sink?.path as string;
    expect(fs.readFileSync(own, "utf8")).toMatch(/"type":"header"/);
    // Settled once the late file is removed.
    await preparing;
    expect(files(dir).map((f) => join(dir, f))).toEqual([own]);
  });

  it("is removed when the header breaks the format, and the start fails as it does without it", async () => {
    // Not JSON: the header schema refuses it.
    const { s, dir } = session(undefined, { bad: Number.NaN });
    await s.prepareRecording();
    expect(files(dir)).toHaveLength(1);
    const first = s.call("list_tasks", {}, { signal });
    expect(files(dir)).toEqual([]);
    // The next call tries again, without a prepared file: the same refusal, and no file either.
    const second = s.call("list_tasks", {}, { signal });
    for (const answer of [first, second]) {
      if (answer instanceof Promise) throw new Error("the failed start answers at once");
      expect((answer.content[0] as { text: string }).text).toMatch(
        /^\[RECORDING_INVALID\] The recording header/,
      );
    }
    expect(files(dir)).toEqual([]);
    expect(s.started).toBe(false);
  });

  it("that cannot be made leaves the start to fail as it always did, with the same error", async () => {
    // A recordings "directory" that is a file: mkdir fails (EEXIST), even as root.
    const blocker = join(root, `blocker-${++dirs}`);
    fs.writeFileSync(blocker, "");
    const prepared = session(blocker).s;
    await prepared.prepareRecording();
    const plain = session(blocker).s;
    const answers = [prepared, plain].map((s) => s.call("list_tasks", {}, { signal }));
    const texts = answers.map((a) => {
      if (a instanceof Promise) throw new Error("the failed start answers at once");
      expect(a.isError).toBe(true);
      // The file names differ by their session and time only.
      return (a.content[0] as { text: string }).text.replace(/[^/]*\.jsonl/, "NAME");
    });
    expect(texts[0]).toMatch(/^\[RECORDING_WRITE\] Cannot write the recording .*(ENOTDIR|EEXIST)/);
    expect(texts[0]).toBe(texts[1]);
    expect(prepared.started).toBe(false);
  });
});
