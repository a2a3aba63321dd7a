import { loadBuiltInDomains } from "../../src/domains/built-in-domains.js";

/**
 * Loads every built-in domain into the registry, for a test file that compiles scenarios of
 * domains with the synchronous compiler (compileScenario), as the generator's process does after
 * importing all-built-in-domains. Imported for its effect, first, by the files that need it
 * only: the others load no domain, so a path in src that compiles a domain scenario without
 * loading its domains first fails their tests instead of passing on domains a setup loaded.
 */
await loadBuiltInDomains();
