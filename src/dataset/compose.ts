import { builtInDomains, findDomain } from "../domains/all-built-in-domains.js";
import type { Domain } from "../domains/shared/types.js";
import { AsyncToolError } from "../errors.js";
import type { JsonObject, JsonValue } from "../json.js";
import type { LatencySpec } from "../scenarios/latency-spec.js";
import type { ScenarioFileInput } from "../scenarios/schema.js";
import { EpisodeWorld } from "./context.js";
import { LATENCY_PROFILES, type LatencyProfileName } from "./latency-profiles.js";
import type { TaskTemplate } from "./template.js";

export interface EpisodePlan {
  /** The episode's id, e.g. asynctool-v2-0001. */
  readonly id: string;
  readonly templates: readonly TaskTemplate[];
  readonly profile: LatencyProfileName;
  /** Seeds the templates' parameter values (the generator's seed and attempt). */
  readonly seed: number;
  readonly attempt: number;
}

const TAGS = ["a", "b", "c", "d"];

/**
 * Instantiates an episode's templates on one shared world and writes the scenario file: the
 * domains' states, every tool's latency under the profile (explicit, so the file stands alone),
 * and the tasks. The same plan gives the same file, key for key.
 */
export function composeEpisode(
  plan: EpisodePlan,
  domains: readonly Domain[] = builtInDomains,
): ScenarioFileInput {
  const world = new EpisodeWorld(domains);
  const usedDomains = [...new Set(plan.templates.flatMap((t) => t.domains))].sort();
  for (const domain of usedDomains) world.state(domain);
  const tasks = plan.templates.map((template, i) => {
    const tag = TAGS[i] ?? `t${i}`;
    const draft = template.instantiate(
      world.context(plan.seed, `${plan.id}/${plan.attempt}/${template.id}/${tag}`, tag),
    );
    return {
      id: taskId(template, i),
      instruction: draft.instruction,
      steps: draft.steps.map((s) => ({
        id: s.id,
        tool: s.tool,
        args: (s.args ?? {}) as Record<string, JsonValue>,
        ...(s.after?.length ? { after: [...s.after] } : {}),
      })),
      answer: draft.answer,
      ...(draft.state?.length ? { state: [...draft.state] } : {}),
    };
  });
  const latency: Record<string, LatencySpec> = {};
  for (const domain of usedDomains) {
    const definition = findDomain(domain, domains);
    if (!definition) throw new AsyncToolError("SCENARIO_INVALID", `unknown domain ${domain}`);
    for (const tool of definition.tools)
      latency[`${domain}.${tool.name}`] = LATENCY_PROFILES[plan.profile]({
        domain,
        name: tool.name,
        latency: tool.latency,
      });
  }
  const categories = usedDomains.map((d) => findDomain(d, domains)?.category ?? d);
  return {
    id: plan.id,
    title: `${plan.templates.length} tasks: ${categories.join(" + ")}`,
    description: `Generated from the templates ${plan.templates.map((t) => t.id).join(", ")} with the ${plan.profile} latency profile.`,
    clock: "step",
    domains: Object.fromEntries(usedDomains.map((d) => [d, { state: world.state(d) as JsonObject }])),
    latency,
    tasks,
    meta: {
      generator: "asynctool generate",
      templates: plan.templates.map((t) => t.id),
      profile: plan.profile,
    },
  };
}

/** A readable task id: the template's slug, made unique by position when needed. */
function taskId(template: TaskTemplate, index: number): string {
  const slug = template.id.split("/").pop() ?? `task-${index + 1}`;
  return `${index + 1}-${slug}`;
}
