import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { beforeAll, describe, expect, it } from "vitest";
import { readRecording } from "../../src/recorder/reader.js";
import { ChildStdioTransport, endAndWaitForExit } from "../helpers/child-stdio-transport.js";
import { cliPath } from "../helpers/cli-process.js";

/**
 * Claude Desktop starts stdio servers with the working directory `/`, where a user cannot write.
 * The server must still answer initialize and record into the user's data directory. Run as
 * root, the test drops to an unprivileged uid (as Claude Desktop's user is); otherwise it runs
 * as the current user, who cannot write `/` either.
 */
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const user = asRoot ? { uid: NOBODY, gid: NOBODY } : {};

function freshHome(): string {
  const home = mkdtempSync(join(tmpdir(), "asynctool-home-"));
  if (asRoot) chownSync(home, NOBODY, NOBODY);
  return home;
}

describe("a stdio server started in / by an unprivileged user", () => {
  beforeAll(() => {
    // The unprivileged uid must be able to run this Node (CI installs Node 22/24 under mktemp -d).
    const probe = spawnSync(process.execPath, ["--version"], { cwd: "/", ...user, encoding: "utf8" });
    if (probe.status !== 0) {
      throw new Error(
        `${process.execPath} cannot be run by uid ${NOBODY} (${probe.error?.message ?? probe.stderr}): ` +
          "make the directories above it readable and searchable by others (chmod 755)",
      );
    }
  });

  it("answers initialize, records into the per-user data directory, and report finds it there", async () => {
    const home = freshHome();
    const env = { PATH: process.env.PATH ?? "", HOME: home };
    const child = spawn(process.execPath, [cliPath, "serve"], { cwd: "/", env, ...user, stdio: "pipe" });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const transport = new ChildStdioTransport(child);
    const client = new Client({ name: "desktop-like", version: "1" });
    await client.connect(transport);
    const tasks = await client.callTool({ name: "list_tasks", arguments: {} });
    expect(tasks.isError).not.toBe(true);
    await client.close();
    expect(await endAndWaitForExit(child)).toBe(0);

    const dir = join(home, ".local", "share", "asynctool", "recordings");
    // The start-up line names the absolute directory.
    expect(stderr).toContain(JSON.stringify(dir));
    expect(existsSync(join("/", "recordings"))).toBe(false);
    const files = readdirSync(dir).filter((name) => name.endsWith(".jsonl"));
    expect(files).toHaveLength(1);
    const recording = await readRecording(join(dir, files[0] as string));
    expect(recording.header.client).toEqual({ name: "desktop-like", version: "1" });
    expect(recording.end?.status).toBe("disconnected");

    // `report` with no path reads the same directory.
    const report = spawnSync(process.execPath, [cliPath, "report", "--json"], {
      cwd: "/",
      env,
      ...user,
      encoding: "utf8",
    });
    expect(report.status).toBe(0);
    expect(report.stderr).toContain(dir);
    expect(report.stdout).toContain(files[0]);
    // Spawns server processes: room for a loaded machine.
  }, 120_000);

  it("says where it looked when report finds nothing recorded yet", () => {
    const home = freshHome();
    const report = spawnSync(process.execPath, [cliPath, "report"], {
      cwd: "/",
      env: { PATH: process.env.PATH ?? "", HOME: home, XDG_DATA_HOME: join(home, "data") },
      ...user,
      encoding: "utf8",
    });
    expect(report.status).toBe(1);
    expect(report.stderr).toContain("RECORDING_NOT_FOUND");
    expect(report.stderr).toContain(join(home, "data", "asynctool", "recordings"));
  });
});
