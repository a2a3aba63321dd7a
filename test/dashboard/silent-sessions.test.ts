import { appendFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatSilence, silence } from "../../src/dashboard/silence.js";
import { sessionView } from "../../src/dashboard/snapshot.js";
import { LiveRecordings } from "../../src/recorder/live-recordings.js";
import { RecordingsTail } from "../../src/recorder/recordings-tail.js";
import { type DashboardServer, startDashboardServer } from "../../src/transports/dashboard-server.js";
import { eventDataUntil } from "../helpers/event-stream.js";
import { tempDir, testHeader } from "../recorder/helpers.js";

/**
 * A recording whose writer died (a stdio server killed by its client) has no end line: the
 * dashboard shows it as silent once its file has gone unwritten for the threshold, and live again
 * when a line arrives. Time is the file's modification time (set with utimes) against an injected
 * clock: nothing here waits for real time to pass.
 */

const MIN = 60_000;
/** The time the file was last written, in the tests: a whole second (utimes keeps it exactly). */
const T = Date.parse("2026-06-02T10:00:00Z");
const noScenario = async () => ({ scenario: null, problem: "not needed here" });

function line(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
function request(seq: number): string {
  return line({ type: "request", seq, wall: seq, t: seq, call: seq, tool: "search", args: { q: "a" } });
}
/** Sets the file's modification time to `ms`, as its writer's last write would. */
function writtenAt(file: string, ms: number): void {
  utimesSync(file, ms / 1000, ms / 1000);
}

/** A directory with one recording, followed by a tail; the file last written at T. */
async function followed(header = testHeader({ session: "s1" })) {
  const dir = tempDir();
  const file = join(dir, "2026-06-02T09-14-03.512Z_x_s1.jsonl");
  writeFileSync(file, line(header) + request(0));
  writtenAt(file, T);
  const live = new LiveRecordings();
  const tail = new RecordingsTail(dir, live, noScenario);
  await tail.scan();
  return { file, live, tail, session: () => live.get("s1") ?? expect.fail("the session is not followed") };
}

describe("silent sessions", () => {
  it("a followed session is silent past the threshold, says for how long, and is live again when a line arrives", async () => {
    const { file, tail, session } = await followed();
    expect(session().lastWriteAt).toBe(T);

    const before = sessionView(session(), T + 9 * MIN, 10 * MIN).row;
    expect(before).toMatchObject({ live: true, silent: false, end: "running" });

    const after = sessionView(session(), T + 12.5 * MIN, 10 * MIN).row;
    expect(after).toMatchObject({
      live: true,
      silent: true,
      end: "silent for 12 min: no end recorded, its server may have stopped",
    });

    appendFileSync(file, request(1));
    writtenAt(file, T + 13 * MIN);
    await tail.scan();
    expect(session().lastWriteAt).toBe(T + 13 * MIN);
    expect(sessionView(session(), T + 13.5 * MIN, 10 * MIN).row).toMatchObject({
      silent: false,
      end: "running",
    });
  });

  it("an ended session, one recorded by this process, or no threshold: never silent", async () => {
    const { file, tail, session } = await followed();
    expect(silence(session(), T + 60 * MIN, undefined)).toBeNull();

    const own = new LiveRecordings();
    own.open(testHeader({ session: "mine" }), null);
    const mine = own.get("mine") ?? expect.fail("not held");
    expect(mine.lastWriteAt).toBeNull();
    expect(sessionView(mine, T + 60 * MIN, MIN).row).toMatchObject({ silent: false, end: "running" });

    appendFileSync(file, line({ type: "end", seq: 1, wall: 1, t: 1, status: "interrupted" }));
    writtenAt(file, T);
    await tail.scan();
    expect(session().end).not.toBeNull();
    expect(silence(session(), T + 60 * MIN, MIN)).toBeNull();
    expect(sessionView(session(), T + 60 * MIN, MIN).row).toMatchObject({ live: false, silent: false });
  });

  it("a silent wall-clock session is drawn up to its last write, not to the present", async () => {
    const startedAt = new Date(T - 2 * MIN).toISOString();
    const { session } = await followed(testHeader({ session: "s1", clock: "wall", startedAt }));
    // Not yet silent: the episode's time runs to the present (3 min after its start).
    expect(sessionView(session(), T + MIN, 10 * MIN).row.elapsed).toBe("180000 ms");
    // Silent: it stops at the last write (2 min after its start), however late it is.
    expect(sessionView(session(), T + 60 * MIN, 10 * MIN).row.elapsed).toBe("120000 ms");
  });

  it("words the silence in whole units, rounded down", () => {
    expect(formatSilence(45_900)).toBe("45 s");
    expect(formatSilence(12 * MIN + 59_000)).toBe("12 min");
    expect(formatSilence(120 * MIN)).toBe("2 h");
    expect(formatSilence(185 * MIN)).toBe("3 h 5 min");
  });
});

describe("silent sessions on the dashboard's streams", () => {
  let server: DashboardServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("the sessions list and the session page turn silent as the clock passes the threshold, and live on a new write", async () => {
    const live = new LiveRecordings();
    const feed = live.open(testHeader({ session: "s1" }), null);
    live.written(feed.id, T);
    let now = T + MIN;
    server = await startDashboardServer({
      host: "127.0.0.1",
      port: 0,
      live,
      server: { name: "asynctool-mcp", version: "test" },
      staleAfterMs: 5 * MIN,
      now: () => now,
    });
    type Rows = { rows: { id: string; end: string; silent: boolean }[] };
    type View = { row: { end: string; silent: boolean } };
    const list = `${server.url}/api/sessions`;
    const page = `${server.url}/api/sessions/s1`;
    expect((await eventDataUntil<Rows>(list, () => true)).rows[0]).toMatchObject({
      id: "s1",
      end: "running",
    });
    expect((await eventDataUntil<View>(page, () => true)).row.end).toBe("running");

    now = T + 7 * MIN;
    const silentRows = await eventDataUntil<Rows>(list, (d) => d.rows[0]?.silent === true);
    expect(silentRows.rows[0]?.end).toBe("silent for 7 min: no end recorded, its server may have stopped");
    // The session page of a step-clock session redraws on its silence, not only on its events.
    const pageStream = eventDataUntil<View>(page, (d) => d.row.end.startsWith("silent for 8 min"));
    now = T + 8 * MIN;
    expect((await pageStream).row.silent).toBe(true);

    live.written(feed.id, T + 8 * MIN);
    expect((await eventDataUntil<Rows>(list, (d) => d.rows[0]?.silent === false)).rows[0]?.end).toBe(
      "running",
    );
  });
});
