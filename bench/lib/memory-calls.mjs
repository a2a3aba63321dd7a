// Figure 1's in-memory path in one process, for counts (docs/performance.md, "our own code per
// instant call and per check_job"): the SDK client and asynctool over the in-memory transport,
// recording to a file, instant `lookup` calls or `check_job` calls, one at a time.
//   node bench/lib/memory-calls.mjs tool|check N          a fresh session every 500 calls
//   node --expose-gc bench/lib/memory-calls.mjs tool|check N bytes
// The first form is for callgrind (N = 3,500 minus N = 500, over 3,000); the second prints the
// heap's growth over N calls of one session after 3,000 calls of warm-up and two collections
// (run with a young generation that holds them: --min-semi-space-size=256 --max-semi-space-size=256).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { productInMemory } from "./clients.mjs";
import { benchScenario } from "./scenario.mjs";

const [side = "", count = "", how = ""] = process.argv.slice(2);
const n = Number(count);
if (!["tool", "check"].includes(side) || !Number.isInteger(n) || n <= 0 || !["", "bytes"].includes(how)) {
  console.error("usage: node [--expose-gc] bench/lib/memory-calls.mjs tool|check N [bytes]");
  process.exit(2);
}
if (how === "bytes" && typeof globalThis.gc !== "function") {
  console.error("memory-calls.mjs: the bytes form needs node --expose-gc");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "asynctool-memory-calls-"));
const scenario = benchScenario({ mode: "instant", clock: "wall" });

/** A session with its call: `lookup`, or `check_job` of the job its first call started. */
async function open() {
  const connection = await productInMemory(scenario, { recordingsDir: dir });
  let call = (i) => connection.call("lookup", { q: `k${i % 100}` });
  if (side === "check") {
    const first = await connection.call("lookup", { q: "k" });
    const jobId = first.structuredContent.job_id;
    call = () => connection.call("check_job", { job_id: jobId });
  }
  return { connection, call };
}

async function calls(session, from, to) {
  for (let i = from; i < to; i++) {
    const answer = await session.call(i);
    if (answer.isError)
      throw new Error(`call ${i} was answered with an error: ${JSON.stringify(answer.content)}`);
  }
}

if (how === "bytes") {
  const warm = await open();
  await calls(warm, 0, 3000);
  await warm.connection.close();
  const session = await open();
  await calls(session, 0, 200);
  globalThis.gc();
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  await calls(session, 0, n);
  const after = process.memoryUsage().heapUsed;
  console.log(JSON.stringify({ side, calls: n, bytes: after - before }));
  await session.connection.close();
} else {
  for (let done = 0; done < n; ) {
    const size = Math.min(500, n - done);
    const session = await open();
    await calls(session, 0, size);
    await session.connection.close();
    done += size;
  }
}
rmSync(dir, { recursive: true, force: true });
