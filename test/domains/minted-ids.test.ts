import "../helpers/load-domains.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { counterEpisodeIds, recordedIds, SEEDED_IDS, seededIds } from "../../src/engine/ids.js";
import { uniformAt } from "../../src/engine/rng.js";
import { computeMetrics } from "../../src/metrics/compute.js";
import { extractInputs } from "../../src/metrics/inputs.js";
import { replayFinalState } from "../../src/metrics/state.js";
import { packageRoot } from "../../src/paths.js";
import type { Recording } from "../../src/recorder/format.js";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { readRecording } from "../../src/recorder/reader.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import { connectInMemory } from "../helpers/in-memory.js";

const none = () => false;
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const SEEDED = /^BK-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/;

describe("seeded ids", () => {
  it("are the prefix, a dash and 6 symbols worked out from SHA-256(seed, domain, kind, counter)", () => {
    const { id, next } = seededIds(1).forDomain("travel").text("BK", 1001, none);
    // By hand: the draw u in [0, 1) of key (id, travel, BK, 1001), index 0, scaled to 30^6 and
    // written in base 30 over the alphabet, most significant symbol first.
    let x = Math.floor(uniformAt(1, ["id", "travel", "BK", 1001], 0) * 30 ** 6);
    let expected = "";
    for (let i = 0; i < 6; i++) {
      expected = ALPHABET[x % 30] + expected;
      x = Math.floor(x / 30);
    }
    expect(id).toBe(`BK-${expected}`);
    expect(id).toMatch(SEEDED);
    expect(next).toBe(1002);
  });

  it("are the same for one seed, and differ across seeds, counters, kinds and domains", () => {
    const a = seededIds(7).forDomain("travel").text("BK", 1001, none).id;
    expect(seededIds(7).forDomain("travel").text("BK", 1001, none).id).toBe(a);
    const others = [
      seededIds(8).forDomain("travel").text("BK", 1001, none).id,
      seededIds(7).forDomain("travel").text("BK", 1002, none).id,
      seededIds(7).forDomain("trip").text("BK", 1001, none).id,
    ];
    for (const other of others) expect(other).not.toBe(a);
    expect(seededIds(7).forDomain("social").text("P", 1001, none).id).toMatch(/^P-[0-9A-Z]{6}$/);
  });

  it("draw again, deterministically, when the state already holds the id", () => {
    const ids = seededIds(3).forDomain("social");
    const first = ids.text("P", 5, none).id;
    const second = ids.text("P", 5, (id) => id === first);
    expect(second.id).not.toBe(first);
    expect(second.next).toBe(6);
    // The redraw is the key's next draw (index 1), so it is the same every time.
    expect(ids.text("P", 5, (id) => id === first).id).toBe(second.id);
  });

  it("keep the counter rule for recordings whose header does not name the seeded rule", () => {
    expect(counterEpisodeIds.forDomain("travel").text("BK", 1001, (id) => id === "BK1001")).toEqual({
      id: "BK1002",
      next: 1003,
    });
    expect(recordedIds(1, undefined).rule).toBe("counter");
    expect(recordedIds(1, { inlineMs: 0 }).rule).toBe("counter");
    expect(recordedIds(1, { ids: SEEDED_IDS }).rule).toBe("seeded");
  });
});

