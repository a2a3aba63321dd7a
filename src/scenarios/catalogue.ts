import { AsyncToolError } from "../errors.js";
import type { LoadLimits } from "./load-limits.js";
import { loadScenariosAt } from "./loader.js";
import type { Scenario } from "./scenario.js";

/**
 * The scenarios a server may hand out, by id. A session picks one by id (never by path: a
 * client can only name what the catalogue holds) or takes the next in turn.
 */
export class Catalogue {
  private readonly byId: ReadonlyMap<string, Scenario>;
  private readonly order: readonly Scenario[];
  private cursor = 0;

  constructor(scenarios: readonly Scenario[]) {
    const byId = new Map<string, Scenario>();
    for (const scenario of scenarios) {
      const other = byId.get(scenario.id);
      if (other) {
        throw new AsyncToolError(
          "SCENARIO_INVALID",
          `two scenarios have the id ${JSON.stringify(scenario.id)} (${other.file ?? "?"} and ${scenario.file ?? "?"}); ids must be unique in a catalogue`,
        );
      }
      byId.set(scenario.id, scenario);
    }
    this.byId = byId;
    this.order = [...scenarios];
  }

  /** Loads every scenario under the paths; any invalid file refuses the whole catalogue, listing why. */
  static async load(paths: readonly string[], limits?: Partial<LoadLimits>): Promise<Catalogue> {
    const scenarios: Scenario[] = [];
    const problems: string[] = [];
    for (const path of paths) {
      const outcomes = await loadScenariosAt(path, limits);
      if (outcomes.length === 0) problems.push(`${path}: no scenario files (.yaml, .yml, .json) found`);
      for (const outcome of outcomes) {
        if (outcome.scenario) scenarios.push(outcome.scenario);
        else if (outcome.error) problems.push(outcome.error.message);
      }
    }
    if (problems.length > 0) {
      throw new AsyncToolError(
        "SCENARIO_INVALID",
        `cannot serve these scenarios:\n${problems.join("\n")}\nRun \`asynctool validate\` on them.`,
      );
    }
    return new Catalogue(scenarios);
  }

  get size(): number {
    return this.order.length;
  }

  ids(): string[] {
    return this.order.map((s) => s.id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Scenario {
    const scenario = this.byId.get(id);
    if (!scenario) {
      const known = this.ids();
      throw new AsyncToolError(
        "SCENARIO_NOT_FOUND",
        `no scenario ${JSON.stringify(id)} in this server's catalogue; it has ${known.length <= 10 ? known.join(", ") : `${known.slice(0, 10).join(", ")} and ${known.length - 10} more`}`,
      );
    }
    return scenario;
  }

  /** The next scenario in turn (a suite handed out one episode per connection). */
  next(): Scenario {
    const scenario = this.order[this.cursor % this.order.length] as Scenario;
    this.cursor += 1;
    return scenario;
  }
}
