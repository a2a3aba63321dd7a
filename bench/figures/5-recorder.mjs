// Figure 5. What recording to disk costs: throughput of instant tool calls over HTTP with 1, 8
// and 64 lean clients against `asynctool serve -t http` recording to files (as it does by
// default), and against the same command with `--no-recordings` (recordings kept in memory
// only, nothing written); each server in its own process, the two sides alternating in slices
// with fresh sessions, the order rotated per repetition.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCliServer } from "../lib/cli-server.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { writeBenchScenario } from "../lib/scenario.mjs";
import { median } from "../lib/stats.mjs";
import { alternatingThroughput } from "../lib/throughput.mjs";
import { warmUpSides } from "../lib/warm-up.mjs";

const GOAL = { on: "ratio", op: ">=", target: 0.95, text: "ratio ≥ 0.95" };
const CONCURRENCY = [1, 8, 64];

await runFigure("Recorder cost", async ({ reps: wanted, quick, warmCalls }) => {
  const reps = Math.min(wanted, 5);
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-recorder-"));
  const scenarioFile = writeBenchScenario(dir, { mode: "instant", clock: "wall" });
  const servers = {
    file: await startCliServer(["--scenario", scenarioFile, "--recordings", join(dir, "recordings")]),
    memory: await startCliServer(["--scenario", scenarioFile, "--no-recordings"]),
  };
  const sides = {
    file: { url: servers.file.url, tool: "lookup", server: servers.file },
    memory: { url: servers.memory.url, tool: "lookup", server: servers.memory },
  };
  const rows = [];
  try {
    // Both servers are fresh processes: each answers the same warm-up calls first
    // (bench/lib/warm-up.mjs), so that the 1-client part does not time their compilation.
    await warmUpSides(sides, { quick, calls: warmCalls });
    for (const clients of CONCURRENCY) {
      const out = { file: [], memory: [] };
      const cpu = { file: [], memory: [] };
      if (!quick) await alternatingThroughput(sides, { clients, slices: 1, sliceSeconds: 0.25 }); // warm-up
      for (let r = 0; r < reps; r++) {
        const got = await alternatingThroughput(sides, {
          clients,
          slices: quick ? 1 : 2,
          sliceSeconds: quick ? 0.2 : 0.5,
          rep: r,
        });
        for (const side of ["file", "memory"]) {
          out[side].push(got[side].perSecond);
          cpu[side].push(got[side].serverCpuUs);
        }
        log(
          `${clients} clients rep ${r + 1}: recording to files ${got.file.perSecond.toFixed(0)} calls/s (${got.file.serverCpuUs.toFixed(0)} µs server CPU per call), --no-recordings ${got.memory.perSecond.toFixed(0)} (${got.memory.serverCpuUs.toFixed(0)} µs)`,
        );
      }
      rows.push(
        row({
          id: `5 http ${clients}`,
          measure: `calls/s over HTTP, ${clients} lean client${clients === 1 ? "" : "s"}, recording to files`,
          unit: "calls/s",
          value: out.file,
          baseline: out.memory,
          baselineLabel: "`serve --no-recordings`",
          goal: GOAL,
          note: `server CPU per call: recording to files ${median(cpu.file).toFixed(0)} µs, --no-recordings ${median(cpu.memory).toFixed(0)} µs`,
        }),
      );
    }
  } finally {
    await servers.file.close();
    await servers.memory.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
});
