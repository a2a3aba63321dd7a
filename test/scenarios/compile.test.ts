import "../helpers/load-domains.js";
import { describe, expect, it } from "vitest";
import { AsyncToolError } from "../../src/errors.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import { loadScenarioText } from "../../src/scenarios/loader.js";

/** A valid two-task travel scenario; each test breaks one thing (loosely typed on purpose: tests write bad input). */
// biome-ignore lint/suspicious/noExplicitAny: tests mutate the raw file freely to break it.
function base(): Record<string, any> {
  return {
    id: "t",
    title: "Travel",
    domains: {
      travel: {
        state: { flights: [{ id: "UA100", from: "SFO", to: "JFK", date: "2026-12-03", price: 320 }] },
      },
    },
    tasks: [
      {
        id: "book",
        instruction: "Book it.",
        steps: [
          { id: "search", tool: "search_flights", args: { from: "SFO", to: "JFK", date: "2026-12-03" } },
          {
            id: "book",
            tool: "book_flight",
            args: { flight_id: { $from: "search.flights.0.id" }, passenger: "Ada Lovelace" },
            after: ["search"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
      },
      {
        id: "look",
        instruction: "Look at the flight.",
        steps: [{ id: "get", tool: "get_flight", args: { flight_id: "UA100" } }],
        answer: { number: { $from: "get.price" } },
      },
    ],
  };
}

function problems(raw: unknown): string {
  try {
    compileScenario(raw, { file: "x.yaml" });
  } catch (error) {
    expect(error).toBeInstanceOf(AsyncToolError);
    expect((error as AsyncToolError).code).toBe("SCENARIO_INVALID");
    return (error as AsyncToolError).message;
  }
  throw new Error("expected the scenario to be refused");
}

describe("compiling a scenario", () => {
  it("accepts the base scenario, resolving tools, matchers and checks", () => {
    const scenario = compileScenario(base());
    expect(scenario.tasks.map((t) => t.steps.length)).toEqual([2, 1]);
    expect(scenario.tools.get("search_flights")?.domain).toBe("travel");
    expect(scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(compileScenario(base()).hash).toBe(scenario.hash);
  });

  it("refuses an unknown tool, naming the step and the tools there are", () => {
    const raw = base();
    raw.tasks[0].steps[0].tool = "find_flights";
    expect(problems(raw)).toMatch(
      /tasks\[0\]\.steps\[0\]\.tool: unknown tool "find_flights"; this scenario's tools are .*search_flights/,
    );
  });

  it("refuses a tool prefixed with the wrong domain", () => {
    const raw = base();
    raw.tasks[1].steps[0].tool = "filesystem.get_flight";
    expect(problems(raw)).toMatch(/tasks\[1\]\.steps\[0\]\.tool: unknown tool "filesystem\.get_flight"/);
  });

  it("refuses an unknown dependency", () => {
    const raw = base();
    raw.tasks[0].steps[1].after = ["serch"];
    expect(problems(raw)).toMatch(
      /tasks\[0\]\.steps\[1\]\.after\[0\]: unknown step "serch"; dependencies name steps of the same task \(search, book\)/,
    );
  });

  it("refuses a dependency cycle, showing it", () => {
    const raw = base();
    raw.tasks[0].steps[0].after = ["book"];
    expect(problems(raw)).toMatch(
      /dependency cycle (search → book → search|book → search → book); steps must form a DAG/,
    );
  });

  it("refuses duplicate task ids and duplicate step ids", () => {
    const raw = base();
    raw.tasks[1].id = "book";
    raw.tasks[0].steps[1].id = "search";
    raw.tasks[0].steps[1].after = [];
    raw.tasks[0].steps[1].args.flight_id = "UA100";
    const message = problems(raw);
    expect(message).toMatch(/tasks\[1\]\.id: duplicate task id "book" \(also at index 0\)/);
    expect(message).toMatch(/tasks\[0\]\.steps\[1\]\.id: duplicate step id "search"/);
  });

  it("refuses a matcher the tool's input schema can never accept", () => {
    const raw = base();
    raw.tasks[0].steps[0].args.date = 20261203;
    raw.tasks[1].steps[0].args.flight_id = { $approx: 100 };
    raw.tasks[1].steps[0].args.seat = "12A";
    const message = problems(raw);
    expect(message).toMatch(
      /tasks\[0\]\.steps\[0\]\.args\.date: the tool's input schema never accepts the value 20261203/,
    );
    expect(message).toMatch(
      /tasks\[1\]\.steps\[0\]\.args\.flight_id: \$approx compares numbers, but this argument never takes a number/,
    );
    expect(message).toMatch(
      /tasks\[1\]\.steps\[0\]\.args\.seat: get_flight has no argument "seat"; it takes flight_id/,
    );
  });

  it("refuses a step that leaves out a required argument", () => {
    const raw = base();
    delete raw.tasks[0].steps[1].args.passenger;
    expect(problems(raw)).toMatch(/tasks\[0\]\.steps\[1\]\.args: book_flight requires argument "passenger"/);
  });

  it("refuses $any on a required argument without an example for the oracle", () => {
    const raw = base();
    raw.tasks[0].steps[1].args.passenger = { $any: true };
    expect(problems(raw)).toMatch(/args\.passenger: the oracle agent needs a value .* add \$example/);
  });

  it("refuses $from on a step that is not a dependency, or a field the result never has", () => {
    const raw = base();
    raw.tasks[0].steps[1].after = [];
    raw.tasks[0].answer = { exact: { $from: "book.code" } };
    const message = problems(raw);
    expect(message).toMatch(
      /args\.flight_id: \$from reads step search, which this step does not depend on; add "search" to its `after`/,
    );
    expect(message).toMatch(
      /tasks\[0\]\.answer: the result of step book \(book_flight\) has no field code; its fields are booking_code/,
    );
  });

  it("refuses an answer check of the wrong type", () => {
    const raw = base();
    raw.tasks[1].answer = { number: "three hundred" };
    raw.tasks[0].answer = { number: { $from: "book.passenger" } };
    const message = problems(raw);
    expect(message).toMatch(/tasks\[1\]\.answer\.number: a number check needs a number, not "three hundred"/);
    expect(message).toMatch(
      /tasks\[0\]\.answer: book\.passenger is never a number, so this check can never pass/,
    );
  });

  it("accepts a choice check whose expected value is one of its options", () => {
    const raw = base();
    raw.tasks[1].answer = { choice: "UA100", options: ["UA100", "DL210"] };
    raw.tasks[0].answer = { choice: { $from: "book.booking_code" }, options: ["BK1", "BK2"] };
    const scenario = compileScenario(raw);
    expect(scenario.tasks[1]?.answer).toEqual({
      kind: "choice",
      expected: { kind: "literal", value: "UA100" },
      options: ["UA100", "DL210"],
    });
  });

  it("refuses a choice check whose expected value is no option, or whose options repeat", () => {
    const raw = base();
    raw.tasks[1].answer = { choice: "west", options: ["north", "south", "east"] };
    raw.tasks[0].answer = { choice: "east", options: ["East", "west", "east."] };
    const message = problems(raw);
    expect(message).toMatch(
      /tasks\[1\]\.answer\.choice: the expected answer "west" is not one of the options \(north, south, east\); add it to options or correct it/,
    );
    expect(message).toMatch(
      /tasks\[0\]\.answer\.options\[2\]: option "east\." repeats "East" \(case and punctuation do not count\); list each option once/,
    );
    const blank = base();
    blank.tasks[1].answer = { choice: "a", options: ["a", "--"] };
    expect(problems(blank)).toMatch(/tasks\[1\]\.answer\.options\[1\]: an option needs a letter or a digit/);
    const one = base();
    one.tasks[1].answer = { choice: "a", options: ["a"] };
    expect(problems(one)).toMatch(/tasks\[1\]\.answer/);
  });

  it("refuses an unknown answer check form", () => {
    const raw = base();
    raw.tasks[1].answer = { equals: 3 };
    expect(problems(raw)).toMatch(/tasks\[1\]\.answer: .*see docs\/scenario-format\.md/);
  });

  it("refuses a regex answer whose example does not pass it", () => {
    const raw = base();
    raw.tasks[1].answer = { regex: "^BK\\d+$", example: "booked" };
    expect(problems(raw)).toMatch(/tasks\[1\]\.answer\.example: the example answer does not match/);
  });

  it("refuses impossible latency distributions", () => {
    const raw = base();
    raw.latency = {
      search_flights: { lognormal: { median: 9, p95: 4 } },
      book_flight: { fixed: -1 },
      get_flight: { uniform: { min: 3, max: 1 } },
    };
    const message = problems(raw);
    expect(message).toMatch(/latency\.search_flights\.lognormal\.p95: p95 must be at least the median/);
    expect(message).toMatch(/latency\.book_flight/);
    expect(message).toMatch(/latency\.get_flight\.uniform\.max: max must be at least min/);
  });

  it("refuses a latency or fault pattern that matches no tool", () => {
    const raw = base();
    raw.latency = { "filesystem.*": 2 };
    raw.faults = { search_flight: { failureRate: 0.1 } };
    const message = problems(raw);
    expect(message).toMatch(/latency\["filesystem\.\*"\]: matches no tool of this scenario/);
    expect(message).toMatch(/faults\.search_flight: matches no tool of this scenario/);
  });

  it("refuses an unknown domain and bad domain state", () => {
    const raw = base();
    raw.domains.weather = {};
    raw.domains.travel.state.flights[0].price = "cheap";
    const message = problems(raw);
    expect(message).toMatch(/domains\.weather: unknown domain; the built-in domains are .*filesystem/);
    expect(message).toMatch(/domains\.travel\.state\.flights\[0\]\.price: /);
  });

  it("refuses unknown fields with a hint", () => {
    const raw = base();
    raw.tasks[0].instructions = "typo";
    expect(problems(raw)).toMatch(/tasks\[0\]: unknown field "instructions"; check the spelling/);
  });

  it("refuses a declared tool that takes a reserved or duplicate name, and bad matchers", () => {
    const raw = base();
    raw.tools = [
      { name: "check_job", description: "x", input: { type: "object", properties: {} } },
      { name: "get_flight", description: "x", input: { type: "object", properties: {} } },
      {
        name: "w",
        description: "x",
        input: { type: "object", properties: {} },
        responses: [{ when: { a: { $regex: "(" } }, result: 1 }],
      },
    ];
    const message = problems(raw);
    expect(message).toMatch(/tools\[0\]\.name: check_job is a tool the server itself provides/);
    expect(message).toMatch(/tools\[1\]\.name: two tools are named get_flight/);
    expect(message).toMatch(/tools\[2\]\.responses\[0\]\.when\.a\.\$regex: not a valid regular expression/);
  });

  it("refuses an unknown matcher form", () => {
    const raw = base();
    raw.tasks[1].steps[0].args.flight_id = { $like: "UA%" };
    expect(problems(raw)).toMatch(/args\.flight_id: unknown matcher \$like; use one of/);
  });

  it("refuses a state check on a domain the scenario does not use", () => {
    const raw = base();
    raw.tasks[1].state = [{ path: "filesystem.files", count: 1 }];
    expect(problems(raw)).toMatch(
      /tasks\[1\]\.state\[0\]\.path: a state path starts with a domain of this scenario \(travel\)/,
    );
  });
});

describe("loading scenario text", () => {
  it("names the file, line and column of a problem in YAML", () => {
    const text = [
      "id: t",
      "title: T",
      "domains: { travel: {} }",
      "tasks:",
      "  - id: a",
      "    instruction: Look.",
      "    steps:",
      "      - { id: s, tool: get_flight, args: { flight_id: 12 } }",
      "    answer: { any: true }",
    ].join("\n");
    expect(() => loadScenarioText(text, "my.yaml")).toThrow(
      /my\.yaml:8:\d+: tasks\[0\]\.steps\[0\]\.args\.flight_id: the tool's input schema never accepts/,
    );
  });

  it("refuses text that is not YAML, with its position", () => {
    let error: AsyncToolError | undefined;
    try {
      loadScenarioText("id: [unclosed\n", "bad.yaml");
    } catch (e) {
      error = e as AsyncToolError;
    }
    expect(error?.code).toBe("SCENARIO_PARSE");
    expect(error?.message).toMatch(/^bad\.yaml:\d+:\d+: not valid YAML or JSON/);
  });

  it("still names the line of a problem in a JSON file (read fast, reread to locate)", () => {
    const raw = base();
    raw.tasks[1].steps[0].args.flight_id = 12;
    const text = JSON.stringify(raw, null, 2);
    const line = text.split("\n").findIndex((l) => l.includes('"flight_id": 12')) + 1;
    expect(() => loadScenarioText(text, "t.json")).toThrow(
      new RegExp(`t\\.json:${line}:\\d+: tasks\\[1\\]\\.steps\\[0\\]\\.args\\.flight_id`),
    );
  });

  it("reads JSON too", () => {
    const scenario = loadScenarioText(JSON.stringify(base()), "t.json");
    expect(scenario.id).toBe("t");
  });

  it("refuses duplicate keys", () => {
    expect(() => loadScenarioText("id: a\nid: b\n", "dup.yaml")).toThrow(
      /dup\.yaml:2:\d+: not valid YAML or JSON: Map keys must be unique/,
    );
  });
});
