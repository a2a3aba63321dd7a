// The analysis of bench/lib/stdio-phases.mjs: time marks of the client and of the server (both
// on CLOCK_MONOTONIC) cut into calls and into the phases of each call. Pure: no I/O.

/** Mark codes: the client's, then the server's. */
export const MARK = {
  clientSend: 1, // StdioClientTransport.send entered (the request goes to the pipe)
  clientSent: 2, // … returned
  clientRead: 3, // the answer's bytes reached the client's ReadBuffer
  clientResponse: 4, // Protocol._onresponse: the answer parsed and checked
  clientDone: 5, // the awaiting code resumed (callTool's promise resolved)
  serverRead: 10, // stdin emitted the request's bytes (value: event-loop idle ms so far)
  serverRequest: 11, // Protocol._onrequest: the request screened and handed to the SDK
  serverHandler: 12, // the tools/call handler entered (the SDK's parse of the request, then ours)
  serverStat: 13, // fstatSync entered (the recording's check)
  serverRecord: 14, // writeSync entered (the recording's lines)
  serverRecorded: 15, // … returned
  serverAnswer: 16, // process.stdout.write entered (the answer)
  serverAnswered: 17, // … returned
  serverImmediate: 18, // setImmediate called
  serverGc: 19, // a scavenge started (value: its duration, ms)
  serverTimeout: 20, // setTimeout called
  clientCpu: 21, // at each send: the client process's CPU time so far (value, µs)
  serverCpu: 22, // at each read: the server process's CPU time so far (value, µs)
  serverOtherGc: 24, // another collection (mark-compact, incremental marking, weak callbacks) started
};

/** Marks as [{ code, at, value }] in time order. */
function timeline(marks) {
  const all = [];
  for (let i = 0; i < marks.length; i += 3)
    all.push({ code: marks[i], at: marks[i + 1], value: marks[i + 2] });
  return all.sort((x, y) => x.at - y.at);
}

/** The value of the first mark `code` in segment `i`. */
function cpuAt(segs, i, code) {
  return segs[i].find((e) => e.code === code)?.value ?? Number.NaN;
}

/** The last `count` runs of events that each begin with a mark `code`. */
function segments(events, code, count) {
  const starts = events.flatMap((e, i) => (e.code === code ? [i] : [])).slice(-count);
  return starts.map((start, i) => events.slice(start, starts[i + 1] ?? events.length));
}

/**
 * The phases of the last `n` calls, from the client's marks and the server's ([code, ns, value, …]
 * each, as stdio-marks.mjs keeps them): per phase, quartiles and mean in µs over the calls; per
 * call, the server's timers and collections; per window of 1,000 calls, the server's CPU and the
 * round trip (medians), its scavenges and its other collections.
 */
