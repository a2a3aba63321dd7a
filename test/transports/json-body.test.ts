import type { Server } from "node:http";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import express, { type NextFunction, type Request, type Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonBody } from "../../src/transports/json-body.js";

const LIMIT = 64;

/**
 * The same request through jsonBody and through express.json, each answering what it made of
 * the body: the parsed value, or the error's status and type (what errorHandler answers from).
 */
let server: Server;
let port = 0;
beforeAll(async () => {
  const app = express();
  const answer = (req: Request, res: Response) => res.json({ body: req.body ?? "(none)" });
  app.post("/lean", jsonBody(LIMIT), answer);
  app.post("/general", express.json({ limit: LIMIT }), answer);
  app.use(
    (
      error: Error & { status?: number; type?: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      res.json({ status: error.status, type: error.type });
    },
  );
  server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function post(path: string, headers: Record<string, string>, body: Buffer | string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Both answers for one body, sent with Content-Length unless `headers` says otherwise. */
async function both(body: Buffer | string, headers: Record<string, string> = {}) {
  const all = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    ...headers,
  };
  return { lean: await post("/lean", all, body), general: await post("/general", all, body) };
}

describe("jsonBody reads a body as express.json does", () => {
  it.each([
    ["an object", '{"jsonrpc":"2.0","id":1,"method":"ping"}'],
    ["an array", '[{"a":1},{"b":[2,3]}]'],
    ["blanks before the value", ' \t\r\n {"a":"é ✓"}'],
    ["a byte order mark", '\uFEFF{"a":1}'],
    ["an empty body", ""],
    ["a number at the top", "3"],
    ["a string at the top", '"x"'],
    ["blanks only", "  \n"],
    ["invalid JSON", '{"a":'],
    ["a lone surrogate escape", '{"a":"\\ud800"}'],
  ])("%s", async (_what, body) => {
    const { lean, general } = await both(body);
    expect(lean).toEqual(general);
  });

  it("invalid UTF-8, decoded with replacement characters", async () => {
    const body = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const { lean, general } = await both(body);
    expect(lean).toEqual(general);
    expect(lean).toEqual({ body: { a: "\uFFFD(\uFFFD" } });
  });

  it("refuses a parse error and a body over the limit with body-parser's error types", async () => {
    expect((await both("{")).lean).toEqual({ status: 400, type: "entity.parse.failed" });
    expect((await both("7")).lean).toEqual({ status: 400, type: "entity.parse.failed" });
    const big = JSON.stringify({ padding: "x".repeat(LIMIT) });
    const { lean, general } = await both(big);
    expect(lean).toEqual({ status: 413, type: "entity.too.large" });
    expect(lean).toEqual(general);
  });

  it("leaves the other bodies to express.json: a charset, another type, a compressed body", async () => {
    for (const headers of [
      { "content-type": "application/json; charset=utf-8" },
      { "content-type": "application/json; charset=latin1" },
      { "content-type": "text/plain" },
      { "content-type": "Application/JSON" },
    ]) {
      const { lean, general } = await both('{"a":1}', headers);
      expect(lean).toEqual(general);
    }
    const zipped = gzipSync('{"z":true}');
    const { lean, general } = await both(zipped, { "content-encoding": "gzip" });
    expect(lean).toEqual({ body: { z: true } });
    expect(lean).toEqual(general);
  });

  it("a body sent in several chunks", async () => {
    const body = JSON.stringify({ a: "y".repeat(40) });
    const answer = await new Promise((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: "/lean",
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 10));
      req.flushHeaders();
      setImmediate(() => req.end(body.slice(10)));
    });
    expect(answer).toEqual({ body: JSON.parse(body) });
  });
});
