// Tests compile scenarios of every domain through the synchronous compiler, as the generator's
// process does; the CLI's loaders load only the domains a scenario names.
await import("../src/domains/all-built-in-domains.js");
