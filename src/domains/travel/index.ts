import { definePackage } from "../package.js";
import { travelLongCallPaths } from "./templates/long-call-paths.js";
import { travelShortCallPaths } from "./templates/short-call-paths.js";
import { travel } from "./tools.js";

/** The travel domain: its simulator and its templates, in the order the generator draws them. */
export const travelPackage = definePackage({
  domain: travel,
  templates: [...travelShortCallPaths, ...travelLongCallPaths],
});
