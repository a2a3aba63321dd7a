import { builtInDomains, findDomain } from "../domains/all-built-in-domains.js";
import type { Domain } from "../domains/shared/types.js";
import { keyedRng, pick, type Rng, randomInt } from "../engine/rng.js";
import { AsyncToolError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { TemplateContext } from "./template.js";

/**
 * The domain states of one episode being composed, shared by its tasks, and the pools of values
 * already taken, so each task's objects are its own.
 */
export class EpisodeWorld {
  readonly states: Record<string, JsonObject> = {};
  private readonly taken = new Map<string, Set<string>>();

  /** `domains`: the simulators templates may use (the built-in ones unless a caller brings its own). */
  constructor(private readonly domains: readonly Domain[] = builtInDomains) {}

  state<S extends JsonObject = JsonObject>(domain: string): S {
    const existing = this.states[domain];
    if (existing) return existing as S;
    const definition = findDomain(domain, this.domains);
    if (!definition)
      throw new AsyncToolError("SCENARIO_INVALID", `a template uses the unknown domain ${domain}`);
    const fresh = definition.state.parse({}) as JsonObject;
    this.states[domain] = fresh;
    return fresh as S;
  }

  unique<T>(rng: Rng, pool: string, values: readonly T[]): T {
    const used = this.taken.get(pool) ?? new Set<string>();
    const free = values.filter((v) => !used.has(JSON.stringify(v)));
    if (free.length === 0)
      throw new AsyncToolError("SCENARIO_INVALID", `the pool ${pool} is used up in this episode`);
    const value = pick(rng, free);
    used.add(JSON.stringify(value));
    this.taken.set(pool, used);
    return value;
  }

  /** The context one task's template sees. */
  context(seed: number, key: string, tag: string): TemplateContext {
    const rng = keyedRng(seed, "template", key);
    return {
      rng,
      tag,
      state: (domain) => this.state(domain),
      unique: (pool, values) => this.unique(rng, pool, values),
      pick: (values) => pick(rng, values),
      int: (min, max) => randomInt(rng, min, max),
      sample: (values, k) => {
        const pool = [...values];
        const out = [];
        for (let i = 0; i < k && pool.length > 0; i++)
          out.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0] as (typeof values)[number]);
        return out;
      },
    };
  }
}
