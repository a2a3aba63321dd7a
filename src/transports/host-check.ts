import { hostHeaderValidation } from "@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js";

/** The names a local server answers to by default: the loopback names. */
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"];

/** The accepted host names, IPv6 ones without brackets (the Origin check compares them so). */
export function hostNames(allowed: readonly string[] | undefined): string[] {
  return [...(allowed ?? LOOPBACK_NAMES)].map((h) => h.replace(/^\[|\]$/g, ""));
}

/**
 * The Host header check (DNS-rebinding protection), the SDK's: a request must name one of the
 * accepted hosts. An IPv6 name is accepted with and without its brackets.
 */
export function hostValidation(names: readonly string[]) {
  return hostHeaderValidation(names.flatMap((h) => (h.includes(":") ? [h, `[${h}]`] : [h])));
}
