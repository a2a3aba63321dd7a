import { findDomain as findAmong, loadBuiltInDomains } from "./built-in-domains.js";
import type { Domain } from "./shared/types.js";

/**
 * Every built-in domain simulator, loaded, in the registry's order (built-in-domains.ts): for
 * what needs them all (`list`, the dataset's generator and checks). Importing this module loads
 * every domain; what needs only the domains a scenario names loads those (loadBuiltInDomains).
 */
export const builtInDomains: readonly Domain[] = await loadBuiltInDomains();

/** The domain called `name` among `domains` (the built-in ones unless a caller brings its own). */
export function findDomain(name: string, domains: readonly Domain[] = builtInDomains): Domain | undefined {
  return findAmong(name, domains);
}
