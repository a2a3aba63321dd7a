import type { Domain } from "./shared/types.js";

/**
 * Every built-in domain simulator, by the name scenarios use under `domains:`, in the registry's
 * order: the one place a domain is added. Each is loaded on demand, since building a domain's
 * schemas at load costs CPU that a scenario naming no domain (a recording's report) never needs.
 */
const loaders: Readonly<Record<string, () => Promise<Domain>>> = {
  filesystem: async () => (await import("./filesystem/tools.js")).filesystem,
  travel: async () => (await import("./travel/tools.js")).travel,
  messages: async () => (await import("./messages/tools.js")).messages,
  social: async () => (await import("./social/tools.js")).social,
  tickets: async () => (await import("./tickets/tools.js")).tickets,
  trading: async () => (await import("./trading/tools.js")).trading,
  machines: async () => (await import("./machines/tools.js")).machines,
  data_management: async () => (await import("./data-management/tools.js")).dataManagement,
  data_generation: async () => (await import("./data-generation/tools.js")).dataGeneration,
  numbers: async () => (await import("./numbers/tools.js")).numbers,
  strings: async () => (await import("./strings/tools.js")).strings,
  data_format: async () => (await import("./data-format/tools.js")).dataFormat,
};

/** The names of the built-in domains, in the registry's order. */
export const builtInDomainNames: readonly string[] = Object.keys(loaders);

const loaded = new Map<string, Domain>();

/** Whether `name` is a built-in domain (loaded or not). */
export function isBuiltInDomain(name: string): boolean {
  return Object.hasOwn(loaders, name);
}

/**
 * Loads the built-in domains among `names` (every one by default), in the registry's order;
 * names that are not built in are left out (the compiler reports them).
 */
export async function loadBuiltInDomains(names: Iterable<string> = builtInDomainNames): Promise<Domain[]> {
  const wanted = new Set(names);
  const out: Domain[] = [];
  for (const name of builtInDomainNames) {
    if (!wanted.has(name)) continue;
    let domain = loaded.get(name);
    if (domain === undefined) {
      domain = await (loaders[name] as () => Promise<Domain>)();
      if (domain.name !== name) throw new Error(`the built-in domain ${name} loaded as ${domain.name}`);
      loaded.set(name, domain);
    }
    out.push(domain);
  }
  return out;
}

/** Whether every built-in domain is loaded already (then a loader need not look for names). */
export function everyBuiltInDomainLoaded(): boolean {
  return loaded.size === builtInDomainNames.length;
}

/** The built-in domain called `name` if it has been loaded, without loading it. */
export function loadedBuiltInDomain(name: string): Domain | undefined {
  return loaded.get(name);
}

/** The domain called `name` among `domains`. */
export function findDomain(name: string, domains: readonly Domain[]): Domain | undefined {
  return domains.find((d) => d.name === name);
}