/** Travel, social and a table: three tasks whose answers are minted ids, with state checks on them. */
const scenario = compileScenario({
  id: "minted-ids",
  title: "Answers that are minted ids",
  clock: "step",
  domains: {
    travel: {
      state: { flights: [{ id: "XY7", from: "SFO", to: "JFK", date: "2026-12-03", price: 320 }] },
    },
    social: { state: {} },
    data_management: { state: { tables: { notes: { rows: [] } } } },
  },
  latency: { "*": { fixed: 2 } },
  tasks: [
    {
      id: "book",
      instruction: "Book flight XY7 for Ada Lovelace and answer with the booking code.",
      steps: [{ id: "book", tool: "book_flight", args: { flight_id: "XY7", passenger: "Ada Lovelace" } }],
      answer: { exact: { $from: "book.booking_code" } },
      state: [{ path: ["travel", "bookings", 0, "booking_code"], equals: { $from: "book.booking_code" } }],
    },
    {
      id: "post",
      instruction: "Post 'hello #launch', comment 'first' on it, and answer with the comment's id.",
      steps: [
        { id: "post", tool: "create_post", args: { text: "hello #launch" } },
        {
          id: "comment",
          tool: "comment_on_post",
          args: { post_id: { $from: "post.post_id" }, text: "first" },
          after: ["post"],
        },
      ],
      answer: { exact: { $from: "comment.comment_id" } },
      state: [{ path: ["social", "posts", 0, "post_id"], equals: { $from: "post.post_id" } }],
    },
    {
      id: "note",
      instruction: "Insert a note with text 'hi' into the notes table and answer with its id.",
      steps: [{ id: "ins", tool: "insert_record", args: { table: "notes", record: { text: "hi" } } }],
      answer: { number: { $from: "ins.record_id" } },
      state: [{ path: ["data_management", "tables", "notes", "rows", 0, "text"], equals: "hi" }],
    },
  ],
});

interface Minted {
  booking: string;
  comment: string;
  note: number;
}

/**
 * Plays the three tasks over a real SDK client, reading each id from the result the agent gets,
 * then answers with `answers(minted)`. Returns the ids, the live final states and the metrics.
 */
async function play(seed: number, answers: (m: Minted) => Record<string, string>) {
  const { server, call } = await connectInMemory({ scenario, seed });
  const start = async (tool: string, args: Record<string, unknown>) =>
    ((await call(tool, args)).structuredContent as { job_id: string }).job_id;
  const result = async (jobs: string[]) => {
    const waited = await call("wait_for_jobs", { job_ids: jobs, mode: "all" });
    return (waited.structuredContent as { jobs: { result: Record<string, unknown> }[] }).jobs.map(
      (j) => j.result,
    );
  };
  const [booked, posted, inserted] = await result([
    await start("book_flight", { flight_id: "XY7", passenger: "Ada Lovelace" }),
    await start("create_post", { text: "hello #launch" }),
    await start("insert_record", { table: "notes", record: { text: "hi" } }),
  ]);
  const [commented] = await result([
    await start("comment_on_post", { post_id: posted?.post_id, text: "first" }),
  ]);
  const minted: Minted = {
    booking: booked?.booking_code as string,
    comment: commented?.comment_id as string,
    note: inserted?.record_id as number,
  };
  const live = structuredClone(server.session.episode.states);
  for (const [task, answer] of Object.entries(answers(minted)))
    await call("submit_answer", { task_id: task, answer });
  const recording = (server.session.sink as MemoryRecordingWriter).recording();
  return { minted, live, recording, metrics: computeMetrics(scenario, recording) };
}

const honest = (m: Minted) => ({ book: m.booking, post: m.comment, note: String(m.note) });

