// The stdio layer alone, for instruction counts and allocation per message (docs/performance.md,
// the stdio paragraph of issue #17): N tools/call lines handed to the layer as stdin's `data`
// chunks, one line per turn of the event loop as a server reads them, each message answered at
// once with an instant call's answer (344 bytes) written to a sink that takes it at once (the
// write system call, the same for every server, is left out).
//   valgrind --tool=callgrind node bench/lib/stdio-layer.mjs ours 60000   (then 10000; per
//   message: the difference of the two totals over 50,000); `sdk` for the SDK's StdioServerTransport
//   HEAP=1 node --min-semi-space-size=256 --max-semi-space-size=256 --trace-gc bench/lib/stdio-layer.mjs ours 12000
//   (bytes allocated per message after 2,000, on stderr; no scavenge may show after "window start")
import { Readable, Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { load } from "./dist.mjs";

const [which = "ours", count = "60000"] = process.argv.slice(2);
const n = Number(count);
if (!["ours", "sdk"].includes(which) || !Number.isInteger(n) || n <= 2000) {
  console.error("usage: node bench/lib/stdio-layer.mjs ours|sdk N (N > 2000)");
  process.exit(2);
}
const input = new Readable({ read() {} });
const sink = new Writable({
  decodeStrings: false,
  write(_chunk, _encoding, callback) {
    callback();
  },
});
const answer = (id) => ({
  result: {
    content: [
      {
        type: "text",
        text: 'Job job_4kT9x2bQmLp1xYz0aBcDe (lookup) completed.\nResult:\n{"q":"k17","value":42}',
      },
    ],
    structuredContent: {
      job_id: "job_4kT9x2bQmLp1xYz0aBcDe",
      tool: "lookup",
      status: "completed",
      result: { q: "k17", value: 42 },
    },
  },
  jsonrpc: "2.0",
  id,
});
let transport;
if (which === "ours") {
  const { screenLines } = await load("transports/stdio-lines.js");
  const { ScreenedStdioTransport } = await load("transports/screened-stdio.js");
  transport = new ScreenedStdioTransport(sink);
  screenLines(input, sink, { deliver: (message) => transport.deliver(message), end() {} });
} else {
  transport = new StdioServerTransport(input, sink);
}
transport.onmessage = (message) => void transport.send(answer(message.id));
await transport.start();
const lines = Array.from({ length: 100 }, (_, i) =>
  Buffer.from(
    `${JSON.stringify({ method: "tools/call", params: { name: "lookup", arguments: { q: `k${i}` } }, jsonrpc: "2.0", id: i + 7 })}\n`,
  ),
);
const WARM = 2000;
let i = 0;
let heapAtWarm = 0;
const step = () => {
  input.emit("data", lines[i % 100]);
  i++;
  if (i === WARM && process.env.HEAP) {
    heapAtWarm = process.memoryUsage().heapUsed;
    console.error("window start");
  }
  if (i < n) setImmediate(step);
  else if (process.env.HEAP)
    console.error(
      `${((process.memoryUsage().heapUsed - heapAtWarm) / (n - WARM)).toFixed(1)} bytes per message`,
    );
};
step();
