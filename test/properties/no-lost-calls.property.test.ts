import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MemoryRecordingWriter } from "../../src/recorder/memory-writer.js";
import { FakeRealTime } from "../helpers/fake-real-time.js";
import { connectInMemory } from "../helpers/in-memory.js";
import { declaredScenario } from "../helpers/scenarios.js";

/** Lets messages cross the in-memory transport (no timers, just the event loop's queues). */
async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

const SEED = 20261204;
const RUNS = 60;

/** One call an agent may make; job references are indexes into the jobs started so far. */
type Step =
  | { kind: "start"; tool: "fetch" | "quick" | "combine"; key: string }
  | { kind: "wait"; job: number; all: boolean }
  | { kind: "check" | "cancel"; job: number }
  | { kind: "list" }
  | { kind: "answer"; task: "chain" | "solo"; answer: string }
  | { kind: "finish" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("start" as const),
    tool: fc.constantFrom("fetch" as const, "quick" as const, "combine" as const),
    key: fc.constantFrom("a", "b", "c"),
  }),
  fc.record({ kind: fc.constant("wait" as const), job: fc.nat(5), all: fc.boolean() }),
  fc.record({ kind: fc.constantFrom("check" as const, "cancel" as const), job: fc.nat(5) }),
  fc.record({ kind: fc.constant("list" as const) }),
  fc.record({
    kind: fc.constant("answer" as const),
    task: fc.constantFrom("chain" as const, "solo" as const),
    answer: fc.constantFrom("v-c", "v-a+b", "wrong"),
  }),
  fc.record({ kind: fc.constant("finish" as const) }),
);

const session = fc.record({
  clock: fc.constantFrom("step" as const, "wall" as const),
  mode: fc.constantFrom("async" as const, "sync" as const),
  // Turns of parallel calls; fake real time moves on by steps of this much (at least 1 s) until they are answered.
  turns: fc.array(
    fc.record({ calls: fc.array(step, { minLength: 1, maxLength: 4 }), advance: fc.nat(4000) }),
    {
      minLength: 1,
      maxLength: 8,
    },
  ),
  // How the episode ends if the agent does not end it: the server shuts down, or the client leaves.
  end: fc.constantFrom("interrupted" as const, "disconnected" as const),
});

function toCall(s: Step, jobs: readonly string[]): [string, Record<string, unknown>] {
  const job = (n: number) => jobs[n % Math.max(1, jobs.length)] ?? "job-none";
  switch (s.kind) {
    case "start":
      return s.tool === "combine"
        ? ["combine", { left: s.key, right: "b" }]
        : [s.tool, s.tool === "quick" ? { n: 1 } : { key: s.key }];
    case "wait":
      return ["wait_for_jobs", jobs.length ? { job_ids: [job(s.job)], mode: s.all ? "all" : "any" } : {}];
    case "check":
      return ["check_job", { job_id: job(s.job) }];
    case "cancel":
      return ["cancel_job", { job_id: job(s.job) }];
    case "list":
      return ["list_jobs", {}];
    case "answer":
      return ["submit_answer", { task_id: s.task, answer: s.answer }];
    case "finish":
      return ["finish", {}];
  }
}

describe("no answered call goes unrecorded (property)", () => {
  it("every request has its response before the end line, and every answer the client got is in the recording", async () => {
    await fc.assert(
      fc.asyncProperty(session, async ({ clock, mode, turns, end }) => {
        const real = new FakeRealTime();
        const { client, server } = await connectInMemory({
          scenario: declaredScenario(),
          clock,
          mode,
          realTime: real,
        });
        const jobs: string[] = [];
        const replies: CallToolResult[] = [];
        for (const turn of turns) {
          const pending = turn.calls.map((s) => {
            const [name, args] = toCall(s, jobs);
            return (client.callTool({ name, arguments: args }) as Promise<CallToolResult>).then((reply) => {
              replies.push(reply);
              const id = (reply.structuredContent as { job_id?: unknown } | undefined)?.job_id;
              if (typeof id === "string" && !jobs.includes(id)) jobs.push(id);
              return reply;
            });
          });
          // Blocking calls in the wall clock return as fake time passes (a wait is capped at 25 s).
          let done = false;
          const all = Promise.all(pending).then(() => {
            done = true;
          });
          await settle();
          for (let i = 0; !done && i < 40; i++) {
            real.advance(Math.max(turn.advance, 1000));
            await settle();
          }
          await all;
        }
        // A wait left in flight, then the end the agent did not give.
        const last = jobs.at(-1);
        const lingering = last
          ? (client.callTool({
              name: "wait_for_jobs",
              arguments: { job_ids: [last] },
            }) as Promise<CallToolResult>)
          : undefined;
        await settle();
        if (end === "interrupted") await server.close("interrupted");
        else await client.close();
        const lingered = await lingering?.catch(() => undefined);
        if (lingered) replies.push(lingered);

        const recording = (server.session.sink as MemoryRecordingWriter).recording();
        expect(recording.truncated).toBe(false);
        const requests = recording.events.flatMap((e) => (e.type === "request" ? [e.call] : []));
        const responses = recording.events.flatMap((e) => (e.type === "response" ? [e] : []));
        expect(responses.map((e) => e.call).sort((a, b) => a - b)).toEqual(
          [...requests].sort((a, b) => a - b),
        );
        // Every answer the client got (but an EPISODE_OVER after the end line) is a recorded call,
        // and every successful answer a recorded success. A call the client gave up (it left with
        // the call in flight) is recorded as cancelled by the client, and got no answer.
        const answered = responses.filter((e) => !e.clientCancelled);
        const overAfterEnd = replies.length - answered.length;
        expect(overAfterEnd).toBeGreaterThanOrEqual(0);
        const over = replies.filter((r) =>
          r.content.some((c) => c.type === "text" && c.text.startsWith("[EPISODE_OVER]")),
        );
        expect(overAfterEnd).toBeLessThanOrEqual(over.length);
        expect(replies.filter((r) => !r.isError).length).toBe(answered.filter((e) => !e.isError).length);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);
});
