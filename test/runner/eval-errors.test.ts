import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/capture-output.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

async function evalWith(args: readonly string[]) {
  const io = captureOutput();
  const status = await main(["eval", ...args], io);
  return { status, stderr: io.stderr(), stdout: io.stdout() };
}

describe("asynctool eval: errors a user can cause", () => {
  it("API_KEY_MISSING: the provider's own endpoint without its key", async () => {
    vi.stubEnv("ANTHROPIC_API_KEY", undefined);
    const { status, stderr, stdout } = await evalWith([
      "--provider",
      "anthropic",
      "--model",
      "m",
      "--scenario",
      "travel-and-files",
    ]);
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /^error \[API_KEY_MISSING\]: ANTHROPIC_API_KEY is not set: export your anthropic API key/m,
    );
    expect(stdout).toBe("");
  });

  it("API_KEY_MISSING: an empty variable counts as unset", async () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    const { stderr } = await evalWith([
      "--provider",
      "openai",
      "--model",
      "m",
      "--scenario",
      "travel-and-files",
    ]);
    expect(stderr).toContain("error [API_KEY_MISSING]: OPENAI_API_KEY is not set");
  });

  it("PROVIDER_UNKNOWN", async () => {
    const { status, stderr } = await evalWith([
      "--provider",
      "gemini",
      "--model",
      "m",
      "--scenario",
      "travel-and-files",
    ]);
    expect(status).toBe(1);
    expect(stderr).toContain(
      'error [PROVIDER_UNKNOWN]: --provider "gemini" is not one this runner speaks: use openai or anthropic',
    );
  });

  it.each([
    ["--base-url", "localhost:8000"],
    ["--base-url", "not a url"],
    ["--url", "ftp://127.0.0.1/mcp"],
  ])("BASE_URL_INVALID: %s %s", async (flag, value) => {
    const { status, stderr } = await evalWith([
      "--provider",
      "openai",
      "--model",
      "m",
      flag,
      value,
      "--scenario",
      "travel-and-files",
    ]);
    expect(status).toBe(1);
    expect(stderr).toContain(`error [BASE_URL_INVALID]: ${flag} "${value}"`);
    expect(stderr).toContain("http://127.0.0.1:8000/v1");
  });

  it("SCENARIO_NOT_FOUND: an id that is neither shipped nor a file", async () => {
    const { status, stderr } = await evalWith([
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      "http://127.0.0.1:9/v1",
      "--scenario",
      "no-such-scenario",
    ]);
    expect(status).toBe(1);
    expect(stderr).toContain(
      "error [SCENARIO_NOT_FOUND]: --scenario no-such-scenario: neither a file nor a shipped scenario id",
    );
  });

  it("USAGE: no scenarios named", async () => {
    const { status, stderr } = await evalWith([
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      "http://127.0.0.1:9/v1",
    ]);
    expect(status).toBe(2);
    expect(stderr).toContain("error [USAGE]: Give the scenarios to run: --suite DIR, or --scenario ID|FILE.");
  });

  it("USAGE: a missing --model is commander's to report", async () => {
    const { status, stderr } = await evalWith(["--provider", "openai"]);
    expect(status).toBe(2);
    expect(stderr).toContain("required option '--model <name>' not specified");
  });
});
