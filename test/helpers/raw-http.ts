import { afterEach } from "vitest";
import { exampleScenariosDir } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { type HttpServeOptions, type HttpServer, startHttpServer } from "../../src/transports/http.js";

/** What a raw Streamable HTTP client sends: the headers of a POST, and a first initialize. */
export const rawHeaders = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};
export const rawInitialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

/**
 * Registers an afterEach that closes the server, and returns the function that starts it: loopback,
 * an ephemeral port, the example scenarios, no recordings unless `extra` says otherwise.
 */
export function httpServerPerTest(): (extra?: Partial<HttpServeOptions>) => Promise<HttpServer> {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return async (extra = {}) => {
    server = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      catalogue: await Catalogue.load([exampleScenariosDir]),
      defaultScenario: "travel-and-files",
      session: { seed: 1, recordingsDir: null, server: { name: "asynctool-mcp", version: "test" } },
      ...extra,
    });
    return server;
  };
}
