import { definePackage } from "../package.js";
import { tradingLongCallPaths } from "./templates/long-call-paths.js";
import { tradingShortCallPaths } from "./templates/short-call-paths.js";
import { trading } from "./tools.js";

/** The trading domain: its simulator and its templates, in the order the generator draws them. */
export const tradingPackage = definePackage({
  domain: trading,
  templates: [...tradingShortCallPaths, ...tradingLongCallPaths],
});
