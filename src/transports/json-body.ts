import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";

/**
 * The JSON body parser: `express.json({ limit })`, with a short way for the body every MCP
 * client sends (`Content-Type: application/json` exactly, a Content-Length within the limit, no
 * Content-Encoding). That body is read and parsed here as body-parser would (UTF-8, a leading
 * byte order mark dropped, an empty body taken as `{}`, anything but an object or an array at
 * the top refused), with the same error types (`entity.parse.failed`, `request.size.invalid`,
 * `request.aborted`, status 400) for errorHandler to answer. Every other request (another
 * charset or type, a compressed or chunked body, one over the limit) goes to express.json.
 * Why: body-parser's generality (type matching, charset lookup, a decoder, an async resource
 * per request) was a tenth of the server's own time per call over HTTP.
 */
export function jsonBody(limit: number): RequestHandler {
  const general = express.json({ limit });
  return (req: Request, res: Response, next: NextFunction) => {
    const headers = req.headers;
    const declared = headers["content-length"];
    if (
      headers["content-type"] !== "application/json" ||
      headers["content-encoding"] !== undefined ||
      headers["transfer-encoding"] !== undefined ||
      declared === undefined ||
      !/^\d{1,15}$/.test(declared) ||
      Number(declared) > limit ||
      !req.readable ||
      !req.socket?.readable
    )
      return general(req, res, next);
    readJson(req, Number(declared), next);
  };
}

function readJson(req: Request, length: number, next: NextFunction): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let done = false;
  const finish = (error?: Error) => {
    if (done) return;
    done = true;
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("error", onError);
    req.off("aborted", onAborted);
    if (error) {
      // As body-parser does: the rest of the body is read off so the connection can go on.
      req.resume();
      return next(error);
    }
    next();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (received !== length)
      return finish(bodyError("request size did not match content length", "request.size.invalid"));
    try {
      req.body = parseJson(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
    } catch (error) {
      return finish(bodyError((error as Error).message, "entity.parse.failed"));
    }
    finish();
  };
  const onError = (error: Error) => finish(bodyError(error.message, undefined));
  const onAborted = () => finish(bodyError("request aborted", "request.aborted"));
  req.on("data", onData);
  req.on("end", onEnd);
  req.on("error", onError);
  req.on("aborted", onAborted);
}

/** body-parser's strict JSON: `{}` for an empty body; the top level must be an object or an array. */
export function parseJson(bytes: Buffer): unknown {
  let text = bytes.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  const first = firstNonBlank(text);
  if (first !== "{" && first !== "[")
    throw new SyntaxError(`Unexpected token ${first || "end of input"} in JSON: not an object or an array`);
  return JSON.parse(text);
}

/** The first character that is not JSON whitespace (RFC 8259: space, tab, LF, CR), or "". */
function firstNonBlank(text: string): string {
  for (const char of text) if (char !== " " && char !== "\t" && char !== "\n" && char !== "\r") return char;
  return "";
}

function bodyError(message: string, type: string | undefined): Error {
  return Object.assign(new Error(message), { status: 400, type });
}
