// The CLI itself, `asynctool <args…>`, run in this process so that the bench can read what the
// process costs: `node cli-child.mjs <args…>` runs dist/cli.js with those arguments unchanged and,
// when forked with IPC, answers { cmd: "cpu" } (process.cpuUsage) and { cmd: "probe" } (plain
// timers' lateness beside whatever the command is doing). When BENCH_USAGE_FILE is set, the
// process's resource usage at exit (CPU time, peak RSS) is written there as JSON: the cost of
// the whole command, start-up and exit included.
import { writeFileSync } from "node:fs";
import { cliPath } from "./dist.mjs";

const usageFile = process.env.BENCH_USAGE_FILE;
if (usageFile) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    // userCPUTime and systemCPUTime in µs, maxRSS in KiB.
    writeFileSync(
      usageFile,
      JSON.stringify({ userUs: u.userCPUTime, systemUs: u.systemCPUTime, maxRssKiB: u.maxRSS }),
    );
  });
}

if (process.send) {
  // The bench that started this process is gone: do not linger.
  process.on("disconnect", () => process.exit(0));
  process.on("message", async (message) => {
    if (message.cmd === "cpu") process.send({ cpu: process.cpuUsage() });
    else if (message.cmd === "memory") {
      const m = process.memoryUsage();
      process.send({ memory: { heapUsed: m.heapUsed, rss: m.rss } });
    } else if (message.cmd === "probe") {
      const { probeTimers } = await import("./probe.mjs");
      process.send({ probe: await probeTimers(message) });
    }
  });
}

process.argv = [process.argv[0], cliPath, ...process.argv.slice(2)];
await import(cliPath);
