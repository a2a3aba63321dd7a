import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { ReportTickets } from "../dashboard/report-tickets.js";
import type { LiveRecordings } from "../recorder/live-recordings.js";
import { bearerAuth } from "./bearer-auth.js";
import { serveDashboardData, serveDashboardPages } from "./dashboard.js";
import { serveHealth } from "./healthz.js";
import { hostNames, hostValidation } from "./host-check.js";
import { errorHandler, unknownRoutes } from "./json-errors.js";
import { originValidation } from "./origin-check.js";

/**
 * The dashboard on its own (`asynctool dashboard`): the same pages and routes as on the MCP
 * server's /dashboard, behind the same checks (Host, Origin, bearer token), with no MCP endpoint.
 * It shows whatever is fed into `live` (a tail of a recordings directory).
 */

export interface DashboardServeOptions {
  readonly host: string;
  readonly port: number;
  readonly live: LiveRecordings;
  readonly server: { readonly name: string; readonly version: string };
  /** Host names accepted in the Host header. Default: the loopback names. */
  readonly allowedHosts?: readonly string[];
  readonly allowedOrigins?: readonly string[];
  /** When set, the data routes require `Authorization: Bearer <token>`. */
  readonly authToken?: string;
  /** A running session whose file has not been written for this long is shown as silent. */
  readonly staleAfterMs?: number;
  /** Real time, epoch ms; injected by tests. */
  readonly now?: () => number;
}

export interface DashboardServer {
  /** The address of the sessions page. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startDashboardServer(options: DashboardServeOptions): Promise<DashboardServer> {
  const allowedHosts = hostNames(options.allowedHosts);
  const now = options.now ?? Date.now;
  const tickets = new ReportTickets(now);
  let port = 0;
  const app = express();
  app.disable("x-powered-by");
  serveHealth(app, options.server);
  app.use(hostValidation(allowedHosts));
  app.use(
    originValidation({
      hostNames: allowedHosts,
      port: () => port,
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    }),
  );
  serveDashboardPages(app, tickets, options.live);
  if (options.authToken !== undefined) app.use(bearerAuth(options.authToken));
  const dashboard = serveDashboardData(
    app,
    {
      live: options.live,
      now,
      ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
    },
    tickets,
  );
  unknownRoutes(app);
  app.use(errorHandler(undefined));

  const httpServer = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
    s.once("error", reject);
  });
  port = (httpServer.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostForUrl}:${port}/dashboard`,
    port,
    async close() {
      // The event streams end first; nothing else is long-lived here.
      dashboard.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
