// N tools/call requests through the MCP server's handling of them (src/mcp/tools-call-handler.ts,
// `ours`) or through the SDK's own (`Server.setRequestHandler`, `sdk`), with a handler that
// answers an instant call's result at once, for instruction counts of the wrapping alone
// (docs/performance.md, the tools/call paragraph):
//   valgrind --tool=callgrind node --single-threaded bench/lib/tools-call-loop.mjs ours|sdk 60000
//   (then 10000; per call: the difference of the two totals over 50,000)
// Prints N and the length of the last answer's JSON, which both sides must print alike.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { z } from "zod";
import { load } from "./dist.mjs";

const [side = "", count = "10000"] = process.argv.slice(2);
const n = Number(count);
if (!["ours", "sdk"].includes(side) || !Number.isInteger(n) || n <= 0) {
  console.error("usage: node bench/lib/tools-call-loop.mjs ours|sdk N");
  process.exit(2);
}
const { setToolsCallHandler } = await load("mcp/tools-call-handler.js");
const schema = z.object({ method: z.literal("tools/call"), params: z.unknown().optional() });
const server = new Server({ name: "loop", version: "1" }, { capabilities: { tools: {} } });
// An instant call's answer as the server makes it: the handle's text and the handle.
const answer = (q) => {
  const handle = {
    job_id: "job_V1StGXR8_Z5jdHi6B-myT",
    tool: "lookup",
    status: "completed",
    unit: "ms",
    started_at: 1234.567,
    ended_at: 1234.567,
    result: { q, value: 42 },
  };
  return {
    content: [
      {
        type: "text",
        text: `Job ${handle.job_id} (lookup) completed.\nResult:\n${JSON.stringify(handle.result)}`,
      },
    ],
    structuredContent: handle,
  };
};
const handler = (request) => answer(request.params.arguments.q);
if (side === "ours") setToolsCallHandler(server, schema, handler);
else server.setRequestHandler(schema, handler);
const handle = server._requestHandlers.get("tools/call");
const extra = { signal: new AbortController().signal };
let last;
for (let i = 0; i < n; i++) {
  last = await handle(
    { method: "tools/call", params: { name: "lookup", arguments: { q: `c${i % 100}` } } },
    extra,
  );
}
console.log(n, JSON.stringify(last).length);
