import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.js";

/**
 * The layers of docs/architecture.md, enforced: who may import whom, who may import the MCP SDK
 * and express, and that only the CLI touches argv, env, signals and the exit status.
 */

const srcDir = join(packageRoot, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/**
 * The layer of a file (its path under src/, without .ts): its first folder, or its file name for
 * top-level files. src/domains/ holds two layers: the simulators (each domain's tools and state
 * model, the shared types, the registry of tools), which scenarios compile against, and the
 * domain packages (templates, their kits, each domain's index, the registry of packages), which
 * build on the dataset's template contract.
 */
function layerOf(path: string): string {
  const parts = path.split("/");
  if (parts.length === 1) return parts[0] as string;
  if (parts[0] !== "domains") return parts[0] as string;
  const name = parts.at(-1);
  const isPackage =
    parts.includes("templates") || name === "kit" || name === "index" || path === "domains/package";
  return isPackage ? "domain-packages" : "domains";
}

/** Shared by every layer: plain data helpers, errors, the JSON-RPC error codes by name, the package's own paths and name. */
const SHARED = ["json", "errors", "jsonrpc-codes", "paths"];

const ALLOWED: Record<string, string[]> = {
  // A simulator knows its own state and the shared contract; a latency is the one word it borrows.
  domains: ["domains", "scenarios/latency-spec"],
  scenarios: ["scenarios", "engine/types", "domains"],
  engine: ["engine", "scenarios", "domains"],
  recorder: ["recorder", "engine", "scenarios"],
  metrics: ["metrics", "recorder", "engine", "scenarios"],
  report: ["report", "metrics", "recorder", "engine", "scenarios"],
  mcp: ["mcp", "recorder", "engine", "scenarios"],
  agents: ["agents", "scenarios", "engine"],
  // The live view: the report's renderer over recordings as they are written; no I/O of its own.
  dashboard: ["dashboard", "report", "metrics", "recorder", "engine", "scenarios"],
  transports: ["transports", "mcp", "dashboard", "recorder", "engine", "scenarios"],
  // The client side of MCP: connections over each transport, the episode openers.
  client: ["client", "transports", "mcp", "agents", "recorder", "engine", "scenarios"],
  harness: [
    "harness",
    "client",
    "mcp",
    "agents",
    "metrics",
    "report",
    "recorder",
    "engine",
    "scenarios",
    "dataset",
  ],
  dataset: ["dataset", "scenarios", "engine", "domains"],
  // Templates build tasks for the simulators with the dataset's template contract; nothing below
  // imports them: the CLI hands the registry's templates to the generator.
  "domain-packages": ["domain-packages", "domains", "dataset", "scenarios", "engine"],
  // The model runner drives MCP through AgentTools only: the CLI opens the sessions for it.
  runner: ["runner", "agents", "scenarios", "engine", "recorder", "metrics", "report"],
  // Training data from recordings: pure functions of (scenario, recording, metrics).
  exports: ["exports", "metrics", "recorder", "engine", "scenarios", "report"],
};

const files = sourceFiles(srcDir).map((file) => ({
  file,
  rel: relative(srcDir, file).replaceAll("\\", "/"),
  layer: layerOf(relative(srcDir, file).replaceAll("\\", "/").replace(/\.ts$/, "")),
  text: readFileSync(file, "utf8"),
}));

function imports(text: string): string[] {
  const forms = [
    /^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm, // import x from "m", export { x } from "m"
    /^\s*import\s+"([^"]+)"/gm, // import "m" (side effects)
    /\bimport\(\s*"([^"]+)"\s*\)/g, // import("m")
  ];
  return forms.flatMap((form) => [...text.matchAll(form)].map((m) => m[1] as string));
}

/** The source files a file imports (relative imports only: the package's own graph). */
function localImports(file: string, text: string): string[] {
  return imports(text)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => join(file, "..", spec).replace(/\.js$/, ".ts"));
}

/** Every import circle among the files, each as the path that closes it (depth-first search). */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const circles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string) => {
    if (onPath.has(node)) {
      circles.push([...path.slice(path.indexOf(node)), node]);
      return;
    }
    if (done.has(node)) return;
    onPath.add(node);
    path.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    path.pop();
    onPath.delete(node);
    done.add(node);
  };
  for (const node of graph.keys()) visit(node);
  return circles;
}

describe("architecture", () => {
  it("has no import circle among the source files (type imports included)", () => {
    const graph = new Map(files.map((f) => [f.file, localImports(f.file, f.text)]));
    const circles = importCircles(graph).map((circle) =>
      circle.map((file) => relative(srcDir, file).replaceAll("\\", "/")).join(" -> "),
    );
    expect(circles).toEqual([]);
  });

  it("finds an import circle when there is one (the check can fail)", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(importCircles(graph)).toEqual([["a", "b", "c", "a"]]);
    expect(
      importCircles(
        new Map([
          ["a", ["b"]],
          ["b", []],
        ]),
      ),
    ).toEqual([]);
  });

  it("keeps each layer to the layers below it", () => {
    const violations: string[] = [];
    for (const { file, rel, layer, text } of files) {
      const allowed = ALLOWED[layer];
      if (!allowed) continue; // cli and the entry point may import anything
      for (const spec of imports(text)) {
        if (!spec.startsWith(".")) continue;
        const target = relative(srcDir, join(file, "..", spec))
          .replaceAll("\\", "/")
          .replace(/\.js$/, "");
        const targetLayer = layerOf(target);
        const ok =
          SHARED.includes(target) ||
          allowed.includes(targetLayer) ||
          allowed.some((a) => a.includes("/") && target === a);
        if (!ok) violations.push(`${rel} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("lets only mcp/, transports/ and client/ import the MCP SDK, and only transports/ import express", () => {
    // Both SDK lines: v1 (`sdk`) and v2 (`server`, `client`, `core`).
    const sdk = files.filter((f) =>
      imports(f.text).some((s) => /^@modelcontextprotocol\/(sdk|server|client|core)(\/|$)/.test(s)),
    );
    expect(
      sdk.filter((f) => !["mcp", "transports", "client", "cli"].includes(f.layer)).map((f) => f.rel),
    ).toEqual([]);
    const express = files.filter((f) =>
      imports(f.text).some((s) => s === "express" || s.startsWith("express/")),
    );
    expect(express.filter((f) => f.layer !== "transports").map((f) => f.rel)).toEqual([]);
  });

  it("lets only the CLI read argv and env, handle signals or set the exit status", () => {
    const pattern = /process\.(argv|env|exit|exitCode|on\(|once\()|from "(node:)?process"/;
    const offenders = files
      .filter((f) => f.layer !== "cli" && f.rel !== "cli.ts" && pattern.test(f.text))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it("writes to stdout only from the CLI and the stdio transport (stdout is the protocol on stdio)", () => {
    // console.* is refused by the linter outside the CLI (biome.json, noConsole).
    const allowed = (f: (typeof files)[number]) =>
      f.layer === "cli" || f.rel === "cli.ts" || f.rel === "transports/stdio.ts";
    const offenders = files.filter((f) => !allowed(f) && /process\.stdout/.test(f.text)).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });
});
