// A server's CPU profile (`node --cpu-prof`), its samples summed by the code they belong to: each
// of our files apart, the SDK by file, zod, express and its router, `@hono/node-server`, Node's
// http, streams and the rest, undici (the web Request and Response), the collector, "(program)"
// (native work with no JavaScript on the stack: the loop, the kernel's calls) and idle. A native
// function a frame of JavaScript called is charged to its caller's group, but for the system calls
// of a socket's or a file's write and `fstat`, which are groups of their own. Samples may be kept
// to a window of the monotonic clock (bench/lib/http-calls.mjs prints each window's `monotonicUs`).
//   node bench/lib/profile-groups.mjs FILE.cpuprofile '{"window":[startUs,endUs],"calls":6000,"cpuUs":455,"top":20}'
// Prints JSON: every group's samples, share of the busy samples (all but idle), and with `calls`
// its µs per call, wall time in the frame (samples × the mean interval / calls) and, with `cpuUs`
// (the main thread's CPU µs per call over the window), the busy share of it; with `top`, our
// code's heaviest functions by self samples; with `focus` (a group's name or its start), the
// heaviest functions of those groups instead, each with its nearest caller outside its group.
import { readFileSync } from "node:fs";

/** Packages counted as express's request path (express 5 and what it requires per request). */
const EXPRESS = new Set([
  "express",
  "router",
  "path-to-regexp",
  "parseurl",
  "finalhandler",
  "on-finished",
  "accepts",
  "negotiator",
  "content-type",
  "type-is",
  "media-typer",
  "mime-types",
  "mime-db",
  "qs",
  "depd",
  "debug",
  "ms",
  "encodeurl",
  "escape-html",
  "statuses",
  "http-errors",
  "setprototypeof",
  "inherits",
  "send",
  "fresh",
  "etag",
  "vary",
  "cookie",
  "cookie-signature",
  "range-parser",
  "proxy-addr",
  "forwarded",
  "ipaddr.js",
  "merge-descriptors",
  "utils-merge",
  "safe-buffer",
  "once",
  "wrappy",
  "is-promise",
  "side-channel",
  "object-inspect",
  "content-disposition",
  "serve-static",
  "cors",
]);
const BODY_PARSER = new Set(["body-parser", "raw-body", "iconv-lite", "bytes", "unpipe", "safer-buffer"]);

/** The system calls a profile sees as native frames of their own. */
const SOCKET_WRITES = new Set([
  "writev",
  "writeUtf8String",
  "writeBuffer",
  "writeLatin1String",
  "writeAsciiString",
]);
const FILE_CALLS = new Set(["fstat", "writeString", "write", "fsync", "close", "open"]);

export function groupOf(url, name) {
  if (!url) return undefined;
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length);
    const parts = rest.split("/");
    const pkg = parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
    if (pkg === "@modelcontextprotocol/sdk") {
      const file = rest.replace(/^@modelcontextprotocol\/sdk\/dist\/(esm|cjs)\//, "");
      return `sdk ${file}`;
    }
    if (pkg === "zod" || pkg === "zod-to-json-schema") return "zod";
    if (pkg === "@hono/node-server") return "@hono/node-server";
    if (EXPRESS.has(pkg)) return "express and its router";
    if (BODY_PARSER.has(pkg)) return "body-parser, raw-body, iconv-lite";
    return `package ${pkg}`;
  }
  const dist = url.lastIndexOf("/dist/");
  if (dist >= 0 && url.startsWith("file://")) return `ours ${url.slice(dist + "/dist/".length)}`;
  if (url.startsWith("file://")) return `bench ${url.slice(url.lastIndexOf("/") + 1)}`;
  if (url.startsWith("node:")) {
    const path = url.slice("node:".length);
    if (/undici/.test(path)) return "node: undici (Request, Response, Headers)";
    if (/webstreams/.test(path)) return "node: web streams";
    if (/abort_controller|event_target|internal\/event_target/.test(path))
      return "node: AbortController, EventTarget";
    if (/_http_|internal\/http|^http$/.test(path)) return "node: http";
    if (/streams|^stream$/.test(path)) return "node: streams";
    if (/^net$|internal\/net|stream_base_commons/.test(path)) return "node: net";
    if (/^events$|internal\/events/.test(path)) return "node: events";
    if (/timers/.test(path)) return "node: timers";
    if (/task_queues|async_hooks|promise/.test(path)) return "node: microtasks, nextTick, async hooks";
    if (/^fs$|internal\/fs/.test(path)) return "node: fs";
    if (/url/.test(path)) return "node: url";
    if (/crypto/.test(path)) return "node: crypto";
    return "node: other";
  }
  return `other ${name}`;
}

