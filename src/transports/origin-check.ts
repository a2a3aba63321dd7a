import type { NextFunction, Request, Response } from "express";
import { JSONRPC } from "../jsonrpc-codes.js";
import { jsonRpcError } from "./json-errors.js";

/**
 * The Origin check. Browsers send Origin; a page must not drive a local server (DNS
 * rebinding, or simply another local web app). By default only the server's own origin is
 * accepted: http, one of the accepted host names, and the server's port exactly — a page on
 * localhost:8080 may not drive a server on localhost:3000. `allowedOrigins` adds others
 * exactly as written (`http://localhost:6274` for the MCP Inspector's web page).
 * A request without Origin (every non-browser client) passes.
 */
export function originValidation(options: {
  readonly hostNames: readonly string[];
  /** The server's port, known once it listens (port 0 picks one). */
  readonly port: () => number;
  readonly allowedOrigins?: readonly string[];
}) {
  const names = new Set(options.hostNames.map((h) => h.replace(/^\[|\]$/g, "").toLowerCase()));
  const extra = new Set((options.allowedOrigins ?? []).map(normalOrigin).filter((o) => o !== undefined));
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.header("origin");
    if (origin === undefined) return next();
    const normal = normalOrigin(origin);
    if (normal === undefined)
      return jsonRpcError(res, 403, JSONRPC.SERVER_REFUSED, `Invalid Origin header: ${origin.slice(0, 200)}`);
    if (extra.has(normal) || isOwnOrigin(normal, names, options.port())) return next();
    jsonRpcError(
      res,
      403,
      JSONRPC.SERVER_REFUSED,
      `Origin not allowed: ${normal}. Only the server's own origin is accepted; start it with --allowed-origins ${normal} to allow this one.`,
    );
  };
}

/** scheme://host:port with the default port made explicit, or undefined when it is no origin. */
export function normalOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.protocol}//${url.hostname.toLowerCase()}:${port}`;
}

function isOwnOrigin(normal: string, names: ReadonlySet<string>, port: number): boolean {
  const match = /^http:\/\/(.+):(\d+)$/.exec(normal);
  return (
    match !== null && names.has((match[1] as string).replace(/^\[|\]$/g, "")) && Number(match[2]) === port
  );
}
