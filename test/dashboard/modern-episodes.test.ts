import { describe, expect, it } from "vitest";
import { connectModernHttp } from "../../src/client/modern-connect.js";
import { eventDataUntil } from "../helpers/event-stream.js";
import { httpServerPerTest } from "../helpers/raw-http.js";

/**
 * Episodes of the 2026-07-28 era (episode URLs, no protocol session) are on /dashboard as the
 * handshake era's sessions are: listed while they run, with a page of their own, and shown ended
 * once their URL is deleted.
 */

interface Row {
  readonly id: string;
  readonly scenario: string;
  readonly end: string;
}

const serve = httpServerPerTest();

describe("the dashboard and episode URLs", () => {
  it("lists an episode created with POST /episodes, follows it, and shows it ended after DELETE", async () => {
    const server = await serve();
    const base = server.url.replace(/\/mcp$/, "");
    const created = await fetch(`${base}/episodes?scenario=filesystem-triage&seed=3&id=modern-1`, {
      method: "POST",
    });
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as { url: string };
    // An episode starts with its first request, as a session starts with initialize.
    const connection = await connectModernHttp(url, { name: "dashboard-test", version: "1" });
    await connection.tools.call("list_tasks", {});

    // The stream's first message is the list as it stands: the episode has started already.
    const listed = await eventDataUntil<{ rows: Row[] }>(`${base}/dashboard/api/sessions`, () => true);
    expect(listed.rows.find((r) => r.id === "modern-1")).toMatchObject({
      scenario: "filesystem-triage",
      end: "running",
    });
    const page = await eventDataUntil<{ row: Row }>(`${base}/dashboard/api/sessions/modern-1`, () => true);
    expect(page.row).toMatchObject({ id: "modern-1", end: "running" });

    await connection.close("disconnected", "done"); // DELETE of its URL
    const ended = await eventDataUntil<{ rows: Row[] }>(`${base}/dashboard/api/sessions`, ({ rows }) =>
      rows.some((r) => r.id === "modern-1" && r.end !== "running"),
    );
    expect(ended.rows.find((r) => r.id === "modern-1")?.end).toMatch(/^disconnected/);
  });
});
