import { describe, expect, it } from "vitest";
import { tickets } from "../../../src/domains/tickets/tools.js";
import { seededIds } from "../../../src/engine/ids.js";
import { harness, toolOf } from "../harness.js";
import { describeWholeDomain } from "../whole-domain.js";

const initial = {
  balance: 300,
  events: [
    {
      event_id: "EV1",
      name: "Jazz at the Blue Note",
      category: "concert",
      venue: "Blue Note",
      city: "New York",
      date: "2026-12-05",
      time: "21:00",
      max_per_order: 4,
      tiers: [
        { tier: "Bar", price: 45.5, available: 3 },
        { tier: "Table", price: 120, available: 0 },
      ],
    },
    {
      event_id: "EV2",
      name: "Knicks vs Celtics",
      category: "sports",
      venue: "Madison Square Garden",
      city: "New York",
      date: "2026-12-03",
      refundable: false,
      tiers: [{ tier: "Upper", price: 80 }],
    },
    {
      event_id: "EV3",
      name: "Hamlet",
      category: "theatre",
      venue: "Globe",
      city: "London",
      date: "2026-12-03",
      time: "19:00",
      tiers: [{ tier: "Stalls", price: 60 }],
    },
    {
      event_id: "EV4",
      name: "Cancelled Jazz Night",
      category: "concert",
      venue: "Blue Note",
      city: "New York",
      date: "2026-12-04",
      status: "cancelled",
      refundable: false,
      tiers: [{ tier: "Bar", price: 30 }],
    },
    {
      event_id: "EV5",
      name: "Sold Out Show",
      venue: "Apollo",
      city: "New York",
      date: "2026-12-06",
      tiers: [{ tier: "GA", price: 10, available: 0 }],
    },
  ],
};

const tk = () => harness(tickets, initial);
const eventIds = (events: { event_id: string }[]) => events.map((e) => e.event_id);
const buy = { event_id: "EV1", tier: "Bar", quantity: 2, holder: "Ada Lovelace" };

