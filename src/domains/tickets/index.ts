import { definePackage } from "../package.js";
import { ticketsLongCallPaths } from "./templates/long-call-paths.js";
import { ticketsShortCallPaths } from "./templates/short-call-paths.js";
import { ticketsWalletTemplates } from "./templates/wallet.js";
import { tickets } from "./tools.js";

/** The tickets domain: its simulator and its templates, in the order the generator draws them. */
export const ticketsPackage = definePackage({
  domain: tickets,
  templates: [...ticketsShortCallPaths, ...ticketsLongCallPaths, ...ticketsWalletTemplates],
});
