// A server in its own process, so that client and server each have a core and the server's
// memory is its own. `node server-child.mjs <kind> '<json options>'`:
//   bare-stdio    the bare SDK echo server over stdio
//   bare-http     the bare SDK echo server over Streamable HTTP (URL sent over IPC)
//                 (both: option durable { dir, lineBytes }, the durability floor of bare.mjs)
//   product-http  asynctool's HTTP server on the bench scenario (URL sent over IPC); options:
//                 scenario, recordingsDir (null: in memory), recording: "off", maxSessions
// Over IPC it answers { cmd: "memory" } (after GC when --expose-gc), { cmd: "cpu" } and
// { cmd: "probe" } (plain timers' lateness), and stops on { cmd: "close" }.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createBareServer, startBareHttpServer } from "./bare.mjs";
import { load } from "./dist.mjs";
import { benchScenario } from "./scenario.mjs";

const [kind = "", json = "{}"] = process.argv.slice(2);
const options = JSON.parse(json);

async function settle() {
  if (typeof globalThis.gc !== "function") return;
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

if (kind === "bare-stdio") {
  await createBareServer(options.durable).connect(new StdioServerTransport());
} else {
  let server;
  if (kind === "bare-http") {
    server = await startBareHttpServer(0, options.durable);
  } else if (kind === "product-http") {
    const [{ startHttpServer }, { Catalogue }, { serverInfo }] = await Promise.all([
      load("transports/http.js"),
      load("scenarios/catalogue.js"),
      load("paths.js"),
    ]);
    if (options.recording === "off") {
      // For the recorder figure: each session's recording is closed as soon as its episode
      // starts, so that no event is written (a closed recording is skipped, the episode runs on).
      const { EpisodeSession } = await load("mcp/episode-session.js");
      const start = EpisodeSession.prototype.start;
      EpisodeSession.prototype.start = function (...args) {
        const episode = start.apply(this, args);
        if (this.sink && !this.sink.closed) this.sink.close("finished", "recording off for the bench");
        return episode;
      };
    }
    const scenario = benchScenario(options.scenario ?? {});
    server = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      catalogue: new Catalogue([scenario]),
      defaultScenario: scenario.id,
      maxSessions: options.maxSessions ?? 1000,
      // Every bench session comes from this one address.
      maxSessionsPerClient: options.maxSessions ?? 1000,
      // Sessions are closed by the bench; the idle sweep must not close any mid-measurement.
      sessionIdleMs: 3_600_000,
      unusedSessionMs: 3_600_000,
      session: {
        seed: 1,
        recordingsDir: options.recordingsDir ?? null,
        server: serverInfo,
        limits: { maxCallsPerSecond: options.maxCallsPerSecond ?? 1_000_000, maxJobs: 1_000_000 },
      },
    });
  } else {
    throw new Error(`unknown server kind ${kind}`);
  }
  // The bench that started this server is gone (killed, timed out): do not linger.
  process.on("disconnect", () => process.exit(0));
  process.on("message", async (message) => {
    if (message.cmd === "memory") {
      // "memory-now" reads it without forced GC, which would stall the timers being measured.
      if (!message.now) await settle();
      const m = process.memoryUsage();
      process.send({ memory: { heapUsed: m.heapUsed, rss: m.rss }, sessions: server.sessionCount() });
    } else if (message.cmd === "probe") {
      // Plain setTimeout timers with random delays, run alongside whatever the server is doing:
      // how late this process's event loop fires timers under that load.
      const { count, min, max } = message;
      const lateness = [];
      await new Promise((resolve) => {
        for (let i = 0; i < count; i++) {
          const delay = min + Math.random() * (max - min);
          const due = performance.now() + delay;
          setTimeout(() => {
            lateness.push(performance.now() - due);
            if (lateness.length === count) resolve();
          }, delay);
        }
      });
      process.send({ probe: lateness });
    } else if (message.cmd === "cpu") {
      process.send({ cpu: process.cpuUsage() });
    } else if (message.cmd === "close") {
      await server.close();
      process.exit(0);
    }
  });
  process.send({ url: server.url });
}
