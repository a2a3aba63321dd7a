import { dataFormat } from "./data-format.js";
import { dataGeneration } from "./data-generation.js";
import { dataManagement } from "./data-management.js";
import { filesystem } from "./filesystem.js";
import { machines } from "./machines.js";
import { messages } from "./messages.js";
import { numbers } from "./numbers.js";
import { social } from "./social.js";
import { strings } from "./strings.js";
import { tickets } from "./tickets.js";
import { trading } from "./trading.js";
import { travel } from "./travel.js";
import type { Domain } from "./types.js";

/** Every built-in domain simulator, by the name scenarios use under `domains:`. */
export const builtInDomains: readonly Domain[] = [
  filesystem,
  travel,
  messages,
  social,
  tickets,
  trading,
  machines,
  dataManagement,
  dataGeneration,
  numbers,
  strings,
  dataFormat,
];

export function findDomain(name: string): Domain | undefined {
  return builtInDomains.find((d) => d.name === name);
}
