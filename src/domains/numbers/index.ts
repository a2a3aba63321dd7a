import { definePackage } from "../package.js";
import { numbersLongCallPaths } from "./templates/long-call-paths.js";
import { numbersShortCallPaths } from "./templates/short-call-paths.js";
import { numbers } from "./tools.js";

/** The numbers domain: its simulator and its templates, in the order the generator draws them. */
export const numbersPackage = definePackage({
  domain: numbers,
  templates: [...numbersShortCallPaths, ...numbersLongCallPaths],
});
