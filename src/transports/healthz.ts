import type { Express, Request, Response } from "express";

/** What `GET /healthz` answers: enough for a container's health check, nothing of any episode. */
export interface Health {
  readonly status: "ok";
  readonly name: string;
  readonly version: string;
}

export const HEALTH_PATH = "/healthz";

/**
 * `GET /healthz` for container health checks and load balancers. It is registered before the
 * Host, Origin and bearer checks: probes arrive with whatever Host the orchestrator uses and
 * without the token, and the answer carries no episode data, so there is nothing to protect.
 */
export function serveHealth(app: Express, server: { readonly name: string; readonly version: string }): void {
  const body: Health = { status: "ok", name: server.name, version: server.version };
  app.get(HEALTH_PATH, (_req: Request, res: Response) => {
    res.set("Cache-Control", "no-store").json(body);
  });
}
