import { definePackage } from "../package.js";
import { socialLongCallPaths } from "./templates/long-call-paths.js";
import { socialShortCallPaths } from "./templates/short-call-paths.js";
import { social } from "./tools.js";

/** The social domain: its simulator and its templates, in the order the generator draws them. */
export const socialPackage = definePackage({
  domain: social,
  templates: [...socialShortCallPaths, ...socialLongCallPaths],
});
