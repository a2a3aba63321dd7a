import type { TaskTemplate } from "../dataset/template.js";
import type { Domain } from "./shared/types.js";

/**
 * A domain package: the simulator agents call and the templates that build its tasks. Each
 * template's home domain (the first of its `domains`) is the package's domain.
 */
export interface DomainPackage {
  readonly domain: Domain;
  /**
   * Its task templates, in the order the generator sees them: the planner draws a domain's
   * templates by their position here, so this order is part of a suite's identity.
   */
  readonly templates: readonly TaskTemplate[];
}

/** Keeps a package's literal checked against DomainPackage (as defineDomain and defineTemplate do). */
export function definePackage(pkg: DomainPackage): DomainPackage {
  return pkg;
}
