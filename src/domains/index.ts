import type { TaskTemplate } from "../dataset/template.js";
import { dataFormatPackage } from "./data-format/index.js";
import { dataGenerationPackage } from "./data-generation/index.js";
import { dataManagementPackage } from "./data-management/index.js";
import { filesystemPackage } from "./filesystem/index.js";
import { machinesPackage } from "./machines/index.js";
import { messagesPackage } from "./messages/index.js";
import { numbersPackage } from "./numbers/index.js";
import type { DomainPackage } from "./package.js";
import { socialPackage } from "./social/index.js";
import { stringsPackage } from "./strings/index.js";
import { ticketsPackage } from "./tickets/index.js";
import { tradingPackage } from "./trading/index.js";
import { travelPackage } from "./travel/index.js";

/** Every built-in domain package, in the order of the simulators' registry (built-in-domains.ts). */
export const builtInPackages: readonly DomainPackage[] = [
  filesystemPackage,
  travelPackage,
  messagesPackage,
  socialPackage,
  ticketsPackage,
  tradingPackage,
  machinesPackage,
  dataManagementPackage,
  dataGenerationPackage,
  numbersPackage,
  stringsPackage,
  dataFormatPackage,
];

/**
 * The domains in the order their templates were listed when suite v1 was generated. The planner
 * groups templates by home domain and draws within a group by position, so this order (with each
 * package's own) is what keeps `generate` byte-identical; a new domain goes at the end.
 */
export const TEMPLATE_ORDER: readonly string[] = [
  "travel",
  "filesystem",
  "messages",
  "social",
  "numbers",
  "strings",
  "data_format",
  "data_generation",
  "tickets",
  "trading",
  "machines",
  "data_management",
];

/** The packages' templates in TEMPLATE_ORDER: what `generate` hands the planner. */
export function templatesInOrder(
  packages: readonly DomainPackage[],
  order: readonly string[] = TEMPLATE_ORDER,
): TaskTemplate[] {
  const byName = new Map(packages.map((p) => [p.domain.name, p]));
  const unordered = packages.filter((p) => !order.includes(p.domain.name)).map((p) => p.domain.name);
  if (unordered.length > 0)
    throw new Error(`packages missing from the template order: ${unordered.join(", ")}`);
  return order.flatMap((name) => {
    const pkg = byName.get(name);
    if (!pkg) throw new Error(`the template order names ${name}, which no package has`);
    return pkg.templates;
  });
}

/** Every single-task template of the built-in packages, in the generator's order. */
export const allTemplates: readonly TaskTemplate[] = templatesInOrder(builtInPackages);
