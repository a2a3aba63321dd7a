import type { TaskTemplate } from "../template.js";
import { dataFormatTemplates } from "./data-format.js";
import { dataFormatChainTemplates } from "./data-format-chains.js";
import { dataGenerationTemplates } from "./data-generation.js";
import { dataGenerationChainTemplates } from "./data-generation-chains.js";
import { dataManagementTemplates } from "./data-management.js";
import { filesystemTemplates } from "./filesystem.js";
import { machinesTemplates } from "./machines.js";
import { messagesTemplates } from "./messages.js";
import { numbersTemplates } from "./numbers.js";
import { numbersChainTemplates } from "./numbers-chains.js";
import { socialTemplates } from "./social.js";
import { stringsTemplates } from "./strings.js";
import { stringsChainTemplates } from "./strings-chains.js";
import { ticketsTemplates } from "./tickets.js";
import { tradingTemplates } from "./trading.js";
import { travelTemplates } from "./travel.js";

/** Every single-task template, by domain. */
export const allTemplates: readonly TaskTemplate[] = [
  ...travelTemplates,
  ...filesystemTemplates,
  ...messagesTemplates,
  ...socialTemplates,
  ...numbersTemplates,
  ...numbersChainTemplates,
  ...stringsTemplates,
  ...stringsChainTemplates,
  ...dataFormatTemplates,
  ...dataFormatChainTemplates,
  ...dataGenerationTemplates,
  ...dataGenerationChainTemplates,
  ...ticketsTemplates,
  ...tradingTemplates,
  ...machinesTemplates,
  ...dataManagementTemplates,
];
