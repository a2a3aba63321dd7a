import { definePackage } from "../package.js";
import { filesystemLongCallPaths } from "./templates/long-call-paths.js";
import { filesystemShortCallPaths } from "./templates/short-call-paths.js";
import { filesystem } from "./tools.js";

/** The filesystem domain: its simulator and its templates, in the order the generator draws them. */
export const filesystemPackage = definePackage({
  domain: filesystem,
  templates: [...filesystemShortCallPaths, ...filesystemLongCallPaths],
});
