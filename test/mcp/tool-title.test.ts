import { describe, expect, it } from "vitest";
import { toolTitle } from "../../src/mcp/tool-title.js";

describe("toolTitle", () => {
  it.each([
    ["search_flights", "Search Flights"],
    ["csv_to_json", "CSV to JSON"],
    ["get_order_by_id", "Get Order by ID"],
    ["to_yaml", "To YAML"],
    ["the_end", "The End"],
    ["fetch_url__twice", "Fetch URL Twice"],
    ["check_job", "Check Job"],
  ])("%s → %s", (name, title) => {
    expect(toolTitle(name)).toBe(title);
  });
});
