// Figure 3. Timer fidelity in the wall clock: 10,000 jobs in flight in one session (started
// through the session's call seam, as a transport would; latencies uniform in 2–4 s), each
// recorded to a file as the server does. Lateness = when the job's end was observed (its
// `completed` line) minus when it was due. Baseline, in the same process and run: plain
// setTimeout, replaying the same start times and delays, doing nothing but note the time.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "../lib/dist.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { latenessOf } from "../lib/lateness.mjs";
import { benchScenario } from "../lib/scenario.mjs";
import { latenessSummary, sleep } from "../lib/stats.mjs";

const { EpisodeSession } = await load("mcp/episode-session.js");
const { serverInfo } = await load("paths.js");
const { readRecording } = await load("recorder/reader.js");

await runFigure("Timer fidelity", async ({ reps: wanted, quick }) => {
  const reps = Math.min(wanted, 5);
  const jobs = quick ? 1000 : 10_000;
  const [min, max] = quick ? [500, 1000] : [2000, 4000];
  const scenario = benchScenario({
    mode: "async",
    clock: "wall",
    unitMs: 1,
    latency: { uniform: { min, max } },
  });
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-timers-"));

  /** asynctool: returns each job's lateness, and the start offset and delay of each (for the replay). */
  const product = async (rep) => {
    const recordings = join(dir, `rep-${rep}`);
    const session = new EpisodeSession({
      scenario,
      seed: rep,
      recordingsDir: recordings,
      server: serverInfo,
      sessionId: `timers-${rep}`,
    });
    const episode = session.start();
    let done = 0;
    const all = new Promise((resolve) => {
      episode.on((event) => {
        if (event.type === "job" && event.job.status !== "working" && ++done === jobs) resolve();
      });
    });
    const signal = new AbortController().signal;
    const t0 = performance.now();
    for (let i = 0; i < jobs; i++) {
      const result = await session.callTool("lookup", { q: `k${i}` }, { signal });
      if (result.isError) throw new Error(`call ${i} failed: ${result.content[0]?.text}`);
    }
    const startSeconds = (performance.now() - t0) / 1000;
    const inFlight = jobs - done;
    await all;
    session.close("finished", "the bench is done");
    const [file] = readdirSync(recordings);
    const recording = await readRecording(join(recordings, file));
    const { lateness } = latenessOf(recording);
    // The schedule the replay uses: offsets of the working lines from the first, and latencies.
    const schedule = [];
    let first;
    for (const e of recording.events) {
      if (e.type !== "job" || e.status !== "working") continue;
      first ??= e.wall;
      schedule.push([e.wall - first, e.latency]);
    }
    return { lateness, schedule, startSeconds, inFlight };
  };

  /** Plain setTimeout with the same start offsets and delays, all scheduled at once. */
  const plain = async (schedule) => {
    const lateness = new Float64Array(schedule.length);
    let done = 0;
    let resolveAll;
    const all = new Promise((resolve) => {
      resolveAll = resolve;
    });
    schedule.forEach(([offset, delay], i) => {
      // Due from the moment it is set, as a job is due from its start.
      const due = performance.now() + offset + delay;
      setTimeout(() => {
        lateness[i] = performance.now() - due;
        if (++done === schedule.length) resolveAll();
      }, offset + delay);
    });
    await all;
    return Array.from(lateness);
  };

  const results = { product: [], plain: [] };
  const extra = [];
  try {
    for (let r = 0; r < reps; r++) {
      const p = await product(r + 1);
      await sleep(200);
      const b = await plain(p.schedule);
      const ps = latenessSummary(p.lateness);
      const bs = latenessSummary(b);
      results.product.push(ps);
      results.plain.push(bs);
      extra.push(p);
      log(
        `rep ${r + 1}: ${jobs} jobs started in ${p.startSeconds.toFixed(2)} s (${p.inFlight} in flight at once); lateness ms asynctool p50 ${ps.p50.toFixed(2)} p99 ${ps.p99.toFixed(2)} max ${ps.max.toFixed(2)}; setTimeout p50 ${bs.p50.toFixed(2)} p99 ${bs.p99.toFixed(2)} max ${bs.max.toFixed(2)}`,
      );
      await sleep(200);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pick = (k, which) => results[which].map((s) => s[k]);
  const minInFlight = Math.min(...extra.map((e) => e.inFlight));
  const common = {
    unit: "ms",
    baselineLabel: "plain setTimeout",
    difference: true,
  };
  return {
    rows: [
      row({
        id: "3 p50",
        measure: `timer lateness p50, ${jobs} jobs in flight`,
        value: pick("p50", "product"),
        baseline: pick("p50", "plain"),
        ...common,
      }),
      row({
        id: "3 p99",
        measure: `timer lateness p99, ${jobs} jobs in flight`,
        value: pick("p99", "product"),
        baseline: pick("p99", "plain"),
        ...common,
        goal: [
          { on: "value", op: "<=", target: 2, text: "≤ 2 ms" },
          { on: "ratio", op: "<=", target: 1, text: "≤ setTimeout + 1 ms" },
        ],
        note: `at least ${minInFlight} of ${jobs} jobs were in flight at once; the ratio column is the difference (ms)`,
      }),
      row({
        id: "3 max",
        measure: `timer lateness max, ${jobs} jobs in flight`,
        value: pick("max", "product"),
        baseline: pick("max", "plain"),
        ...common,
      }),
    ],
  };
});
