import type { TaskTemplate } from "../dataset/template.js";
import { dataFormatChainTemplates } from "./data-format/templates/long-call-paths.js";
import { dataFormatTemplates } from "./data-format/templates/short-call-paths.js";
import { dataGenerationChainTemplates } from "./data-generation/templates/long-call-paths.js";
import { dataGenerationTemplates } from "./data-generation/templates/short-call-paths.js";
import { dataManagementTemplates } from "./data-management/templates/short-call-paths.js";
import { filesystemTemplates } from "./filesystem/templates/short-call-paths.js";
import { machinesTemplates } from "./machines/templates/short-call-paths.js";
import { messagesTemplates } from "./messages/templates/short-call-paths.js";
import { numbersChainTemplates } from "./numbers/templates/long-call-paths.js";
import { numbersTemplates } from "./numbers/templates/short-call-paths.js";
import { socialTemplates } from "./social/templates/short-call-paths.js";
import { stringsChainTemplates } from "./strings/templates/long-call-paths.js";
import { stringsTemplates } from "./strings/templates/short-call-paths.js";
import { ticketsTemplates } from "./tickets/templates/short-call-paths.js";
import { tradingTemplates } from "./trading/templates/short-call-paths.js";
import { travelTemplates } from "./travel/templates/short-call-paths.js";

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
