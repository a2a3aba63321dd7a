import { definePackage } from "../../../src/domains/package.js";
import { countByAuthor } from "./templates/count-by-author.js";
import { shelf } from "./tools.js";

/** The toy domain's package: its simulator and its one template. */
export const shelfPackage = definePackage({ domain: shelf, templates: [countByAuthor] });
