import { definePackage } from "../package.js";
import { machinesLongCallPaths } from "./templates/long-call-paths.js";
import { machinesShortCallPaths } from "./templates/short-call-paths.js";
import { machinesTwinSettingTemplates } from "./templates/twin-settings.js";
import { machines } from "./tools.js";

/** The machines domain: its simulator and its templates, in the order the generator draws them. */
export const machinesPackage = definePackage({
  domain: machines,
  templates: [...machinesShortCallPaths, ...machinesLongCallPaths, ...machinesTwinSettingTemplates],
});
