import http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";

// The bench is plain JavaScript outside the package (bench/); its modules are loaded as they run.
const { warmUp, warmUpPlan, warmUpSides, QUICK_WARM_CALLS } = await import(
  new URL("../bench/lib/warm-up.mjs", import.meta.url).href
);

/**
 * A stand-in MCP server that speaks just what the lean client sends (initialize, the initialized
 * notification, tools/call, DELETE) and counts, per session, the calls it answered.
 */
function countingServer() {
  const calls = new Map<string, number>();
  const closed: string[] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const session = String(req.headers["mcp-session-id"] ?? "");
      if (req.method === "DELETE") {
        closed.push(session);
        res.writeHead(200).end();
        return;
      }
      const message = JSON.parse(body);
      if (message.method === "initialize") {
        const id = `s${++next}`;
        calls.set(id, 0);
        res.writeHead(200, { "content-type": "application/json", "mcp-session-id": id });
        res.end(
          JSON.stringify({ jsonrpc: "2.0", id: message.id, result: { protocolVersion: "2025-11-25" } }),
        );
      } else if (message.method === "notifications/initialized") {
        res.writeHead(202).end();
      } else {
        calls.set(session, (calls.get(session) ?? 0) + 1);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: message.id, result: { content: [] } }));
      }
    });
  });
  return { server, calls, closed };
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("bench: the servers' warm-up before figure 2 times them", () => {
  it("plans every call once, in rounds of at most `clients` sessions of at most `perSession` calls", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 2_000 }),
        (calls, clients, perSession) => {
          const rounds = warmUpPlan(calls, clients, perSession);
          const all = rounds.flat();
          expect(all.reduce((a: number, b: number) => a + b, 0)).toBe(calls);
          for (const round of rounds) expect(round.length).toBeLessThanOrEqual(clients);
          for (const n of all) {
            expect(n).toBeGreaterThanOrEqual(1);
            expect(n).toBeLessThanOrEqual(perSession);
          }
        },
      ),
    );
    expect(warmUpPlan(2_500, 8, 125)).toEqual([Array(8).fill(125), Array(8).fill(125), Array(4).fill(125)]);
  });

  it("makes that many calls on the server, in fresh sessions it closes", async () => {
    const { server, calls, closed } = countingServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;

    const made = await warmUp({ url, tool: "echo" }, { calls: 1_000, clients: 8, perSession: 50 });

    expect(made).toBe(1_000);
    expect([...calls.values()].reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(calls.size).toBe(20); // 1,000 calls in sessions of 50
    expect(Math.max(...calls.values())).toBe(50);
    expect(closed.sort()).toEqual([...calls.keys()].sort());
  });

  it("gives every side of a figure the same warm-up calls (figures 1, 2 and 5)", async () => {
    const stand = [countingServer(), countingServer(), countingServer()];
    const sides: Record<string, { url: string; tool: string }> = {};
    for (const [i, { server }] of stand.entries()) {
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      sides[`side${i}`] = {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
        tool: "echo",
      };
    }
    const total = (c: Map<string, number>) => [...c.values()].reduce((a, b) => a + b, 0);

    await warmUpSides(sides, { quick: false, calls: 300 });
    expect(stand.map((s) => total(s.calls))).toEqual([300, 300, 300]);

    await warmUpSides(sides, { quick: true });
    expect(stand.map((s) => total(s.calls))).toEqual([300, 300, 300].map((n) => n + QUICK_WARM_CALLS));

    await warmUpSides(sides, { quick: false, calls: 0 });
    expect(stand.map((s) => total(s.calls))).toEqual([300, 300, 300].map((n) => n + QUICK_WARM_CALLS));
  });
});
