// Figure 3. Timer fidelity in the wall clock: 10,000 jobs in flight in one session (started
// through the session's call seam, as a transport would; latencies uniform in 2–4 s), each
// recorded to a file as the server does. Lateness = when the job's end was observed (its
// `completed` line) minus when it was due. Baseline, in the same process and run: plain
// setTimeout, replaying the start times and delays of the previous asynctool run, doing nothing
// but note the time. The two alternate, the order rotated per repetition. Beside each runs the
// same probe (1,000 plain timers over the same window, bench/lib/probe.mjs): how late this
// process fires any timer under the one load and under the other.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "../lib/dist.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { latenessOf } from "../lib/lateness.mjs";
import { probeTimers } from "../lib/probe.mjs";
import { benchScenario } from "../lib/scenario.mjs";
import { latenessSummary, sleep } from "../lib/stats.mjs";
import { rotated } from "../lib/throughput.mjs";

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
  const probes = { product: [], plain: [] };
  const extra = [];
  /** Runs `fn` with the probe beside it; resolves [what fn resolved, the probe's lateness]. */
  const probed = (fn) => Promise.all([fn(), probeTimers({ count: 1000, min, max })]);
  try {
    // A first asynctool run, not counted: the JIT warmed up, and a schedule for the first replay.
    let schedule = (await product(0)).schedule;
    await sleep(200);
    for (let r = 0; r < reps; r++) {
      const got = {};
      for (const side of rotated(["product", "plain"], r)) {
        if (side === "product") {
          const [p, probe] = await probed(() => product(r + 1));
          got.product = { summary: latenessSummary(p.lateness), probe: latenessSummary(probe), run: p };
        } else {
          const [b, probe] = await probed(() => plain(schedule));
          got.plain = { summary: latenessSummary(b), probe: latenessSummary(probe) };
        }
        await sleep(200);
      }
      schedule = got.product.run.schedule;
      const ps = got.product.summary;
      const bs = got.plain.summary;
      results.product.push(ps);
      results.plain.push(bs);
      probes.product.push(got.product.probe);
      probes.plain.push(got.plain.probe);
      extra.push(got.product.run);
      log(
        `rep ${r + 1}: ${jobs} jobs started in ${got.product.run.startSeconds.toFixed(2)} s (${got.product.run.inFlight} in flight at once); lateness ms asynctool p50 ${ps.p50.toFixed(2)} p99 ${ps.p99.toFixed(2)} max ${ps.max.toFixed(2)}; setTimeout p50 ${bs.p50.toFixed(2)} p99 ${bs.p99.toFixed(2)} max ${bs.max.toFixed(2)}; probe p99 beside asynctool ${got.product.probe.p99.toFixed(2)}, beside setTimeout ${got.plain.probe.p99.toFixed(2)}`,
      );
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
        id: "3 probe p99",
        measure: `probe timers' lateness p99, beside ${jobs} jobs in flight`,
        value: probes.product.map((p) => p.p99),
        baseline: probes.plain.map((p) => p.p99),
        unit: "ms",
        baselineLabel: "the same probe beside plain setTimeout",
        difference: true,
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