export function readProfile(profile, { window, focus } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const groupCache = new Map();
  /** The group of a sample's node: its own file's, or, for a native, its caller's. */
  const group = (id) => {
    const cached = groupCache.get(id);
    if (cached !== undefined) return cached;
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName;
    let out;
    if (name.startsWith("(")) out = name;
    else if (!callFrame.url && SOCKET_WRITES.has(name)) out = "syscall: socket write";
    else if (!callFrame.url && FILE_CALLS.has(name)) out = "syscall: file (fstat, write)";
    else if (!callFrame.url) {
      const up = parent.get(id);
      out = up === undefined ? "native, no caller" : group(up);
    } else out = groupOf(callFrame.url, name);
    groupCache.set(id, out);
    return out;
  };
  /** The nearest caller of `id` outside its group `g` (so a zod check's caller is not zod). */
  const callerOutside = (id, g) => {
    let up = parent.get(id);
    while (up !== undefined && group(up) === g) up = parent.get(up);
    return up;
  };
  const counts = new Map();
  const functions = new Map();
  let t = profile.startTime;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let kept = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (window && (t < window[0] || t > window[1])) continue;
    first = Math.min(first, t);
    last = Math.max(last, t);
    kept += 1;
    const id = profile.samples[i];
    const g = group(id);
    counts.set(g, (counts.get(g) ?? 0) + 1);
    const { callFrame } = byId.get(id);
    const key = focus
      ? g.startsWith(focus)
        ? `${frameName(byId.get(id))} <- ${frameName(byId.get(callerOutside(id, g)))}`
        : undefined
      : g.startsWith("ours ") && callFrame.url
        ? `${callFrame.functionName || "(anonymous)"} ${g.slice(5)}:${callFrame.lineNumber + 1}`
        : undefined;
    if (key !== undefined) functions.set(key, (functions.get(key) ?? 0) + 1);
  }
  return { counts, functions, kept, spanUs: last - first };
}

function frameName(node) {
  if (!node) return "(none)";
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.slice(url.lastIndexOf("/") + 1) : "";
  return `${functionName || "(anonymous)"}${file ? ` ${file}:${lineNumber + 1}` : ""}`;
}

async function main() {
  const [file, json = "{}"] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node bench/lib/profile-groups.mjs FILE.cpuprofile '{options}'");
    process.exit(2);
  }
  const opt = JSON.parse(json);
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const { counts, functions, kept, spanUs } = readProfile(profile, opt);
  const idle = counts.get("(idle)") ?? 0;
  const busy = kept - idle;
  const intervalUs = kept > 1 ? spanUs / (kept - 1) : 0;
  const groups = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, samples]) => {
      const share = name === "(idle)" ? null : samples / busy;
      return {
        name,
        samples,
        share: share === null ? null : Math.round(share * 10_000) / 10_000,
        ...(opt.calls ? { wallUsPerCall: Math.round(((samples * intervalUs) / opt.calls) * 100) / 100 } : {}),
        ...(opt.cpuUs && share !== null ? { cpuUsPerCall: Math.round(share * opt.cpuUs * 100) / 100 } : {}),
      };
    });
  const top = opt.top
    ? [...functions.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, opt.top)
        .map(([name, samples]) => ({ name, samples, share: Math.round((samples / busy) * 10_000) / 10_000 }))
    : undefined;
  console.log(
    JSON.stringify({ file, samples: kept, busy, idle, intervalUs, groups, ...(top ? { top } : {}) }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