describe("tickets state", () => {
  it("fills defaults", () => {
    expect(tickets.state.parse({})).toEqual({ events: [], balance: 0, orders: [], nextOrderNumber: 1001 });
    expect(
      tickets.state.parse({
        events: [
          {
            event_id: "E",
            name: "N",
            venue: "V",
            city: "C",
            date: "2026-12-03",
            tiers: [{ tier: "GA", price: 1 }],
          },
        ],
      }),
    ).toEqual({
      events: [
        {
          event_id: "E",
          name: "N",
          category: "",
          venue: "V",
          city: "C",
          date: "2026-12-03",
          time: "19:30",
          status: "on_sale",
          refundable: true,
          max_per_order: 8,
          tiers: [{ tier: "GA", price: 1, available: 100 }],
        },
      ],
      balance: 0,
      orders: [],
      nextOrderNumber: 1001,
    });
  });

  const event = {
    event_id: "E",
    name: "N",
    venue: "V",
    city: "C",
    date: "2026-12-03",
    tiers: [{ tier: "GA", price: 1 }],
  };
  it.each([
    [{ events: [{ ...event, date: "2026-02-30" }] }, "not a day of the calendar"],
    [{ events: [{ ...event, time: "7pm" }] }, "HH:MM"],
    [{ events: [{ ...event, tiers: [] }] }, "at least one price tier"],
    [{ events: [{ ...event, tiers: [1, 2].map(() => ({ tier: "GA", price: 1 })) }] }, "GA appears twice"],
    [{ events: [event, event] }, "E appears twice"],
    [{ balance: -1 }, ">=0"],
    [{ wallet: 5 }, "wallet"],
  ])("rejects %j", (state, message) => {
    const result = tickets.state.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${JSON.stringify(i)}`).join("\n")).toContain(
      message,
    );
  });
});

describe("search_events", () => {
  it("lists events on sale with tickets left, soonest first, with their cheapest open tier", () => {
    expect(tk().call("search_events", {})).toEqual({
      events: [
        {
          event_id: "EV3",
          name: "Hamlet",
          category: "theatre",
          venue: "Globe",
          city: "London",
          date: "2026-12-03",
          time: "19:00",
          min_price: 60,
          tickets_available: 100,
        },
        {
          event_id: "EV2",
          name: "Knicks vs Celtics",
          category: "sports",
          venue: "Madison Square Garden",
          city: "New York",
          date: "2026-12-03",
          time: "19:30",
          min_price: 80,
          tickets_available: 100,
        },
        {
          event_id: "EV1",
          name: "Jazz at the Blue Note",
          category: "concert",
          venue: "Blue Note",
          city: "New York",
          date: "2026-12-05",
          time: "21:00",
          min_price: 45.5,
          tickets_available: 3,
        },
      ],
      count: 3,
    });
  });

  it("combines filters, ignoring case", () => {
    const h = tk();
    const search = (args: Record<string, unknown>) => eventIds(h.call("search_events", args).events);
    expect(search({ query: "blue note" })).toEqual(["EV1"]);
    expect(search({ query: "GARDEN" })).toEqual(["EV2"]);
    expect(search({ city: "new york", category: "Concert" })).toEqual(["EV1"]);
    expect(search({ date_from: "2026-12-04" })).toEqual(["EV1"]);
    expect(search({ date_to: "2026-12-03", city: "London" })).toEqual(["EV3"]);
    expect(search({ date_from: "2026-12-03", date_to: "2026-12-03" })).toEqual(["EV3", "EV2"]);
    expect(search({ max_price: 50 })).toEqual(["EV1"]);
    // The cheap Table tier is sold out, so it does not count towards max_price.
    expect(search({ max_price: 45 })).toEqual([]);
  });

  it("refuses impossible dates and a reversed range", () => {
    const h = tk();
    expect(h.fail("search_events", { date_from: "2026-11-31" }, "INVALID_ARGUMENT").message).toMatch(
      /date_from 2026-11-31 is not a day of the calendar; give a real date/,
    );
    h.fail("search_events", { date_to: "2026-02-29" }, "INVALID_ARGUMENT");
    expect(
      h.fail("search_events", { date_from: "2026-12-05", date_to: "2026-12-01" }, "INVALID_ARGUMENT").message,
    ).toMatch(/before date_from 2026-12-05; swap them/);
    expect(toolOf(tickets, "search_events").input.safeParse({ date_from: "5 Dec" }).success).toBe(false);
    expect(toolOf(tickets, "search_events").input.safeParse({ query: " " }).success).toBe(false);
  });
});

describe("get_event", () => {
  it("shows any event with its tiers and a status", () => {
    const h = tk();
    expect(h.call("get_event", { event_id: "ev1" })).toEqual({
      event_id: "EV1",
      name: "Jazz at the Blue Note",
      category: "concert",
      venue: "Blue Note",
      city: "New York",
      date: "2026-12-05",
      time: "21:00",
      status: "on_sale",
      refundable: true,
      max_per_order: 4,
      tiers: [
        { tier: "Bar", price: 45.5, available: 3 },
        { tier: "Table", price: 120, available: 0 },
      ],
    });
    expect(h.call("get_event", { event_id: "EV4" }).status).toBe("cancelled");
    expect(h.call("get_event", { event_id: "EV5" }).status).toBe("sold_out");
  });

  it("fails on an unknown id", () => {
    expect(tk().fail("get_event", { event_id: "EV9" }, "NOT_FOUND").message).toMatch(
      /No event EV9; call search_events/,
    );
  });
});

describe("buy_tickets", () => {
  it("buys tickets from the wallet, with an id from the counter", () => {
    const h = tk();
    expect(h.call("buy_tickets", { ...buy, tier: "bar", holder: " Ada Lovelace " })).toEqual({
      order_id: "TO1001",
      status: "confirmed",
      event_id: "EV1",
      event_name: "Jazz at the Blue Note",
      date: "2026-12-05",
      venue: "Blue Note",
      tier: "Bar",
      quantity: 2,
      unit_price: 45.5,
      total: 91,
      holder: "Ada Lovelace",
      balance: 209,
    });
    expect(h.call("get_event", { event_id: "EV1" }).tiers[0].available).toBe(1);
    expect(h.call("buy_tickets", { ...buy, quantity: 1 })).toMatchObject({
      order_id: "TO1002",
      balance: 163.5,
    });
    // Its last Bar ticket gone and the Table tier empty, the event is sold out and leaves the search.
    expect(h.call("get_event", { event_id: "EV1" }).status).toBe("sold_out");
    expect(eventIds(h.call("search_events", { city: "New York" }).events)).toEqual(["EV2"]);
  });

  it("fails on unknown events and tiers, naming the tiers", () => {
    const h = tk();
    h.fail("buy_tickets", { ...buy, event_id: "EV9" }, "NOT_FOUND");
    expect(h.fail("buy_tickets", { ...buy, tier: "VIP" }, "NOT_FOUND").message).toMatch(
      /EV1 has no tier "VIP"; its tiers are Bar, Table/,
    );
  });

  it("refuses a cancelled event, a short tier and a sold-out one", () => {
    const h = tk();
    expect(h.fail("buy_tickets", { ...buy, event_id: "EV4" }, "INVALID_STATE").message).toMatch(
      /is cancelled; call search_events for another/,
    );
    expect(h.fail("buy_tickets", { ...buy, quantity: 4 }, "INVALID_STATE").message).toMatch(
      /Tier Bar of EV1 has only 3 tickets left; buy fewer or choose another tier/,
    );
    expect(h.fail("buy_tickets", { ...buy, tier: "Table" }, "INVALID_STATE").message).toMatch(
      /Tier Table of EV1 is sold out/,
    );
  });

  it("refuses more than the event allows per order", () => {
    expect(tk().fail("buy_tickets", { ...buy, quantity: 5 }, "INVALID_ARGUMENT").message).toMatch(
      /at most 4 tickets per order; buy 5 in several orders/,
    );
    expect(toolOf(tickets, "buy_tickets").input.safeParse({ ...buy, quantity: 51 }).success).toBe(false);
    expect(toolOf(tickets, "buy_tickets").input.safeParse({ ...buy, quantity: 0 }).success).toBe(false);
    expect(toolOf(tickets, "buy_tickets").input.safeParse({ ...buy, holder: " " }).success).toBe(false);
  });

  it("refuses a purchase the wallet cannot cover, changing nothing", () => {
    const h = tk();
    const args = { event_id: "EV2", tier: "Upper", quantity: 4, holder: "Ada" };
    expect(h.fail("buy_tickets", args, "INSUFFICIENT_FUNDS").message).toMatch(
      /cost 320 but the wallet holds 300; call top_up_wallet with at least 20, or buy fewer/,
    );
    expect(h.state).toMatchObject({ balance: 300, orders: [], nextOrderNumber: 1001 });
    expect(h.call("get_event", { event_id: "EV2" }).tiers[0].available).toBe(100);
    h.call("top_up_wallet", { amount: 20 });
    expect(h.call("buy_tickets", args).balance).toBe(0);
  });
});

describe("get_ticket_order and list_ticket_orders", () => {
  const bought = () => {
    const h = tk();
    h.call("buy_tickets", buy);
    h.call("buy_tickets", { event_id: "EV3", tier: "Stalls", quantity: 1, holder: "Alan" });
    return h;
  };

  it("gets an order by id in any case", () => {
    expect(bought().call("get_ticket_order", { order_id: "to1002" })).toEqual({
      order_id: "TO1002",
      status: "confirmed",
      event_id: "EV3",
      event_name: "Hamlet",
      date: "2026-12-03",
      venue: "Globe",
      tier: "Stalls",
      quantity: 1,
      unit_price: 60,
      total: 60,
      holder: "Alan",
    });
    expect(bought().fail("get_ticket_order", { order_id: "TO9" }, "NOT_FOUND").message).toMatch(
      /No ticket order TO9; call list_ticket_orders/,
    );
  });

  it("lists orders oldest first, by status and event", () => {
    const h = bought();
    const list = (args: Record<string, unknown>) =>
      h.call("list_ticket_orders", args).orders.map((o: { order_id: string }) => o.order_id);
    expect(list({})).toEqual(["TO1001", "TO1002"]);
    expect(list({ event_id: "ev3" })).toEqual(["TO1002"]);
    h.call("cancel_ticket_order", { order_id: "TO1001" });
    expect(list({ status: "confirmed" })).toEqual(["TO1002"]);
    expect(list({ status: "cancelled" })).toEqual(["TO1001"]);
    expect(tk().call("list_ticket_orders", {})).toEqual({ orders: [], count: 0 });
  });
});

describe("cancel_ticket_order", () => {
  it("refunds the total and releases the tickets", () => {
    const h = tk();
    h.call("buy_tickets", buy);
    expect(h.call("cancel_ticket_order", { order_id: "TO1001" })).toEqual({
      order_id: "TO1001",
      status: "cancelled",
      refund: 91,
      balance: 300,
    });
    expect(h.call("get_event", { event_id: "EV1" }).tiers[0].available).toBe(3);
    expect(h.call("get_ticket_order", { order_id: "TO1001" }).status).toBe("cancelled");
    expect(h.fail("cancel_ticket_order", { order_id: "TO1001" }, "INVALID_STATE").message).toMatch(
      /already cancelled and refunded/,
    );
    h.fail("cancel_ticket_order", { order_id: "TO9" }, "NOT_FOUND");
  });

  it("refuses to refund non-refundable tickets, unless the event was cancelled", () => {
    const order = {
      status: "confirmed",
      date: "2026-12-04",
      venue: "Blue Note",
      tier: "Bar",
      quantity: 2,
      unit_price: 30,
      total: 60,
      holder: "Ada",
    };
    const h = harness(tickets, {
      ...initial,
      orders: [
        { ...order, order_id: "TO1", event_id: "EV4", event_name: "Cancelled Jazz Night" },
        { ...order, order_id: "TO2", event_id: "EV2", event_name: "Knicks vs Celtics" },
        { ...order, order_id: "TO3", event_id: "GONE", event_name: "Old show" },
      ],
    });
    expect(h.call("cancel_ticket_order", { order_id: "TO1" })).toMatchObject({ refund: 60, balance: 360 });
    expect(h.fail("cancel_ticket_order", { order_id: "TO2" }, "PERMISSION_DENIED").message).toMatch(
      /Knicks vs Celtics \(EV2\) are non-refundable, so order TO2 cannot be cancelled/,
    );
    // An order for an event no longer listed still refunds; there is nothing to release.
    expect(h.call("cancel_ticket_order", { order_id: "TO3" }).balance).toBe(420);
  });
});

describe("get_wallet_balance and top_up_wallet", () => {
  it("reports the balance and what confirmed orders cost", () => {
    const h = tk();
    expect(h.call("get_wallet_balance", {})).toEqual({ balance: 300, confirmed_orders: 0, spent: 0 });
    h.call("buy_tickets", buy);
    expect(h.call("get_wallet_balance", {})).toEqual({ balance: 209, confirmed_orders: 1, spent: 91 });
  });

  it("adds money, rounded to cents, within the per-call limit", () => {
    const h = tk();
    expect(h.call("top_up_wallet", { amount: 0.1 })).toEqual({ added: 0.1, balance: 300.1 });
    expect(h.call("top_up_wallet", { amount: 0.2 })).toEqual({ added: 0.2, balance: 300.3 });
    expect(h.call("top_up_wallet", { amount: 10.005 }).added).toBe(10.01);
    const input = toolOf(tickets, "top_up_wallet").input;
    expect(input.safeParse({ amount: 0 }).success).toBe(false);
    expect(input.safeParse({ amount: 5000.01 }).success).toBe(false);
  });
});

describeWholeDomain(tickets, {
  fresh: () => {
    const h = tk();
    h.call("buy_tickets", { event_id: "EV3", tier: "Stalls", quantity: 1, holder: "Ada" });
    return h;
  },
  samples: {
    search_events: { city: "New York" },
    get_event: { event_id: "EV1" },
    buy_tickets: buy,
    get_ticket_order: { order_id: "TO1001" },
    list_ticket_orders: {},
    cancel_ticket_order: { order_id: "TO1001" },
    get_wallet_balance: {},
    top_up_wallet: { amount: 50 },
  },
  script: (h) => [
    h.call("search_events", { query: "jazz" }),
    h.call("buy_tickets", buy),
    h.fail("buy_tickets", { ...buy, quantity: 2 }, "INVALID_STATE").message,
    h.call("cancel_ticket_order", { order_id: "TO1002" }),
    h.call("buy_tickets", { ...buy, quantity: 3 }),
    h.fail(
      "buy_tickets",
      { event_id: "EV2", tier: "Upper", quantity: 8, holder: "Ada" },
      "INSUFFICIENT_FUNDS",
    ).message,
    h.call("top_up_wallet", { amount: 1000 }),
    h.call("buy_tickets", { event_id: "EV2", tier: "Upper", quantity: 8, holder: "Ada" }),
    h.call("list_ticket_orders", {}),
    h.call("get_wallet_balance", {}),
  ],
});

describe("ids under the episode's rule", () => {
  it("are TO- and 6 symbols drawn from the seed, the counter still counting", () => {
    const h = harness(tickets, initial, seededIds(1).forDomain("tickets"));
    const id = h.call("buy_tickets", buy).order_id;
    expect(id).toMatch(/^TO-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
    expect(id).toBe(
      seededIds(1)
        .forDomain("tickets")
        .text("TO", 1001, () => false).id,
    );
    expect(h.state.nextOrderNumber).toBe(1002);
  });
});
