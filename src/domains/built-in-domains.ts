import { dataFormat } from "./data-format/tools.js";
import { dataGeneration } from "./data-generation/tools.js";
import { dataManagement } from "./data-management/tools.js";
import { filesystem } from "./filesystem/tools.js";
import { machines } from "./machines/tools.js";
import { messages } from "./messages/tools.js";
import { numbers } from "./numbers/tools.js";
import type { Domain } from "./shared/types.js";
import { social } from "./social/tools.js";
import { strings } from "./strings/tools.js";
import { tickets } from "./tickets/tools.js";
import { trading } from "./trading/tools.js";
import { travel } from "./travel/tools.js";

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

/** The domain called `name` among `domains` (the built-in ones unless a caller brings its own). */
export function findDomain(name: string, domains: readonly Domain[] = builtInDomains): Domain | undefined {
  return domains.find((d) => d.name === name);
}
