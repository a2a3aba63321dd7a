// A preload for a server under a figure (`BENCH_SERVER_ARGS="--import ./bench/lib/stall-trace.mjs"`):
// every gap of its event loop over 6 ms (a 1 ms interval's lateness), with the main thread's
// on-CPU time inside it (Linux: /proc/self/task/PID/schedstat), so that a gap the thread spent
// running (our code, the collector) is told apart from one it spent waiting for a core; the
// collections (perf_hooks gc entries) and the HTTP requests that began, by kind (I initialize,
// P another POST of a session, D DELETE, G anything else). Written as JSON at exit to
// STALL_TRACE_OUT (default /tmp/stall-trace-PID.json); read with bench/lib/stall-report.mjs.
// The interval reads a file every millisecond: it adds its own CPU, so do not read the figure's
// CPU rows from a traced run.
import fs from "node:fs";
import http from "node:http";
import { PerformanceObserver, performance } from "node:perf_hooks";

const out = process.env.STALL_TRACE_OUT ?? `/tmp/stall-trace-${process.pid}.json`;
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
/** The main thread's on-CPU time, ms (schedstat's first field is in ns). */
const onCpu = () => Number(fs.readFileSync(schedstat, "utf8").split(" ")[0]) / 1e6;

const gcs = [];
const requests = [];
const stalls = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime, e.duration, e.detail?.kind]);
}).observe({ entryTypes: ["gc"] });

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === "request") {
    const kind =
      req.method === "DELETE" ? "D" : req.method !== "POST" ? "G" : req.headers["mcp-session-id"] ? "P" : "I";
    requests.push([performance.now(), kind]);
  }
  return emit.call(this, event, req, ...rest);
};

let lastWall = performance.now();
let lastCpu = onCpu();
setInterval(() => {
  const wall = performance.now();
  const cpu = onCpu();
  if (wall - lastWall > 6) stalls.push([lastWall, wall - lastWall, cpu - lastCpu]);
  lastWall = wall;
  lastCpu = cpu;
}, 1).unref();

process.on("exit", () => fs.writeFileSync(out, JSON.stringify({ gcs, requests, stalls })));
