import { definePackage } from "../package.js";
import { messagesLongCallPaths } from "./templates/long-call-paths.js";
import { messagesShortCallPaths } from "./templates/short-call-paths.js";
import { messages } from "./tools.js";

/** The messages domain: its simulator and its templates, in the order the generator draws them. */
export const messagesPackage = definePackage({
  domain: messages,
  templates: [...messagesShortCallPaths, ...messagesLongCallPaths],
});
