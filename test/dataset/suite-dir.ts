export { defaultSuiteDir as suiteDir } from "../../src/paths.js";
