// asynctool's HTTP server and one lean client in one process, for instruction counts of the
// server's per-call work over HTTP: a callgrind run counts only its own process, and this one
// holds both sides, so two sizes' difference is the calls' cost without start-up.
//   valgrind --tool=callgrind --smc-check=all-non-file node bench/lib/http-in-process.mjs 1200
//   (then 200; per call: the difference of the two totals over 1,000)
// The server is built as bench/lib/server-child.mjs builds it (recording to files in a temporary
// directory); the client makes N instant tool calls one at a time, a fresh session every 200.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "./dist.mjs";
import { leanAgent, openLeanSession } from "./lean-http.mjs";
import { benchScenario } from "./scenario.mjs";

const calls = Number(process.argv[2]);
if (!Number.isInteger(calls) || calls < 1) {
  console.error("usage: node bench/lib/http-in-process.mjs CALLS (a whole number of calls, e.g. 1200)");
  process.exit(2);
}
const { startHttpServer } = await load("transports/http.js");
const { Catalogue } = await load("scenarios/catalogue.js");
const { serverInfo } = await load("paths.js");

const dir = mkdtempSync(join(tmpdir(), "asynctool-http-in-process-"));
const scenario = benchScenario({ mode: "instant", clock: "wall" });
const server = await startHttpServer({
  host: "127.0.0.1",
  port: 0,
  catalogue: new Catalogue([scenario]),
  defaultScenario: scenario.id,
  maxSessions: 1000,
  maxSessionsPerClient: 1000,
  sessionIdleMs: 3_600_000,
  unusedSessionMs: 3_600_000,
  session: {
    seed: 1,
    recordingsDir: join(dir, "rec"),
    server: serverInfo,
    limits: { maxCallsPerSecond: 1_000_000, maxJobs: 1_000_000 },
  },
});
const agent = leanAgent(4);
try {
  for (let done = 0; done < calls; ) {
    const session = await openLeanSession(server.url, agent);
    for (let i = 0; i < 200 && done < calls; i++, done++) {
      const answer = await session.call("lookup", { q: `c${i % 100}` });
      if (answer.isError) throw new Error(`call ${done} failed: ${JSON.stringify(answer)}`);
    }
    await session.close();
  }
} finally {
  agent.destroy();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${calls} calls made`);
