import { definePackage } from "../package.js";
import { dataGenerationLongCallPaths } from "./templates/long-call-paths.js";
import { dataGenerationShortCallPaths } from "./templates/short-call-paths.js";
import { dataGeneration } from "./tools.js";

/** The data_generation domain: its simulator and its templates, in the order the generator draws them. */
export const dataGenerationPackage = definePackage({
  domain: dataGeneration,
  templates: [...dataGenerationShortCallPaths, ...dataGenerationLongCallPaths],
});
