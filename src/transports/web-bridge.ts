import type { Request, Response } from "express";

/**
 * express to the web-standard `fetch` face of the v2 SDK's handler, and back. The body is
 * already parsed by express.json (it is handed over as `parsedBody`, and as text for the
 * handler's own reads); the response, JSON or an SSE stream, is piped out as it comes. A client
 * that closes its connection aborts the request, which the handler takes as a cancellation.
 */
export async function serveThroughFetch(
  req: Request,
  res: Response,
  fetch: (request: globalThis.Request, options: { parsedBody?: unknown }) => Promise<globalThis.Response>,
): Promise<void> {
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const hasBody = req.method === "POST" && req.body !== undefined;
  const url = `http://${req.headers.host ?? "localhost"}${req.originalUrl}`;
  const request = new globalThis.Request(url, {
    method: req.method,
    headers,
    signal: abort.signal,
    ...(hasBody ? { body: JSON.stringify(req.body) } : {}),
  });
  // The length express read is not the length of the re-serialised body.
  request.headers.delete("content-length");
  const response = await fetch(request, hasBody ? { parsedBody: req.body } : {});
  res.status(response.status);
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  try {
    for await (const chunk of response.body) {
      if (abort.signal.aborted) break;
      res.write(chunk);
    }
  } catch {
    // The stream was cut (the client went away): nothing is left to send.
  }
  res.end();
}
