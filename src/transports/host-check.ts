import { hostHeaderValidation } from "@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js";
import type { NextFunction, Request, RequestHandler, Response } from "express";

/** The names a local server answers to by default: the loopback names. */
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"];

/**
 * How many distinct Host headers the check remembers as passed. A client names its server one
 * way (one or two values per server); the bound keeps a client that sends many from growing it.
 */
export const REMEMBERED_HOSTS = 64;

/** The accepted host names, IPv6 ones without brackets (the Origin check compares them so). */
export function hostNames(allowed: readonly string[] | undefined): string[] {
  return [...(allowed ?? LOOPBACK_NAMES)].map((h) => h.replace(/^\[|\]$/g, ""));
}

/**
 * The Host header check (DNS-rebinding protection), the SDK's: a request must name one of the
 * accepted hosts. An IPv6 name is accepted with and without its brackets.
 */
export function hostValidation(names: readonly string[]): RequestHandler {
  return rememberPassedHosts(
    hostHeaderValidation(names.flatMap((h) => (h.includes(":") ? [h, `[${h}]`] : [h]))),
  );
}

/**
 * `check` (the SDK's Host check), with the Host headers it has passed remembered. Its verdict
 * depends on the header's text alone (it parses `http://<Host>` with `URL` and looks the name up
 * in a fixed list), so a Host it passed once passes again without the parse: the check ran on
 * every request, a `URL` built and dropped per call (0.8 % of the server's busy samples at 8
 * clients). A Host not yet passed, and every refusal, goes through `check` as before.
 */
export function rememberPassedHosts(
  check: (req: Request, res: Response, next: NextFunction) => void,
  capacity = REMEMBERED_HOSTS,
): RequestHandler {
  const passed = new Set<string>();
  return (req, res, next) => {
    const host = req.headers.host;
    if (host !== undefined && passed.has(host)) return next();
    if (host === undefined || passed.size >= capacity) return check(req, res, next);
    check(req, res, (...args: unknown[]) => {
      // The SDK's check calls next() only to pass a request.
      if (args.length === 0) passed.add(host);
      (next as (...a: unknown[]) => void)(...args);
    });
  };
}
