import { filesystem } from "./filesystem.js";
import { travel } from "./travel.js";
import type { Domain } from "./types.js";

/** Every built-in domain simulator, by the name scenarios use under `domains:`. */
export const builtInDomains: readonly Domain[] = [filesystem, travel];

export function findDomain(name: string): Domain | undefined {
  return builtInDomains.find((d) => d.name === name);
}
