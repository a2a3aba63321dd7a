import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_META_KEY } from "../src/mcp/error-meta.js";
import { packageRoot } from "../src/paths.js";
import { connectInMemory, textOf } from "./helpers/in-memory.js";
import { declaredScenario } from "./helpers/scenarios.js";

/** docs/errors.md says where an agent finds a tool error's code; a real tool error must carry it there. */
const doc = readFileSync(join(packageRoot, "docs", "errors.md"), "utf8");

/** The location the doc's opening paragraph states, as `_meta["key"].code`. */
function documentedKey(): string | undefined {
  const intro = doc.slice(0, doc.indexOf("\n## "));
  return /`_meta\["([^"]+)"\]\.code`/.exec(intro)?.[1];
}

describe("the error location", () => {
  it("is the one docs/errors.md states", () => {
    expect(documentedKey()).toBe(ERROR_META_KEY);
  });

  it("is where a real tool error carries its code, with retryable, and no structuredContent", async () => {
    const key = documentedKey() as string;
    const { call, client } = await connectInMemory({ scenario: declaredScenario() });
    try {
      const unknown = await call("no_such_tool");
      expect(unknown.isError).toBe(true);
      expect(unknown._meta?.[key]).toEqual({ code: "TOOL_NOT_FOUND", retryable: false });
      expect(unknown.structuredContent).toBeUndefined();
      expect(textOf(unknown)).toMatch(/^\[TOOL_NOT_FOUND\] /);
      const badJob = await call("check_job", { job_id: "j-none" });
      expect(badJob._meta?.[key]).toMatchObject({ code: "JOB_NOT_FOUND" });
    } finally {
      await client.close();
    }
  });
});
