// Time marks of the phases of a call over stdio, in the client (imported by stdio-phases.mjs) or
// in the server (preloaded: `node --import 'file:///…/stdio-marks.mjs?role=server&out=FILE' …`).
// Each mark is (code, CLOCK_MONOTONIC ns, value) in a preallocated array, so that marking costs
// no allocation; both processes read the same clock, so their marks merge into one timeline.
// The server writes its marks to `out` at exit; the client hands them back in memory.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { Protocol } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { ReadBuffer } from "@modelcontextprotocol/sdk/shared/stdio.js";
import { MARK } from "./stdio-phase-spans.mjs";

export { MARK };

const CAPACITY = 1 << 20;
const marks = new Float64Array(CAPACITY * 3);
let count = 0;
const hr = process.hrtime.bigint;

function mark(code, value = 0) {
  if (count === CAPACITY) return;
  const at = count * 3;
  marks[at] = code;
  // ns since boot: a double holds it exactly for over 100 days of uptime.
  marks[at + 1] = Number(hr());
  marks[at + 2] = value;
  count++;
}

function cpuMicroseconds() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** The marks so far: [code, ns, value, code, ns, value, …]. */
export function marksSoFar() {
  return marks.subarray(0, count * 3);
}

/** The client's marks: around the SDK client's transport and protocol. */
export function markClient(StdioClientTransport) {
  const send = StdioClientTransport.prototype.send;
  StdioClientTransport.prototype.send = function (...args) {
    mark(MARK.clientSend);
    mark(MARK.clientCpu, cpuMicroseconds());
    const sent = send.apply(this, args);
    mark(MARK.clientSent);
    return sent;
  };
  const append = ReadBuffer.prototype.append;
  ReadBuffer.prototype.append = function (chunk) {
    mark(MARK.clientRead, chunk.length);
    return append.call(this, chunk);
  };
  const onresponse = Protocol.prototype._onresponse;
  Protocol.prototype._onresponse = function (response) {
    mark(MARK.clientResponse);
    return onresponse.call(this, response);
  };
  return { done: () => mark(MARK.clientDone) };
}

function markServer(out) {
  const stdin = process.stdin;
  const emit = stdin.emit;
  stdin.emit = function (event, ...args) {
    if (event === "data") {
      mark(MARK.serverRead, performance.eventLoopUtilization().idle);
      mark(MARK.serverCpu, cpuMicroseconds());
    }
    return emit.call(this, event, ...args);
  };
  const stdout = process.stdout;
  const write = stdout.write;
  stdout.write = function (...args) {
    mark(MARK.serverAnswer, typeof args[0] === "string" ? args[0].length : 0);
    const taken = write.apply(this, args);
    mark(MARK.serverAnswered);
    return taken;
  };
  const onrequest = Protocol.prototype._onrequest;
  Protocol.prototype._onrequest = function (...args) {
    mark(MARK.serverRequest);
    return onrequest.apply(this, args);
  };
  // The tools/call handler as the SDK stores it (its request schema's parse, then the handler).
  const setRequestHandler = Protocol.prototype.setRequestHandler;
  Protocol.prototype.setRequestHandler = function (...args) {
    const before = this._requestHandlers.get("tools/call");
    setRequestHandler.apply(this, args);
    const stored = this._requestHandlers.get("tools/call");
    if (stored === undefined || stored === before) return;
    this._requestHandlers.set("tools/call", function (...handlerArgs) {
      mark(MARK.serverHandler);
      return stored.apply(this, handlerArgs);
    });
  };
  const { fstatSync, writeSync } = fs;
  fs.fstatSync = function (...args) {
    mark(MARK.serverStat);
    return fstatSync.apply(this, args);
  };
  fs.writeSync = function (...args) {
    mark(MARK.serverRecord);
    const written = writeSync.apply(this, args);
    mark(MARK.serverRecorded);
    return written;
  };
  syncBuiltinESMExports();
  const { setImmediate: immediate, setTimeout: timeout } = globalThis;
  globalThis.setImmediate = function (...args) {
    mark(MARK.serverImmediate);
    return immediate.apply(this, args);
  };
  globalThis.setTimeout = function (...args) {
    mark(MARK.serverTimeout, typeof args[1] === "number" ? args[1] : 0);
    return timeout.apply(this, args);
  };
  // performance.now() and the monotonic clock differ by a constant: taken once, here.
  const nowNs = Number(hr());
  const perfOrigin = nowNs - performance.now() * 1e6;
  const gcs = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // A scavenge (kind 1, NODE_PERFORMANCE_GC_MINOR) or any other collection.
      const code = entry.detail?.kind === 1 ? MARK.serverGc : MARK.serverOtherGc;
      gcs.push([code, perfOrigin + entry.startTime * 1e6, entry.duration]);
    }
  }).observe({ entryTypes: ["gc"] });
  process.on("exit", () => {
    for (const [code, at, duration] of gcs) {
      if (count === CAPACITY) break;
      marks.set([code, at, duration], count * 3);
      count++;
    }
    fs.writeFileSync(out, Buffer.from(marks.buffer, 0, count * 3 * 8));
  });
}

const params = new URL(import.meta.url).searchParams;
if (params.get("role") === "server") markServer(params.get("out"));
