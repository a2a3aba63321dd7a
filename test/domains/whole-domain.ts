import { describe, expect, it } from "vitest";
import type { Domain } from "../../src/domains/shared/types.js";
import { type Harness, toolOf } from "./harness.js";

export interface WholeDomainSpec {
  /** A fresh harness on the domain's test state, with whatever the samples need already done. */
  readonly fresh: () => Harness;
  /** One successful call of every tool, each made on its own fresh harness. */
  readonly samples: Record<string, Record<string, unknown>>;
  /** A sequence of calls and failures; run twice, it must give equal results and equal state. */
  readonly script: (h: Harness) => unknown[];
}

/**
 * Checks every domain must pass as a whole: each tool has a sample whose result fits the output schema
 * (the harness checks it) and whose effect matches the readOnly flag, and the domain is deterministic.
 */
export function describeWholeDomain(domain: Domain, spec: WholeDomainSpec): void {
  describe(`${domain.name} as a whole`, () => {
    it("has a sample for every tool", () => {
      expect(Object.keys(spec.samples).sort()).toEqual(domain.tools.map((t) => t.name).sort());
    });

    it.each(Object.entries(spec.samples))("%s fits its output schema and its readOnly flag", (name, args) => {
      const h = spec.fresh();
      const before = structuredClone(h.state);
      h.call(name, args);
      if (toolOf(domain, name).readOnly) expect(h.state).toEqual(before);
      else expect(h.state).not.toEqual(before);
    });

    it("is deterministic: the same calls give the same results and state", () => {
      const run = () => {
        const h = spec.fresh();
        const results = spec.script(h);
        return { results, state: structuredClone(h.state) };
      };
      const first = run();
      expect(run()).toEqual(first);
    });

    it("keeps its state plain JSON", () => {
      const h = spec.fresh();
      spec.script(h);
      expect(JSON.parse(JSON.stringify(h.state))).toEqual(h.state);
      expect(domain.state.safeParse(h.state).success).toBe(true);
    });
  });
}
