import { definePackage } from "../package.js";
import { dataFormatLongCallPaths } from "./templates/long-call-paths.js";
import { dataFormatShortCallPaths } from "./templates/short-call-paths.js";
import { dataFormat } from "./tools.js";

/** The data_format domain: its simulator and its templates, in the order the generator draws them. */
export const dataFormatPackage = definePackage({
  domain: dataFormat,
  templates: [...dataFormatShortCallPaths, ...dataFormatLongCallPaths],
});
