/** The gold run moved to src/harness/gold-run.ts (the generator's v2 check runs it too). */
export { goldRun } from "../../src/harness/gold-run.js";
