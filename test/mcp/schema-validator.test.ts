import { describe, expect, it } from "vitest";
import { sharedSchemaValidator } from "../../src/mcp/schema-validator.js";
import { createEpisodeServer } from "../../src/mcp/server.js";
import { declaredScenario } from "../helpers/scenarios.js";

function episodeServer(sessionId: string) {
  return createEpisodeServer({
    scenario: declaredScenario(),
    seed: 1,
    recordingsDir: null,
    server: { name: "asynctool-mcp", version: "test" },
    sessionId,
  });
}

describe("the JSON Schema validator of the episode servers", () => {
  it("is one for the process, not an Ajv built per session", () => {
    // The SDK keeps it in a private field: read it to see that no server built its own.
    const validatorOf = (s: ReturnType<typeof episodeServer>) =>
      (s.mcp.server as unknown as { _jsonSchemaValidator: unknown })._jsonSchemaValidator;
    const a = episodeServer("session-a");
    const b = episodeServer("session-b");
    expect(validatorOf(a)).toBe(sharedSchemaValidator);
    expect(validatorOf(b)).toBe(sharedSchemaValidator);
  });

  it("still validates, with the SDK's Ajv built on first use", () => {
    const check = sharedSchemaValidator.getValidator<{ n: number }>({
      type: "object",
      properties: { n: { type: "number" } },
      required: ["n"],
    });
    expect(check({ n: 1 })).toEqual({ valid: true, data: { n: 1 }, errorMessage: undefined });
    const refused = check({ n: "one" });
    expect(refused.valid).toBe(false);
    expect(refused.errorMessage).toMatch(/n must be number/);
  });
});
