import { serverInfo } from "../paths.js";

/** The runner as recordings name it: it ships with the server, so it has the package's version. */
export const RUNNER = { name: "asynctool-eval", version: serverInfo.version } as const;
