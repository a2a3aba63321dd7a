import { definePackage } from "../package.js";
import { dataManagementJoinTemplates } from "./templates/joins.js";
import { dataManagementLongCallPaths } from "./templates/long-call-paths.js";
import { dataManagementShortCallPaths } from "./templates/short-call-paths.js";
import { dataManagement } from "./tools.js";

/** The data_management domain: its simulator and its templates, in the order the generator draws them. */
export const dataManagementPackage = definePackage({
  domain: dataManagement,
  templates: [
    ...dataManagementShortCallPaths,
    ...dataManagementLongCallPaths,
    ...dataManagementJoinTemplates,
  ],
});
