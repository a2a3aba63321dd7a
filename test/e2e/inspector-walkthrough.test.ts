import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { INSPECTOR_NPX, INSPECTOR_VERSION, inspectorListTools } from "../../src/cli/inspector-command.js";
import { packageRoot } from "../../src/paths.js";
import { readRecording } from "../../src/recorder/reader.js";
import { startListeningCli, stopProcess } from "../helpers/cli-process.js";
import { inspectorEnv } from "../helpers/inspector.js";
import { inspectorLauncher, inspectorNode, inspectorVersion } from "../helpers/inspector-node.js";

/**
 * The README's MCP Inspector walkthrough, run as it is written: the shell blocks between
 * <!-- inspector-walkthrough --> and <!-- /inspector-walkthrough -->. The first block starts the
 * server, the second holds the client's commands. Only the server's address (the test's server
 * listens on a free port) and `npx @modelcontextprotocol/inspector@X` (the installed
 * devDependency, run with a Node it supports) are substituted.
 */

const run = promisify(execFile);
const readme = readFileSync(join(packageRoot, "README.md"), "utf8");
const readmeUrl = "http://127.0.0.1:3000/mcp";

function walkthroughBlocks(): string[][] {
  const section = /<!-- inspector-walkthrough -->([\s\S]*?)<!-- \/inspector-walkthrough -->/.exec(
    readme,
  )?.[1];
  if (!section) throw new Error("README.md has no inspector-walkthrough section");
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((block) =>
    (block[1] as string)
      .replace(/\\\n/g, "")
      .split("\n")
      .filter((line) => line.trim() !== ""),
  );
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A README command as the test runs it: the test's server, the installed Inspector. */
function localCommand(line: string, url: string): string {
  return line
    .replaceAll(INSPECTOR_NPX, `${shellQuote(inspectorNode())} ${shellQuote(inspectorLauncher)}`)
    .replaceAll(readmeUrl, url);
}

/**
 * Runs one command in bash, with the variables earlier commands set. A `NAME=$(...)` line
 * prints the value it gave NAME, which the test keeps for the next commands.
 */
async function runLine(
  line: string,
  vars: Record<string, string>,
): Promise<{ output: string; set?: string }> {
  const set = /^([A-Z_]+)=\$\(/.exec(line)?.[1];
  const script = `set -e -o pipefail\n${line}${set ? `\nprintf '%s' "$${set}"` : ""}`;
  const { stdout } = await run("bash", ["-c", script], {
    cwd: packageRoot,
    env: { ...inspectorEnv(), ...vars },
    timeout: 90_000,
  });
  return set ? { output: stdout, set } : { output: stdout };
}

interface Job {
  job_id: string;
  status: string;
  result?: unknown;
}

/** What each client command of the walkthrough must print, in order. */
const checks: { matches: RegExp; check: (output: string, vars: Record<string, string>) => void }[] = [
  {
    matches: /--method tools\/list$/,
    check: (output) => {
      const tools = (JSON.parse(output) as { tools: { name: string }[] }).tools.map((t) => t.name);
      expect(tools).toEqual(
        expect.arrayContaining(["get_weather", "check_job", "wait_for_jobs", "list_tasks", "submit_answer"]),
      );
    },
  },
  {
    matches: /--tool-name list_tasks$/,
    check: (output) => {
      const { tasks } = (JSON.parse(output) as { structuredContent: { tasks: { task_id: string }[] } })
        .structuredContent;
      expect(tasks.map((t) => t.task_id)).toEqual(["warmer", "price"]);
    },
  },
  {
    matches: /^PARIS=\$\(.*--tool-name get_weather --tool-arg city=Paris \|/,
    check: (output) => expect(output).toMatch(/^job_[\w-]+$/),
  },
  {
    matches: /^ROME=\$\(.*--tool-name get_weather --tool-arg city=Rome \|/,
    check: (output, vars) => {
      expect(output).toMatch(/^job_[\w-]+$/);
      expect(output).not.toBe(vars.PARIS);
    },
  },
  {
    matches: /^echo /,
    check: (output, vars) => expect(output.trim()).toBe(`${vars.PARIS} ${vars.ROME}`),
  },
  {
    matches: /--tool-name wait_for_jobs /,
    check: (output, vars) => {
      const waited = (JSON.parse(output) as { structuredContent: { jobs: Job[]; still_working: string[] } })
        .structuredContent;
      expect(waited.jobs).toMatchObject([
        { job_id: vars.PARIS, status: "completed", result: { city: "Paris", temperature_c: 9 } },
        { job_id: vars.ROME, status: "completed", result: { city: "Rome", temperature_c: 16 } },
      ]);
      expect(waited.still_working).toEqual([]);
    },
  },
  {
    matches: /--tool-name check_job /,
    check: (output, vars) => {
      const { job } = (JSON.parse(output) as { structuredContent: { job: Job } }).structuredContent;
      expect(job).toMatchObject({ job_id: vars.PARIS, status: "completed", result: { city: "Paris" } });
    },
  },
  {
    matches: /--tool-name submit_answer --tool-arg task_id=warmer --tool-arg answer=Rome$/,
    check: (output) => {
      expect((JSON.parse(output) as { structuredContent: unknown }).structuredContent).toEqual({
        task_id: "warmer",
        accepted: true,
        unanswered: ["price"],
        episode_over: false,
      });
    },
  },
];

describe("the README's MCP Inspector walkthrough", () => {
  it("names the Inspector release installed as a devDependency, pinned, everywhere it is printed", () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    expect(manifest.devDependencies["@modelcontextprotocol/inspector"]).toBe(INSPECTOR_VERSION);
    expect(inspectorVersion).toBe(INSPECTOR_VERSION);
    const mentions = readme.match(/npx @modelcontextprotocol\/inspector\S*/g) ?? [];
    expect(mentions.length).toBeGreaterThan(0);
    for (const mention of mentions)
      expect(mention).toBe(`npx @modelcontextprotocol/inspector@${INSPECTOR_VERSION}`);
  });

  // Each Inspector call is a fresh Node process: allow time for ten of them on a busy machine.
  it("runs verbatim against the server it starts: list, call, wait, check, answer", {
    timeout: 300_000,
  }, async () => {
    const [serverBlock, clientBlock, ...rest] = walkthroughBlocks();
    expect(rest).toEqual([]);
    expect(serverBlock).toHaveLength(1);
    const serveLine = (serverBlock as string[])[0] as string;
    expect(serveLine).toMatch(/^node dist\/cli\.js serve [^'"$]*$/);
    const lines = clientBlock as string[];
    expect(lines.map((line) => checks.findIndex((c) => c.matches.test(line)))).toEqual(
      checks.map((_, i) => i),
    );
    for (const line of lines.filter((l) => l.includes("npx"))) expect(line).toContain(INSPECTOR_NPX);

    const dir = mkdtempSync(join(tmpdir(), "asynctool-inspector-walkthrough-"));
    const serveArgs = serveLine.split(/\s+/).slice(2);
    const server = await startListeningCli([...serveArgs, "--port", "0", "--recordings", dir]);
    const vars: Record<string, string> = {};
    try {
      for (const [i, line] of lines.entries()) {
        const { output, set } = await runLine(localCommand(line, server.url), vars);
        (checks[i] as (typeof checks)[number]).check(output, vars);
        if (set) vars[set] = output;
      }
    } finally {
      expect(await stopProcess(server.child)).toBe(0);
    }
    // Every call joined the one episode: one recording, the walkthrough's calls in order.
    const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
    expect(files).toHaveLength(1);
    const recording = await readRecording(join(dir, files[0] as string));
    expect(recording.header.scenario.id).toBe("weather-and-rates");
    expect(recording.header.client?.name).toBe("inspector-cli");
    expect(recording.events.flatMap((e) => (e.type === "request" ? [e.tool] : []))).toEqual([
      "list_tasks",
      "get_weather",
      "get_weather",
      "wait_for_jobs",
      "check_job",
      "submit_answer",
    ]);
  });

  it("the serve banner prints a pinned Inspector command that lists the tools as printed", {
    timeout: 120_000,
  }, async () => {
    const server = await startListeningCli([
      "serve",
      "--transport",
      "http",
      "--port",
      "0",
      "--no-recordings",
    ]);
    try {
      const command = inspectorListTools(server.url);
      const { output } = await runLine(localCommand(command, server.url), {});
      // Read after the Inspector's run: by then the whole banner has arrived.
      const banner = server.stderr();
      expect(banner).toContain(`  ${command}\n`);
      expect(banner).toContain("serve with --shared-episode");
      const tools = (JSON.parse(output) as { tools: { name: string }[] }).tools.map((t) => t.name);
      expect(tools).toContain("search_flights");
    } finally {
      expect(await stopProcess(server.child)).toBe(0);
    }
  });
});