export function callPhases(clientMarks, serverMarks, n) {
  // Each process's marks cut into calls by its own: the client's at each send, the server's at
  // each read (the answer's write can return after the client has sent the next request). The
  // last n + 1 of each are the n measured calls and the one that closes the last of them.
  const clientCalls = segments(timeline(clientMarks), MARK.clientSend, n + 1);
  const serverCalls = segments(timeline(serverMarks), MARK.serverRead, n + 1);
  const calls = [];
  for (let c = 0; c < n; c++) {
    const [cs, ss, nextCs, nextSs] = [clientCalls[c], serverCalls[c], clientCalls[c + 1], serverCalls[c + 1]];
    const first = (seg, code) => seg.find((e) => e.code === code);
    const answered = first(ss, MARK.serverAnswered)?.at;
    calls.push({
      send: first(cs, MARK.clientSend).at,
      sent: first(cs, MARK.clientSent)?.at,
      read: first(ss, MARK.serverRead).at,
      idle: first(ss, MARK.serverRead).value,
      request: first(ss, MARK.serverRequest)?.at,
      handler: first(ss, MARK.serverHandler)?.at,
      stat: first(ss, MARK.serverStat)?.at,
      record: first(ss, MARK.serverRecord)?.at,
      recorded: first(ss, MARK.serverRecorded)?.at,
      answer: first(ss, MARK.serverAnswer)?.at,
      answered,
      clientRead: first(cs, MARK.clientRead)?.at,
      response: first(cs, MARK.clientResponse)?.at,
      done: first(cs, MARK.clientDone)?.at,
      nextSend: first(nextCs, MARK.clientSend).at,
      nextRead: first(nextSs, MARK.serverRead).at,
      nextIdle: first(nextSs, MARK.serverRead).value,
      serverCpu: cpuAt(serverCalls, c + 1, MARK.serverCpu) - cpuAt(serverCalls, c, MARK.serverCpu),
      clientCpu: cpuAt(clientCalls, c + 1, MARK.clientCpu) - cpuAt(clientCalls, c, MARK.clientCpu),
      immediates: ss.filter((e) => e.code === MARK.serverImmediate).length,
      timeouts: ss.filter((e) => e.code === MARK.serverTimeout).length,
      immediatesAfterAnswer: ss.filter((e) => e.code === MARK.serverImmediate && e.at > answered).length,
      gcs: ss.filter((e) => e.code === MARK.serverGc),
      otherGcs: ss.filter((e) => e.code === MARK.serverOtherGc).length,
      otherGcMs: ss.filter((e) => e.code === MARK.serverOtherGc).map((e) => round(e.value)),
    });
  }
  const us = (a, b) => (a === undefined || b === undefined ? undefined : (b - a) / 1000);
  const spans = {
    "client write (send → sent)": (c) => us(c.send, c.sent),
    "to the server (send → server reads)": (c) => us(c.send, c.read),
    "screen (read → SDK request)": (c) => us(c.read, c.request),
    "SDK dispatch (request → tools/call handler)": (c) => us(c.request, c.handler),
    "handler → fstat": (c) => us(c.handler, c.stat),
    "fstat (→ write)": (c) => us(c.stat, c.record),
    "recording write": (c) => us(c.record, c.recorded),
    "after recording → answer write": (c) => us(c.recorded ?? c.handler, c.answer),
    "answer write (stdout.write)": (c) => us(c.answer, c.answered),
    "server read → answer written": (c) => us(c.read, c.answered),
    "to the client (answer → client reads)": (c) => us(c.answer, c.clientRead),
    "client parse (read → response)": (c) => us(c.clientRead, c.response),
    "client resolve (response → promise)": (c) => us(c.response, c.done),
    "client until next send": (c) => us(c.done, c.nextSend),
    "round trip (send → next send)": (c) => us(c.send, c.nextSend),
    // Each process's CPU time (all its threads) from one call's send or read to the next one's.
    "server CPU per call": (c) => c.serverCpu,
    "client CPU per call": (c) => c.clientCpu,
    // The server's event loop, from this request's read to the next one's: busy is what was not
    // spent waiting in epoll; after the answer is that minus the request's own span.
    "server busy per call (loop)": (c) =>
      c.nextRead === undefined ? undefined : us(c.read, c.nextRead) - (c.nextIdle - c.idle) * 1000,
    "server busy after the answer": (c) =>
      c.nextRead === undefined
        ? undefined
        : us(c.read, c.nextRead) - (c.nextIdle - c.idle) * 1000 - us(c.read, c.answered),
  };
  const result = { phases: {} };
  for (const [label, f] of Object.entries(spans)) {
    const values = calls
      .map(f)
      .filter((v) => v !== undefined && Number.isFinite(v))
      .sort((a, b) => a - b);
    if (values.length === 0) continue;
    const q = (p) => values[Math.min(values.length - 1, Math.floor(p * values.length))];
    result.phases[label] = {
      p25: round(q(0.25)),
      median: round(q(0.5)),
      p75: round(q(0.75)),
      mean: round(mean(values)),
    };
  }
  // Per window of 1,000 calls: the server's CPU and the round trip (medians), its scavenges and
  // other collections (counts), to see the JIT and the heap settle.
  result.byThousand = [];
  for (let w = 0; w + 1000 <= calls.length; w += 1000) {
    const window = calls.slice(w, w + 1000);
    const median = (f) => {
      const v = window
        .map(f)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      return v[v.length >> 1];
    };
    const count = (f) => window.reduce((s, c) => s + f(c), 0);
    result.byThousand.push(
      [
        median((c) => c.serverCpu),
        median((c) => us(c.send, c.nextSend)),
        count((c) => c.gcs.length),
        count((c) => c.otherGcs),
      ].map(round),
    );
  }
  // Collections other than scavenges: [the call they came in, ms].
  result.otherGcs = calls.flatMap((c, i) => c.otherGcMs.map((ms) => [i, ms]));
  const gcs = calls.flatMap((c) => c.gcs);
  result.perCall = {
    setImmediate: round(calls.reduce((s, c) => s + c.immediates, 0) / n),
    setImmediateAfterAnswer: round(calls.reduce((s, c) => s + c.immediatesAfterAnswer, 0) / n),
    setTimeout: round(calls.reduce((s, c) => s + c.timeouts, 0) / n),
    gcsPerThousandCalls: round((gcs.length / n) * 1000),
    gcUsPerCall: round((gcs.reduce((s, g) => s + g.value, 0) / n) * 1000),
    gcMeanUs: gcs.length ? round((gcs.reduce((s, g) => s + g.value, 0) / gcs.length) * 1000) : 0,
  };
  return result;
}

const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const round = (v) => Math.round(v * 10) / 10;
