// Figure 2. Throughput over Streamable HTTP with 1, 8 and 64 concurrent clients (one MCP session
// each, calls made back to back), asynctool's instant tool call against the bare SDK echo
// server; each server in its own process, the clients in this one, the two sides measured in
// alternating half-second slices. Also noted: the server's CPU time per call, which a client
// that is itself the bottleneck cannot show.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServerChild } from "../lib/clients.mjs";
import { log, row, runFigure } from "../lib/figure.mjs";
import { alternatingThroughput } from "../lib/throughput.mjs";

const GOAL = { on: "ratio", op: ">=", target: 0.8, text: "ratio ≥ 0.8" };
const CONCURRENCY = [1, 8, 64];

await runFigure("HTTP throughput", async ({ reps: wanted, quick }) => {
  const reps = Math.min(wanted, 3);
  const dir = mkdtempSync(join(tmpdir(), "asynctool-bench-throughput-"));
  const servers = {
    bare: await startServerChild("bare-http"),
    product: await startServerChild("product-http", {
      scenario: { mode: "instant", clock: "wall" },
      recordingsDir: join(dir, "recordings"),
    }),
  };
  const sides = {
    bare: { url: servers.bare.url, tool: "echo", server: servers.bare },
    product: { url: servers.product.url, tool: "lookup", server: servers.product },
  };
  const slicing = { slices: quick ? 2 : 4, sliceSeconds: quick ? 0.25 : 0.5 };

  const rows = [];
  try {
    for (const clients of CONCURRENCY) {
      const bare = [];
      const product = [];
      const cpu = { bare: [], product: [] };
      await alternatingThroughput(sides, { clients, slices: 2, sliceSeconds: 0.25 }); // warm-up
      for (let r = 0; r < reps; r++) {
        const out = await alternatingThroughput(sides, { clients, ...slicing });
        bare.push(out.bare.perSecond);
        product.push(out.product.perSecond);
        cpu.bare.push(out.bare.serverCpuUs);
        cpu.product.push(out.product.serverCpuUs);
        log(
          `${clients} clients rep ${r + 1}: bare ${out.bare.perSecond.toFixed(0)}/s (${out.bare.serverCpuUs.toFixed(0)} µs server CPU per call), asynctool ${out.product.perSecond.toFixed(0)}/s (${out.product.serverCpuUs.toFixed(0)} µs)`,
        );
      }
      rows.push(
        row({
          id: `2 http ${clients}`,
          measure: `calls/s over HTTP, ${clients} client${clients === 1 ? "" : "s"}`,
          unit: "calls/s",
          value: product,
          baseline: bare,
          baselineLabel: "bare SDK echo",
          goal: GOAL,
          note: `server CPU per call: asynctool ${median(cpu.product).toFixed(0)} µs, bare ${median(cpu.bare).toFixed(0)} µs`,
        }),
      );
    }
  } finally {
    await servers.bare.close();
    await servers.product.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
});

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
}
