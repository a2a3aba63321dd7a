import { expect } from "vitest";
import { counterIds } from "../../src/domains/shared/state-kit.js";
import { type Domain, DomainError, type DomainTool, type IdSource } from "../../src/domains/shared/types.js";
import type { ErrorCode } from "../../src/errors.js";
import type { JsonObject, JsonValue } from "../../src/json.js";

/** A result, loosely typed so tests can read its fields; its shape is checked by the tool's output schema. */
// biome-ignore lint/suspicious/noExplicitAny: results are validated against the tool's output schema
export type Result = any;

export interface Harness {
  readonly state: JsonObject;
  /** Calls a tool as the engine does: args parsed by its input schema, the result by its output schema. */
  call(tool: string, args?: Record<string, unknown>): Result;
  /** Calls a tool that must fail with a DomainError, and returns the error. */
  fail(tool: string, args: Record<string, unknown>, code: ErrorCode): DomainError;
}

export function toolOf(domain: Domain, name: string): DomainTool {
  const tool = domain.tools.find((t) => t.name === name);
  if (!tool) throw new Error(`${domain.name} has no tool ${name}`);
  return tool;
}

/**
 * A domain's tools on one state. Ids are minted by the counter rule unless `ids` is given: the
 * domain tests read ids such as BK1001 worked out by hand from the state's counters.
 */
export function harness(domain: Domain, initial: unknown, ids: IdSource = counterIds): Harness {
  const state = domain.state.parse(initial);
  const call = (name: string, args: Record<string, unknown> = {}): JsonValue => {
    const tool = toolOf(domain, name);
    const result = tool.run(state, tool.input.parse(args), { ids });
    const parsed = tool.output.safeParse(result);
    if (!parsed.success) throw new Error(`${name} result breaks its output schema: ${parsed.error.message}`);
    // Results must survive JSON unchanged: they are recorded and sent to the agent.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    return result;
  };
  const fail = (name: string, args: Record<string, unknown>, code: ErrorCode): DomainError => {
    let caught: unknown;
    try {
      call(name, args);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe(code);
    return error;
  };
  return { state, call, fail };
}
