import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { builtInDomains } from "../../src/domains/all-built-in-domains.js";
import { compileScenario } from "../../src/scenarios/compile.js";
import { connectInMemory } from "../helpers/in-memory.js";

/**
 * What a client sees of every built-in tool in tools/list: annotations a client can act on
 * (ask before a destructive call, retry an idempotent one), titles a person reads, and input
 * schemas that function-calling APIs accept as they are.
 */

const DESTRUCTIVE = [
  "cancel_booking",
  "cancel_order",
  "cancel_ticket_order",
  "compress",
  "copy_file",
  "delete_file",
  "delete_message",
  "delete_record",
  "generate_dataset",
  "move_file",
  "update_record",
  "write_file",
];

const scenario = compileScenario({
  id: "every-tool",
  title: "Every built-in tool",
  clock: "step",
  domains: Object.fromEntries(builtInDomains.map((d) => [d.name, { state: {} }])),
  tasks: [
    {
      id: "t",
      instruction: "Search flights from SFO to JFK on 2026-12-03 and say how many there are.",
      steps: [{ id: "s", tool: "search_flights", args: { from: "SFO", to: "JFK", date: "2026-12-03" } }],
      answer: { number: 0 },
    },
  ],
});

async function listed(): Promise<Tool[]> {
  const { client } = await connectInMemory({ scenario });
  return (await client.listTools()).tools;
}

/** Every `type` given as a list, and every bound at the safe-integer limits, at any depth. */
function unportable(node: unknown, at = "$"): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => unportable(item, `${at}[${i}]`));
  if (typeof node !== "object" || node === null) return [];
  const own: string[] = [];
  const record = node as Record<string, unknown>;
  if (Array.isArray(record.type)) own.push(`${at}.type`);
  if (record.maximum === Number.MAX_SAFE_INTEGER) own.push(`${at}.maximum`);
  if (record.minimum === Number.MIN_SAFE_INTEGER) own.push(`${at}.minimum`);
  return [...own, ...Object.entries(record).flatMap(([key, value]) => unportable(value, `${at}.${key}`))];
}

describe("the built-in tools as tools/list shows them", () => {
  it("mark exactly the tools that delete, cancel or overwrite as destructive, and no reader", async () => {
    const domainTools = (await listed()).filter((t) =>
      builtInDomains.some((d) => d.tools.some((x) => x.name === t.name)),
    );
    expect(domainTools.length).toBe(builtInDomains.flatMap((d) => d.tools).length);
    const destructive = domainTools.filter((t) => t.annotations?.destructiveHint === true).map((t) => t.name);
    expect(destructive.sort()).toEqual(DESTRUCTIVE);
    for (const tool of domainTools) {
      if (tool.annotations?.readOnlyHint) {
        expect(tool.annotations.destructiveHint, tool.name).toBe(false);
        expect(tool.annotations.idempotentHint, tool.name).toBe(true);
      }
      if (/^(delete|cancel)_/.test(tool.name))
        expect(tool.annotations?.destructiveHint, tool.name).toBe(true);
      // Simulated: nothing outside the episode is reached.
      expect(tool.annotations?.openWorldHint, tool.name).toBe(false);
    }
  });

  it("mark writers idempotent only where a repeat changes nothing more", async () => {
    const byName = new Map((await listed()).map((t) => [t.name, t]));
    // A second cancel or delete finds nothing left to do; a second booking or post is another one.
    expect(byName.get("cancel_booking")?.annotations?.idempotentHint).toBe(true);
    expect(byName.get("delete_file")?.annotations?.idempotentHint).toBe(true);
    expect(byName.get("book_flight")?.annotations?.idempotentHint).toBe(false);
    expect(byName.get("create_post")?.annotations?.idempotentHint).toBe(false);
    expect(byName.get("insert_record")?.annotations?.idempotentHint).toBe(false);
  });

  it("have titles in title case, with initialisms in capitals", async () => {
    const byName = new Map((await listed()).map((t) => [t.name, t]));
    expect(byName.get("search_flights")?.title).toBe("Search Flights");
    expect(byName.get("search_flights")?.annotations?.title).toBe("Search Flights");
    for (const tool of byName.values()) {
      expect(tool.title, tool.name).toMatch(/^[A-Z]/);
      expect(tool.title, tool.name).not.toContain("_");
    }
  });

  it("have input and output schemas without type lists or safe-integer bounds", async () => {
    const problems = (await listed()).flatMap((t) => [
      ...unportable(t.inputSchema).map((p) => `${t.name} input ${p}`),
      ...unportable(t.outputSchema).map((p) => `${t.name} output ${p}`),
    ]);
    expect(problems).toEqual([]);
  });

  it("advertise no tools/list_changed on a server that plays one episode (it never sends one)", async () => {
    const { client } = await connectInMemory({ scenario });
    expect(client.getServerCapabilities()?.tools?.listChanged).toBe(false);
  });

  it("bound a hotel stay by what book_hotel accepts", async () => {
    const hotel = (await listed()).find((t) => t.name === "book_hotel");
    if (!hotel) throw new Error("book_hotel is not listed");
    const nights = (hotel.inputSchema.properties as Record<string, { maximum?: number }>).nights;
    expect(nights?.maximum).toBeGreaterThan(0);
    expect(nights?.maximum).toBeLessThan(1000);
  });
});
