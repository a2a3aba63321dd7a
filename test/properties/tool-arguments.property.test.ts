import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  type CallToolResult,
  CallToolResultSchema,
  McpError,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { DeliveryMode } from "../../src/engine/types.js";
import { ERROR_CODES } from "../../src/errors.js";
import { MAX_ARGUMENT_DEPTH } from "../../src/mcp/argument-depth.js";
import { jobTools } from "../../src/mcp/tools/index.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { RECORDING_CAPS } from "../../src/recorder/field-caps.js";
import { parseRecording } from "../../src/recorder/reader.js";
import { loadScenariosAt } from "../../src/scenarios/loader.js";
import type { Scenario } from "../../src/scenarios/scenario.js";
import { ChildStdioTransport, endAndWaitForExit } from "../helpers/child-stdio-transport.js";
import { cliPath } from "../helpers/cli-process.js";
import {
  anyValue,
  argumentObject,
  JOB_REF,
  resolveJobRefs,
  scenarioWords,
  shapedObject,
  type ValueContext,
} from "./arbitraries.js";
import { badToolResult, jobErrorCodes, openWireSession, report, type WireSession } from "./support.js";

const SEED = 20_260_602;
/** Runs per tool in memory; every shipped scenario has 10–20 tools. */
const RUNS_PER_TOOL = 45;
const STDIO_CALLS = 300;

const scenarios: Scenario[] = (await loadScenariosAt(exampleScenariosDir)).map((outcome) => {
  if (!outcome.scenario) throw outcome.error ?? new Error(`cannot load ${outcome.file}`);
  return outcome.scenario;
});

const tally = {
  calls: 0,
  toolErrors: 0,
  successes: 0,
  rpcErrors: 0,
  sessions: 0,
  jobsStarted: 0,
  recordingsChecked: 0,
  tooDeep: 0,
  jobsFailed: 0,
};
const jobFailures = new Map<string, number>();

afterAll(() => {
  report("random tool arguments", {
    ...tally,
    jobErrorCodes: [...jobFailures].map(([code, n]) => `${code}:${n}`).join(",") || "none",
  });
});

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Arguments for one tool: shaped like its schema, its names with any values, or any JSON at all. */
function argumentsFor(tool: Tool, ctx: ValueContext): fc.Arbitrary<unknown> {
  const names = Object.keys(tool.inputSchema.properties ?? {});
  return fc.oneof(
    { weight: 4, arbitrary: shapedObject(tool.inputSchema as Parameters<typeof shapedObject>[0], ctx) },
    { weight: 4, arbitrary: argumentObject(names, ctx) },
    { weight: 1, arbitrary: anyValue(ctx) }, // not an object at all
    { weight: 1, arbitrary: fc.constant(undefined) }, // no arguments
  );
}

/** One tools/call as a client would send it, without the SDK client's own result checks. */
async function rawCall(client: Client, name: string, args: unknown): Promise<CallToolResult | McpError> {
  try {
    return await client.request(
      { method: "tools/call", params: { name, ...(args === undefined ? {} : { arguments: args }) } } as never,
      CallToolResultSchema,
    );
  } catch (error) {
    if (error instanceof McpError) return error;
    throw error;
  }
}

