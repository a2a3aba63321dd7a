import { join } from "node:path";
import { shippedScenariosDir } from "../../src/paths.js";

export const suiteDir = join(shippedScenariosDir, "asynctool-v1");
