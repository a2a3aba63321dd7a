import { definePackage } from "../package.js";
import { stringsLongCallPaths } from "./templates/long-call-paths.js";
import { stringsShortCallPaths } from "./templates/short-call-paths.js";
import { strings } from "./tools.js";

/** The strings domain: its simulator and its templates, in the order the generator draws them. */
export const stringsPackage = definePackage({
  domain: strings,
  templates: [...stringsShortCallPaths, ...stringsLongCallPaths],
});