describe("ids minted in an episode", () => {
  it("reach the agent drawn from the seed: one seed the same ids, two seeds different ones", async () => {
    const one = await play(1, honest);
    const again = await play(1, honest);
    const other = await play(2, honest);
    expect(one.minted.booking).toMatch(SEEDED);
    expect(one.minted.comment).toMatch(/^C-[0-9A-Z]{6}$/);
    expect(again.minted).toEqual(one.minted);
    expect(other.minted.booking).not.toBe(one.minted.booking);
    expect(other.minted.comment).not.toBe(one.minted.comment);
    // A table's keys stay an auto-increment the agent can read off the table: 1, whatever the seed.
    expect([one.minted.note, other.minted.note]).toEqual([1, 1]);
    // Each is the draw for its domain, kind and counter (the state's default counters are 1001, 1).
    expect(one.minted.booking).toBe(seededIds(1).forDomain("travel").text("BK", 1001, none).id);
    expect(one.recording.header.options?.ids).toBe(SEEDED_IDS);
    expect(one.metrics.tasks.map((t) => t.success)).toEqual([true, true, true]);
  });

  it("make the final-state replay equal the state the episode left", async () => {
    const { live, recording } = await play(5, honest);
    const inputs = extractInputs(scenario, recording);
    const replay = replayFinalState(scenario, inputs.jobs, inputs.ids);
    expect(replay.failures).toEqual([]);
    expect(replay.states).toEqual(live);
    // Replayed by the counter rule instead, the ids would differ from the ones the agent got.
    expect(replayFinalState(scenario, inputs.jobs, counterEpisodeIds).states).not.toEqual(live);
  });

  it("cannot be answered blind with the counter ids the tools once minted", async () => {
    const blind = await play(1, () => ({ book: "BK1001", post: "C1001", note: "1" }));
    // The table key is the exception: "1" is the key the table's counter gives.
    expect(blind.metrics.tasks.map((t) => t.answerCheck?.pass)).toEqual([false, false, true]);
    expect(blind.metrics.tasks.map((t) => t.success)).toEqual([false, false, true]);
  });
});

/**
 * The recording an earlier build wrote for the same calls: its tools minted the counter ids
 * (BK1001, P1001, C1001, from the default counters) and its header had no `ids` option.
 * Made from a seeded recording by putting those ids in place of the drawn ones.
 */
function asCounterEra(recording: Recording, m: Minted, post: string, keepRule: boolean): Recording {
  let text = JSON.stringify(recording);
  for (const [drawn, old] of [
    [m.booking, "BK1001"],
    [post, "P1001"],
    [m.comment, "C1001"],
  ] as const) {
    text = text.replaceAll(drawn, old);
  }
  const old = JSON.parse(text) as Recording;
  const { ids: _rule, ...options } = old.header.options ?? {};
  return keepRule ? old : { ...old, header: { ...old.header, options } };
}

describe("recordings made when ids came from counters", () => {
  it("are replayed by the counter rule, so they score as they did", async () => {
    const { minted, recording } = await play(4, honest);
    // The post id is not an answer; it is read from the state the seeded replay rebuilds.
    const social = replayFinalState(scenario, extractInputs(scenario, recording).jobs, seededIds(4)).states
      .social;
    const postId = (social?.posts as { post_id: string }[] | undefined)?.[0]?.post_id ?? "";
    expect(postId).toMatch(/^P-[0-9A-Z]{6}$/);
    const old = asCounterEra(recording, minted, postId, false);
    expect(old.header.options?.ids).toBeUndefined();
    const metrics = computeMetrics(scenario, old);
    expect(
      metrics.tasks.map((t) => [t.answerCheck?.pass, t.stateChecks.map((c) => c.pass), t.success]),
    ).toEqual([
      [true, [true], true],
      [true, [true], true],
      [true, [true], true],
    ]);
    const inputs = extractInputs(scenario, old);
    const states = replayFinalState(scenario, inputs.jobs, inputs.ids).states;
    expect(states.travel?.bookings).toMatchObject([{ booking_code: "BK1001" }]);
    // The same log claiming the seeded rule would be misread: its booking and post checks fail.
    const misread = computeMetrics(scenario, asCounterEra(recording, minted, postId, true));
    expect(misread.tasks.map((t) => t.stateChecks.every((c) => c.pass))).toEqual([false, false, true]);
  });

  it("include the version 1 fixtures, whose headers name no rule", async () => {
    const fixture = await readRecording(
      join(packageRoot, "test", "fixtures", "recordings", "v1", "valid.jsonl"),
    );
    expect(fixture.header.options?.ids).toBeUndefined();
    expect(extractInputs(scenario, fixture).ids.rule).toBe("counter");
  });
});
