import { afterEach, describe, expect, it } from "vitest";
import { ReportTickets } from "../../src/dashboard/report-tickets.js";
import { exampleScenariosDir } from "../../src/paths.js";
import { Catalogue } from "../../src/scenarios/catalogue.js";
import { type HttpServer, startHttpServer } from "../../src/transports/http.js";

/** The dashboard's refusals, as the page's script reads them: JSON with a code and a message. */

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function base(): Promise<string> {
  server = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    catalogue: await Catalogue.load([exampleScenariosDir]),
    defaultScenario: "travel-and-files",
    session: { seed: 1, recordingsDir: null, server: { name: "asynctool-mcp", version: "test" } },
  });
  return server.url.replace(/\/mcp$/, "");
}

describe("dashboard errors", () => {
  it("DASHBOARD_SESSION_NOT_FOUND: a session it does not hold, on its stream and its report ticket", async () => {
    const url = await base();
    for (const path of ["/dashboard/api/sessions/nope", "/dashboard/api/sessions/nope/report-ticket"]) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe("DASHBOARD_SESSION_NOT_FOUND");
      expect(body.message).toContain("Open /dashboard");
    }
  });

  it("DASHBOARD_TICKET_INVALID: a report link nobody issued", async () => {
    const url = await base();
    const res = await fetch(`${url}/dashboard/report/not-a-ticket`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe("DASHBOARD_TICKET_INVALID");
    expect(body.message).toContain("open the report again");
  });

  it("a ticket opens its session once, and not after it expired", () => {
    let now = 1_000;
    const tickets = new ReportTickets(() => now, 60_000);
    const once = tickets.issue("s1");
    expect(tickets.redeem(once)).toBe("s1");
    expect(tickets.redeem(once)).toBeUndefined();
    const late = tickets.issue("s1");
    now += 60_001;
    expect(tickets.redeem(late)).toBeUndefined();
  });
});
