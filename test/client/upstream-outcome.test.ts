import { describe, expect, it } from "vitest";
import { outcomeOf } from "../../src/client/upstream.js";

/** How an upstream's tools/call answer becomes the outcome of a proxied job. */
describe("outcomeOf", () => {
  it("keeps structured content, else the text, else the content items", () => {
    expect(
      outcomeOf({ content: [{ type: "text", text: '{"usd":11}' }], structuredContent: { usd: 11 } }),
    ).toEqual({ result: { usd: 11 } });
    expect(
      outcomeOf({
        content: [
          { type: "text", text: "line 1" },
          { type: "text", text: "line 2" },
        ],
      }),
    ).toEqual({ result: "line 1\nline 2" });
    const image = { type: "image" as const, data: "AAAA", mimeType: "image/png" };
    expect(outcomeOf({ content: [{ type: "text", text: "a chart" }, image] })).toEqual({
      result: [{ type: "text", text: "a chart" }, image],
    });
  });

  it("turns an error result into UPSTREAM_TOOL_ERROR with the upstream's own text", () => {
    expect(outcomeOf({ isError: true, content: [{ type: "text", text: "unknown city: Atlantis" }] })).toEqual(
      {
        error: { code: "UPSTREAM_TOOL_ERROR", message: "unknown city: Atlantis", retryable: false },
      },
    );
    expect(outcomeOf({ isError: true, content: [] })).toMatchObject({
      error: {
        code: "UPSTREAM_TOOL_ERROR",
        message: "The upstream tool reported an error without a message.",
      },
    });
  });
});
