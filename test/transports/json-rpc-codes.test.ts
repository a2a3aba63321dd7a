import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { JSONRPC } from "../../src/jsonrpc-codes.js";
import { packageRoot } from "../../src/paths.js";

/** The one module that spells the JSON-RPC error codes as numbers; every other file names them. */
const CODES_MODULE = "jsonrpc-codes.ts";

const srcDir = join(packageRoot, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The lines of `text` that write a JSON-RPC error code (-32768 to -32000) as a bare number. */
function bareCodes(text: string): string[] {
  return text.split("\n").filter((line) => /-32[0-7]\d\d\b/.test(line));
}

describe("JSON-RPC error codes", () => {
  it("are the numbers JSON-RPC 2.0 and MCP give them", () => {
    expect(JSONRPC).toMatchObject({
      PARSE_ERROR: -32700,
      INVALID_REQUEST: -32600,
      METHOD_NOT_FOUND: -32601,
      INVALID_PARAMS: -32602,
      INTERNAL_ERROR: -32603,
      RESOURCE_NOT_FOUND: -32002,
    });
  });

  it("are written as numbers only in their own module; src/ names them everywhere else", () => {
    const offenders = sourceFiles(srcDir)
      .map((file) => ({
        rel: relative(srcDir, file).replaceAll("\\", "/"),
        text: readFileSync(file, "utf8"),
      }))
      .filter(({ rel }) => rel !== CODES_MODULE)
      .flatMap(({ rel, text }) => bareCodes(text).map((line) => `${rel}: ${line.trim()}`));
    expect(offenders).toEqual([]);
  });

  it("finds a bare code when there is one (the check can fail)", () => {
    expect(bareCodes('reply(null, -32700, "Parse error");\nreply(null, JSONRPC.PARSE_ERROR, "x");')).toEqual([
      'reply(null, -32700, "Parse error");',
    ]);
    expect(bareCodes("const port = 32700;")).toEqual([]);
  });
});
