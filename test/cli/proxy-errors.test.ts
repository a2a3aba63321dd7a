import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { runCli } from "../helpers/cli-process.js";

/** What `asynctool proxy` refuses before it serves anything, each with its code and exit status. */

const upstream = ["--", process.execPath, join(packageRoot, "test", "fixtures", "proxy", "slow-server.mjs")];

function configFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "asynctool-proxy-config-")), "proxy.yaml");
  writeFileSync(file, content);
  return file;
}

describe("proxy: bad flags and configs", () => {
  it.each([
    [[], "Name the server to delay"],
    [["--upstream", "http://127.0.0.1:1/mcp", "--", "node", "x.js"], "not both"],
    [["--upstream", "ftp://example.com/mcp"], "not an http(s) URL"],
    [["--latency", "soon", ...upstream], "--latency soon is not a latency"],
    [["--upstream", "http://127.0.0.1:1/mcp", "--header", "no colon"], 'give it as "Name: value"'],
    [["--header", "X-A: 1", ...upstream], "--header goes to an HTTP upstream"],
  ])("refuses %j as a usage error (exit 2)", async (args, message) => {
    const result = await runCli(["proxy", ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error [USAGE]");
    expect(result.stderr).toContain(message);
  });

  it("refuses a config that cannot be read, is not YAML, or breaks the format, naming each problem", async () => {
    const missing = await runCli(["proxy", "--config", "/nonexistent/proxy.yaml", ...upstream]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      "error [PROXY_CONFIG_INVALID]: --config /nonexistent/proxy.yaml cannot be read",
    );
    const notYaml = await runCli(["proxy", "--config", configFile("latency: [1,\n"), ...upstream]);
    expect(notYaml.stderr).toContain("is not valid YAML or JSON");
    const bad = await runCli([
      "proxy",
      "--config",
      configFile(
        "latency: { '*': { uniform: { min: 5, max: 1 } } }\ntasks: [{ id: t, answer: { any: true } }]\nspeed: 2\n",
      ),
      ...upstream,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("error [PROXY_CONFIG_INVALID]");
    expect(bad.stderr).toContain("3 problems");
    expect(bad.stderr).toContain("tasks[0].instruction");
  });

  it("refuses a config whose patterns or gold steps name tools the upstream does not offer", async () => {
    const file = configFile(
      [
        "latency: { search_web: 3 }",
        "tasks:",
        "  - id: t",
        "    instruction: Look something up.",
        "    steps: [{ id: s, tool: search_web }]",
        "    answer: { any: true }",
      ].join("\n"),
    );
    const result = await runCli(["proxy", "--config", file, ...upstream]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error [PROXY_CONFIG_INVALID]");
    expect(result.stderr).toContain("latency.search_web: matches no tool the upstream offers");
    expect(result.stderr).toContain("tasks[0].steps[0]");
  });

  it("says so when the upstream cannot be started or reached", async () => {
    const command = await runCli(["proxy", "--", process.execPath, "-e", "process.exit(5)"]);
    expect(command.code).toBe(1);
    expect(command.stderr).toContain("error [UPSTREAM_UNAVAILABLE]");
    const url = await runCli(["proxy", "--upstream", "http://127.0.0.1:9/mcp"]);
    expect(url.code).toBe(1);
    expect(url.stderr).toContain("error [UPSTREAM_UNAVAILABLE]: The upstream server http://127.0.0.1:9/mcp");
  });
});
