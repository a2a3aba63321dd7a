// Large recordings for the metrics and report figures: a port of test/report/large-recording.ts
// (the test checks that 100,000 events score at all; the benches time it), with its scenario
// (test/helpers/scenarios.ts, declaredScenario). A long step-clock session: the agent keeps
// starting `fetch` jobs, mostly with the arguments of gold steps (so thousands of calls compete
// for the same steps and for duplicate detection), polls each one, waits now and then, and
// finally solves both tasks. About 7 events per round. Written line by line, so that 10⁶ events
// never have to be one string.
import { closeSync, openSync, writeSync } from "node:fs";
import { load } from "./dist.mjs";

const { compileScenario } = await load("scenarios/compile.js");

/** The scenario of the large recordings as its file holds it (for the `report` command). */
export function declaredScenarioFile() {
  return {
    id: "declared-test",
    title: "Declared tools for engine tests",
    tools: [
      {
        name: "fetch",
        description: "Fetches a value by key.",
        input: { type: "object", properties: { key: { type: "string" } }, required: ["key"] },
        responses: [{ result: { value: "v-{{args.key}}" } }],
      },
      {
        name: "combine",
        description: "Joins two values.",
        input: {
          type: "object",
          properties: { left: { type: "string" }, right: { type: "string" } },
          required: ["left", "right"],
        },
        responses: [{ result: { joined: "{{args.left}}+{{args.right}}" } }],
      },
      {
        name: "quick",
        description: "Answers at once with its input.",
        input: { type: "object", properties: { n: { type: "number" } } },
        responses: [
          { when: { n: 13 }, error: { message: "thirteen is unlucky" } },
          { result: { n: "{{args.n}}" } },
        ],
      },
    ],
    latency: { fetch: 3, combine: 2, quick: 1 },
    tasks: [
      {
        id: "chain",
        instruction: "Fetch a, then combine it with b.",
        steps: [
          { id: "a", tool: "fetch", args: { key: "a" } },
          { id: "b", tool: "combine", args: { left: { $from: "a.value" }, right: "b" }, after: ["a"] },
        ],
        answer: { exact: { $from: "b.joined" } },
      },
      {
        id: "solo",
        instruction: "Fetch c.",
        steps: [{ id: "c", tool: "fetch", args: { key: "c" } }],
        answer: { exact: "v-c" },
      },
    ],
  };
}

export function declaredScenario() {
  return compileScenario(declaredScenarioFile(), { file: "declared-test.yaml" });
}

/** Writes a recording of about `targetEvents` events to `path`; returns the number of events. */
export function writeLargeRecording(path, scenario, targetEvents) {
  const fd = openSync(path, "w");
  let buffer = [];
  let buffered = 0;
  const flush = () => {
    writeSync(fd, buffer.join(""));
    buffer = [];
    buffered = 0;
  };
  const line = (value) => {
    const text = `${JSON.stringify(value)}\n`;
    buffer.push(text);
    buffered += text.length;
    if (buffered > 1 << 20) flush();
  };
  let seq = 0;
  let t = 0;
  let call = 0;
  let jobs = 0;
  const working = [];
  const push = (event) => line({ ...event, seq: seq++, wall: t * 10 });
  const finishDue = (now) => {
    for (let i = 0; i < working.length; ) {
      const job = working[i];
      if (job.finishAt <= now) {
        push({
          type: "job",
          t: job.finishAt,
          job: job.id,
          tool: job.tool,
          status: "completed",
          result: job.result,
        });
        working.splice(i, 1);
      } else i++;
    }
  };
  const request = (tool, args) => {
    t += 1;
    finishDue(t);
    call += 1;
    push({ type: "request", t, call, tool, args });
    return call;
  };
  const start = (tool, args, latency, result) => {
    const c = request(tool, args);
    jobs += 1;
    const id = `job_${jobs.toString(36).padStart(8, "x")}`;
    push({ type: "job", t, job: id, tool, status: "working", call: c, args, latency, finishAt: t + latency });
    push({
      type: "response",
      t,
      call: c,
      isError: false,
      job: id,
      result: { job_id: id, status: "working" },
    });
    working.push({ id, tool, finishAt: t + latency, result });
    return id;
  };
  const check = (id) => {
    const c = request("check_job", { job_id: id });
    const done = !working.some((j) => j.id === id);
    push({
      type: "response",
      t,
      call: c,
      isError: false,
      ...(done ? { delivered: [id] } : {}),
      result: { job_id: id },
    });
  };
  const wait = (id) => {
    const c = request("wait_for_jobs", { job_ids: [id], mode: "all" });
    const job = working.find((j) => j.id === id);
    if (job) {
      t = Math.max(t, job.finishAt);
      finishDue(t);
    }
    push({ type: "response", t, call: c, isError: false, delivered: [id], result: { jobs: [] } });
  };

  line({
    type: "header",
    format: "asynctool-recording",
    version: 1,
    server: { name: "asynctool-mcp", version: "0.1.0" },
    session: "s_large",
    startedAt: "2026-06-02T09:14:03.512Z",
    scenario: { id: scenario.id, title: scenario.title, hash: scenario.hash },
    seed: 1,
    mode: "async",
    clock: "step",
    timeScale: 1,
    unitMs: scenario.unitMs,
    client: { name: "large", version: "1" },
    schedule: { chain: { a: 3, b: 2 }, solo: { c: 3 } },
  });
  const keys = ["a", "c", "x", "y"];
  for (let round = 0; seq < targetEvents - 40; round++) {
    const key = keys[round % keys.length];
    const id = start("fetch", { key }, 3, { value: `v-${key}` });
    check(id); // working: wasted
    if (round % 5 === 0) wait(id);
    else check(id);
  }
  const a = start("fetch", { key: "a" }, 3, { value: "v-a" });
  const c = start("fetch", { key: "c" }, 3, { value: "v-c" });
  wait(a);
  const b = start("combine", { left: "v-a", right: "b" }, 2, { joined: "v-a+b" });
  wait(b);
  wait(c);
  const answer = (task, text) => {
    const n = request("submit_answer", { task_id: task, answer: text });
    push({ type: "response", t, call: n, isError: false, result: { task_id: task, accepted: true } });
  };
  answer("chain", "v-a+b");
  answer("solo", "v-c");
  push({ type: "end", t, status: "completed" });
  flush();
  closeSync(fd);
  return seq;
}
