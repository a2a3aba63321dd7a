import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-process.js";

/** `asynctool dashboard` shows what recordings hold: beyond loopback only with a bearer token. */

describe("asynctool dashboard binding", () => {
  it("refuses a non-loopback address without a token (AUTH_REQUIRED), before it listens", async () => {
    const { code, stderr } = await runCli(["dashboard", "--host", "0.0.0.0", "--port", "0"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/error \[AUTH_REQUIRED\]: binding 0\.0\.0\.0 .*ASYNCTOOL_AUTH_TOKEN/);
  });
});
