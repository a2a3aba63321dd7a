import type { Scenario } from "../../src/scenarios/scenario.js";

/**
 * A long step-clock session over the declared scenario, written straight as JSONL (the DSL is
 * for readable hand-built logs, not for 10⁶ events): the agent keeps starting `fetch` jobs,
 * mostly with the arguments of gold steps (so thousands of calls compete for the same steps and
 * for duplicate detection), polls each one, waits now and then, and finally solves both tasks.
 * About 7 events per round.
 */
export function largeRecordingText(scenario: Scenario, targetEvents: number): string {
  const lines: string[] = [];
  let seq = 0;
  let t = 0;
  let call = 0;
  let jobs = 0;
  const working: { id: string; tool: string; finishAt: number; result: unknown }[] = [];
  const push = (event: Record<string, unknown>) => {
    lines.push(JSON.stringify({ ...event, seq: seq++, wall: t * 10 }));
  };
  const finishDue = (now: number) => {
    for (let i = 0; i < working.length; ) {
      const job = working[i] as (typeof working)[number];
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
  const request = (tool: string, args: unknown) => {
    t += 1;
    finishDue(t);
    call += 1;
    push({ type: "request", t, call, tool, args });
    return call;
  };
  const start = (tool: string, args: Record<string, string>, latency: number, result: unknown) => {
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
  const check = (id: string) => {
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
  const wait = (id: string) => {
    const c = request("wait_for_jobs", { job_ids: [id], mode: "all" });
    const job = working.find((j) => j.id === id);
    if (job) {
      t = Math.max(t, job.finishAt);
      finishDue(t);
    }
    push({ type: "response", t, call: c, isError: false, delivered: [id], result: { jobs: [] } });
  };

  const header = {
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
  };
  const keys = ["a", "c", "x", "y"];
  for (let round = 0; seq < targetEvents - 40; round++) {
    const key = keys[round % keys.length] as string;
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
  const answer = (task: string, text: string) => {
    const n = request("submit_answer", { task_id: task, answer: text });
    push({ type: "response", t, call: n, isError: false, result: { task_id: task, accepted: true } });
  };
  answer("chain", "v-a+b");
  answer("solo", "v-c");
  push({ type: "end", t, status: "completed" });
  return `${JSON.stringify(header)}\n${lines.join("\n")}\n`;
}
