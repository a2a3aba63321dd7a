import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { JSONRPC } from "../jsonrpc-codes.js";
import { jsonRpcError } from "./json-errors.js";

/** Requires `Authorization: Bearer <token>`; compares in constant time, and never echoes the token. */
export function bearerAuth(token: string) {
  const expected = createHash("sha256").update(token).digest();
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const given = createHash("sha256")
      .update(match?.[1] ?? "")
      .digest();
    if (match && timingSafeEqual(given, expected)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="asynctool-mcp"');
    jsonRpcError(
      res,
      401,
      JSONRPC.UNAUTHORIZED,
      "Unauthorized: send the server's token as `Authorization: Bearer <token>`.",
    );
  };
}