/** Checks one answer; throws (failing the property) on anything that is not a result or a tool error. */
function check(tool: string, args: unknown, answer: CallToolResult | McpError): void {
  tally.calls += 1;
  if (answer instanceof McpError) {
    tally.rpcErrors += 1;
    // The one protocol-level refusal allowed: arguments that are not an object break tools/call's own schema.
    if (isPlainObject(args) || answer.code !== -32602) {
      throw new Error(`${tool}: a JSON-RPC error ${answer.code} (${answer.message}) for ${preview(args)}`);
    }
    return;
  }
  const problem = badToolResult(answer);
  if (problem) throw new Error(`${tool}: ${problem}; arguments ${preview(args)}`);
  const text = answer.content.map((c) => (c.type === "text" ? c.text : "")).join(" ");
  // TOOL_INTERNAL is, by its definition, a bug of ours: the seam or a simulator threw.
  if (answer.isError && text.startsWith("[TOOL_INTERNAL]"))
    throw new Error(`${tool}: the server failed internally on ${preview(args)}`);
  if (answer.isError) tally.toolErrors += 1;
  else tally.successes += 1;
  for (const code of jobErrorCodes(answer.structuredContent)) {
    jobFailures.set(code, (jobFailures.get(code) ?? 0) + 1);
    if (code === "TOOL_INTERNAL") throw new Error(`${tool}: a simulator failed: ${text.slice(0, 300)}`);
  }
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? "undefined";
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

/** What the server received: the arguments as the wire carries them (`{}` when absent). */
function onTheWire(args: unknown): unknown {
  return JSON.parse(JSON.stringify(args ?? {}));
}

/** Levels of objects and arrays (a scalar is 0, `{}` is 1). */
function depthOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

/**
 * One tool's calls in a session at a time. When the episode ends (finish, every task answered),
 * its recording must read back complete and hold every call exactly as sent; the next calls go
 * to a new episode.
 */
class ToolRunner {
  session!: WireSession;
  readonly jobIds: string[] = [];
  /** Calls that reached the recording seam (tool results), in order. */
  private sent: { tool: string; args: unknown }[] = [];

  constructor(
    private readonly scenario: Scenario,
    private readonly mode: DeliveryMode,
    private readonly tool: string,
  ) {}

  async open(): Promise<void> {
    this.session = await openWireSession({
      scenario: this.scenario,
      clock: "step",
      mode: this.mode,
      sessionId: `p-${this.tool}`,
    });
    this.sent = [];
    tally.sessions += 1;
  }

  async call(tool: string, args: unknown): Promise<CallToolResult | McpError> {
    const answer = await rawCall(this.session.client, tool, args);
    check(tool, args, answer);
    if (answer instanceof McpError) return answer;
    this.sent.push({ tool, args: onTheWire(args) });
    const id = answer.isError
      ? undefined
      : (answer.structuredContent as { job_id?: unknown } | undefined)?.job_id;
    if (typeof id === "string") {
      this.jobIds.push(id);
      tally.jobsStarted += 1;
    }
    if (this.session.server.session.started && this.session.server.session.episode.ended) {
      await this.closeAndVerify();
      await this.open();
    }
    return answer;
  }

  async closeAndVerify(): Promise<void> {
    await this.session.close();
    const text = this.session.recordingText();
    const recording = parseRecording(text, `p-${this.tool}`);
    expect(recording.truncated).toBe(false);
    const requests = recording.events.filter((e) => e.type === "request");
    expect(requests.map((r) => r.tool)).toEqual(this.sent.map((s) => s.tool));
    for (const [i, request] of requests.entries()) {
      const sent = this.sent[i]?.args;
      if (depthOf(sent) > MAX_ARGUMENT_DEPTH) {
        // Refused as BAD_ARGUMENTS, and recorded cut at the limit (deeper would overflow the recorder).
        tally.tooDeep += 1;
        expect(depthOf(request.args)).toBeLessThanOrEqual(MAX_ARGUMENT_DEPTH);
        continue;
      }
      const json = JSON.stringify(sent ?? null);
      if (json.length > RECORDING_CAPS.json) {
        // Past the cap: recorded as its first characters, the event saying how long it was.
        expect(request.truncated).toEqual({ args: json.length });
        expect(request.args).toEqual({ $truncated: json.slice(0, 512) });
        continue;
      }
      expect(request.args).toEqual(sent);
    }
    // Every job that ran on random arguments ended as a simulator means to: never TOOL_INTERNAL.
    for (const event of recording.events) {
      if (event.type === "job" && event.error) {
        tally.jobsFailed += 1;
        expect(event.error.code, `${event.tool}: ${event.error.message}`).not.toBe("TOOL_INTERNAL");
        expect(Object.keys(ERROR_CODES)).toContain(event.error.code);
      }
    }
    tally.recordingsChecked += 1;
  }
}

describe("random arguments to every tool of every shipped scenario", () => {
  for (const scenario of scenarios) {
    it(`${scenario.id}: every answer is a result or a tool error, and is recorded`, async () => {
      const words = scenarioWords(scenario);
      const ctx: ValueContext = {
        strings: [...words.strings, ...[0, 1, 2, 3].map((n) => `${JOB_REF}${n}`)],
        numbers: words.numbers,
      };
      const modes: DeliveryMode[] = ["async", "sync", "instant"];
      const probe = await openWireSession({ scenario, clock: "step" });
      const { tools } = await probe.client.listTools();
      await probe.close();
      expect(tools.length).toBe(scenario.tools.size + jobTools.length);

      for (const [index, tool] of tools.entries()) {
        const runner = new ToolRunner(scenario, modes[index % modes.length] as DeliveryMode, tool.name);
        await runner.open();
        await fc.assert(
          fc.asyncProperty(argumentsFor(tool, ctx), async (generated) => {
            await runner.call(tool.name, resolveJobRefs(generated, runner.jobIds));
          }),
          { seed: SEED + index, numRuns: RUNS_PER_TOOL, endOnFailure: true },
        );
        // Still serving after all that.
        const brief = await runner.call("list_tasks", {});
        expect(brief).not.toBeInstanceOf(McpError);
        expect((brief as CallToolResult).isError).not.toBe(true);
        await runner.closeAndVerify();
      }
    });
  }

  // Copying an object assigns its keys, so a copy of arguments with an own `__proto__` key would
  // set the copy's prototype and lose the key: the recorder writes the event as given.
  it("records an argument named __proto__ as sent", async () => {
    const scenario = scenarios[0] as Scenario;
    const session = await openWireSession({ scenario, clock: "step" });
    const args = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    await rawCall(session.client, "list_tasks", args);
    await session.close();
    const recording = parseRecording(session.recordingText(), "proto");
    const request = recording.events.find((e) => e.type === "request");
    expect(Object.keys((request as { args: object }).args)).toEqual(["__proto__", "x"]);
  });
});

describe("random arguments over a real stdio process", () => {
  // A real process answering 300 calls: allow for a loaded 2-core machine (no timing is asserted).
  it(`answers ${STDIO_CALLS} random calls and stays alive`, { timeout: 120_000 }, async () => {
    const scenario = scenarios.find((s) => s.id === "travel-and-files") as Scenario;
    const dir = mkdtempSync(join(tmpdir(), "asynctool-prop-stdio-"));
    // The test spawns the server itself, so that it can wait for the process's own exit.
    const child = spawn(
      process.execPath,
      // The default rate limit (100 calls a second) would refuse most of a burst this fast.
      [cliPath, "serve", "--scenario", scenario.id, "--recordings", dir, "--max-calls-per-second", "100000"],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const transport = new ChildStdioTransport(child);
    const client = new Client({ name: "property-stdio", version: "1" });
    await client.connect(transport);
    const { tools } = await client.listTools();
    // `finish` would end the one episode this process serves, and the rest would only be refused.
    const callable = tools.filter((t) => t.name !== "finish");
    const words = scenarioWords(scenario);
    const ctx: ValueContext = {
      strings: [...words.strings, ...[0, 1, 2].map((n) => `${JOB_REF}${n}`)],
      numbers: words.numbers,
    };
    const calls = fc.sample(
      fc
        .nat({ max: callable.length - 1 })
        .chain((i) =>
          argumentsFor(callable[i] as Tool, ctx).map((args) => ({ tool: callable[i] as Tool, args })),
        ),
      { seed: SEED, numRuns: STDIO_CALLS },
    );
    const jobIds: string[] = [];
    for (const { tool, args: generated } of calls) {
      const args = resolveJobRefs(generated, jobIds);
      const answer = await rawCall(client, tool.name, args);
      check(tool.name, args, answer);
      if (!(answer instanceof McpError) && !answer.isError) {
        const id = (answer.structuredContent as { job_id?: unknown } | undefined)?.job_id;
        if (typeof id === "string") jobIds.push(id);
      }
    }
    expect(child.exitCode).toBeNull(); // alive
    const brief = await rawCall(client, "list_tasks", {});
    expect((brief as CallToolResult).isError).not.toBe(true);
    // The client leaves: the server ends the episode as disconnected and exits by itself.
    expect(await endAndWaitForExit(child)).toBe(0);
    await client.close();
    expect(stderr).not.toMatch(/uncaught|unhandled/i);
    const [file] = readdirSync(dir);
    const recording = parseRecording(readFileSync(join(dir, file as string), "utf8"), file as string);
    expect(recording.end?.status).toBe("disconnected");
    rmSync(dir, { recursive: true, force: true });
    report("random tool arguments over stdio", { calls: calls.length, jobs: jobIds.length });
  });
});
