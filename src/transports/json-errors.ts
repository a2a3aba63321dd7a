import type { Express, NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import { JSONRPC, type JsonRpcCode } from "../jsonrpc-codes.js";

/**
 * Answers with a JSON-RPC error object (id null: the request's id is not known here); `data`
 * carries an error code of docs/errors.md when there is one.
 */
export function jsonRpcError(
  res: Response,
  status: number,
  code: JsonRpcCode,
  message: string,
  data?: Record<string, unknown>,
): void {
  if (!res.headersSent)
    res
      .status(status)
      .json({ jsonrpc: "2.0", error: { code, message, ...(data ? { data } : {}) }, id: null });
}

/** The methods each route answers; anything else is 405 with an Allow header. */
const ROUTES: Readonly<Record<string, readonly string[]>> = {
  "/mcp": ["GET", "POST", "DELETE"],
  "/episodes": ["POST"],
};

/**
 * The fallbacks after every route: an unknown path is 404 and a known path with another method
 * is 405, both as JSON-RPC errors; express would answer with an HTML page.
 */
export function unknownRoutes(app: Express): void {
  app.use((req: Request, res: Response) => {
    const allowed = ROUTES[req.path];
    if (allowed) {
      res.setHeader("Allow", allowed.join(", "));
      return jsonRpcError(
        res,
        405,
        JSONRPC.METHOD_NOT_FOUND,
        `Method not allowed: ${req.method} ${req.path}; this endpoint takes ${allowed.join(", ")}.`,
      );
    }
    jsonRpcError(
      res,
      404,
      JSONRPC.METHOD_NOT_FOUND,
      `Not found: ${req.method} ${req.path}; the MCP endpoint is /mcp.`,
    );
  });
}

/** Malformed JSON, oversized bodies and anything thrown: a JSON-RPC error, never an HTML page. */
export function errorHandler(logger: Logger | undefined) {
  return (
    error: Error & { type?: string; status?: number },
    _req: Request,
    res: Response,
    _next: NextFunction,
  ) => {
    if (error.type === "entity.parse.failed")
      return jsonRpcError(res, 400, JSONRPC.PARSE_ERROR, "Parse error: the body is not valid JSON.");
    if (error.type === "entity.too.large")
      return jsonRpcError(res, 413, JSONRPC.INVALID_REQUEST, "Request body too large.");
    logger?.error({ err: error.message }, "http request failed");
    jsonRpcError(res, error.status ?? 500, JSONRPC.INTERNAL_ERROR, "Internal error.");
  };
}
