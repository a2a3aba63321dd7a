import { afterEach, describe, expect, it, vi } from "vitest";
import { evalCommand } from "../../src/cli/eval.js";
import { main } from "../../src/cli/main.js";
import { exampleScenariosDir } from "../../src/paths.js";
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
  const local = ["--model", "m", "--base-url", "http://127.0.0.1:9/v1", "--scenario", "travel-and-files"];

  it.each([
    [["--provider", "anthropic", "--seed", "3"], "--seed is not a control of the anthropic API"],
    [
      ["--provider", "anthropic", "--reasoning-effort", "low"],
      "--reasoning-effort is not a control of the anthropic API",
    ],
    [
      ["--provider", "openai", "--thinking-budget", "2048"],
      "--thinking-budget is not a control of the openai API",
    ],
    [
      ["--provider", "anthropic", "--token-field", "max_tokens"],
      "--token-field is for OpenAI-compatible endpoints",
    ],
  ])("CONTROL_UNSUPPORTED: %j", async (flags, message) => {
    const { status, stderr } = await evalWith([...flags, ...local]);
    expect(status).toBe(1);
    expect(stderr).toContain(`error [CONTROL_UNSUPPORTED]: ${message}`);
    expect(stderr).toContain("--body-json");
  });

  it.each([
    [["--header", "no-equals-sign"], '--header "no-equals-sign" is not NAME=VALUE'],
    [["--body-json", "{oops"], "--body-json is not JSON"],
    [["--body-json", "[1]"], "--body-json must be a JSON object"],
    [["--api-key-header", "api key"], '--api-key-header "api key" is not a header name'],
    [["--tool-choice", " "], "--tool-choice is empty"],
  ])("PROVIDER_OPTION_INVALID: %j", async (flags, message) => {
    const { status, stderr } = await evalWith(["--provider", "openai", ...flags, ...local]);
    expect(status).toBe(1);
    expect(stderr).toContain(`error [PROVIDER_OPTION_INVALID]: ${message}`);
  });

  it("PRICES_INVALID and SYSTEM_PROMPT_UNREADABLE: files that cannot be used", async () => {
    const prices = await evalWith(["--provider", "openai", "--prices", "/no/such/prices.json", ...local]);
    expect(prices.stderr).toContain("error [PRICES_INVALID]: --prices /no/such/prices.json:");
    expect(prices.stderr).toContain('{"my-model": {"input": 0.5, "cachedInput": 0.05, "output": 1.5}}');
    const prompt = await evalWith([
      "--provider",
      "openai",
      "--system-prompt",
      "/no/such/prompt.txt",
      ...local,
    ]);
    expect(prompt.stderr).toContain(
      "error [SYSTEM_PROMPT_UNREADABLE]: --system-prompt /no/such/prompt.txt cannot be read",
    );
  });

  it.each([
    [["--episodes", "no-such-id"], '--episodes: no scenario "no-such-id" in the run'],
    [["--episodes", "zz*"], "--episodes zz*: the glob matches no scenario id of the run"],
    [
      ["--category", "Astrology"],
      "--category Astrology: no scenario of the run has it; the categories here are ",
    ],
  ])("SELECTION_EMPTY: %j", async (flags, message) => {
    const { status, stderr } = await evalWith([
      "--provider",
      "openai",
      "--model",
      "m",
      "--base-url",
      "http://127.0.0.1:9/v1",
      "--suite",
      exampleScenariosDir,
      ...flags,
    ]);
    expect(status).toBe(1);
    expect(stderr).toContain(`error [SELECTION_EMPTY]: ${message}`);
  });

  it("eval --help documents every flag", async () => {
    const io = captureOutput();
    const status = await main(["eval", "--help"], io);
    expect(status).toBe(0);
    const flags = evalCommand(io, () => {}).options.map((o) => ({ long: o.long, text: o.description }));
    expect(flags.length).toBe(45);
    for (const flag of flags) {
      expect(flag.text.length, `${flag.long} has a description`).toBeGreaterThan(10);
      expect(io.stdout(), `${flag.long} is in the help`).toContain(`${flag.long} `);
    }
  });
});
