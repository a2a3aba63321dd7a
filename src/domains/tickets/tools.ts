import { z } from "zod";
import { compareText, roundMoney, sameId, takenIn } from "../shared/state-kit.js";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";
import { isCalendarDate } from "../travel/dates.js";
import {
  count,
  type Event,
  isoDate,
  money,
  type Order,
  orderSchema,
  orderStatus,
  type TicketsState,
  ticketsStateSchema,
} from "./state.js";

export { type TicketsState, ticketsStateSchema };

const MAX_QUANTITY = 50;
const MAX_TOP_UP = 5000;

const eventSummary = z.strictObject({
  event_id: z.string(),
  name: z.string(),
  category: z.string(),
  venue: z.string(),
  city: z.string(),
  date: z.string(),
  time: z.string(),
  min_price: money,
  tickets_available: count,
});
const eventView = eventSummary.omit({ min_price: true, tickets_available: true }).extend({
  status: z.enum(["on_sale", "sold_out", "cancelled"]),
  refundable: z.boolean(),
  max_per_order: z.number().int().positive(),
  tiers: z.array(z.strictObject({ tier: z.string(), price: money, available: count })),
});
const orderView = orderSchema;

const ticketsLeft = (e: Event): number => e.tiers.reduce((sum, t) => sum + t.available, 0);

function summarizeEvent(e: Event) {
  const open = e.tiers.filter((t) => t.available > 0);
  return {
    event_id: e.event_id,
    name: e.name,
    category: e.category,
    venue: e.venue,
    city: e.city,
    date: e.date,
    time: e.time,
    min_price: Math.min(...open.map((t) => t.price)),
    tickets_available: ticketsLeft(e),
  };
}

function viewEvent(e: Event) {
  const status = e.status === "cancelled" ? "cancelled" : ticketsLeft(e) === 0 ? "sold_out" : "on_sale";
  return {
    event_id: e.event_id,
    name: e.name,
    category: e.category,
    venue: e.venue,
    city: e.city,
    date: e.date,
    time: e.time,
    status,
    refundable: e.refundable,
    max_per_order: e.max_per_order,
    tiers: e.tiers.map((t) => ({ ...t })),
  };
}

function findEvent(state: TicketsState, id: string): Event {
  const event = state.events.find((e) => sameId(e.event_id, id));
  if (!event) throw new DomainError("NOT_FOUND", `No event ${id}; call search_events to find event ids`);
  return event;
}

function findOrder(state: TicketsState, id: string): Order {
  const order = state.orders.find((o) => sameId(o.order_id, id));
  if (!order) {
    throw new DomainError("NOT_FOUND", `No ticket order ${id}; call list_ticket_orders to see your orders`);
  }
  return order;
}

function requireCalendarDate(date: string | undefined, what: string): void {
  if (date !== undefined && !isCalendarDate(date)) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `${what} ${date} is not a day of the calendar; give a real date`,
    );
  }
}

const contains = (text: string, part: string): boolean =>
  text.toLowerCase().includes(part.trim().toLowerCase());
const eventIdArg = z.string().min(1).describe("Event id, as search_events returns it.");
const orderIdArg = z
  .string()
  .min(1)
  .describe("Ticket order id, as buy_tickets or list_ticket_orders return it.");

function tool<A extends z.ZodObject>(spec: DomainTool<TicketsState, A>): DomainTool<TicketsState> {
  return defineTool(spec);
}

const searchEvents = tool({
  name: "search_events",
  description:
    "Searches events on sale with tickets left; every filter is optional and they combine. Returns { events: " +
    "[{ event_id, name, category, venue, city, date, time, min_price, tickets_available }], count }, soonest " +
    "first (then by time and id), min_price being the cheapest tier with tickets left. No event is not an " +
    "error. Errors: INVALID_ARGUMENT if a date is not a real calendar day or date_to is before date_from.",
  input: z.strictObject({
    query: z
      .string()
      .regex(/\S/, "give a word of the event's name or venue, or omit query")
      .optional()
      .describe("Text in the event's name or venue, e.g. jazz (case-insensitive). Default: any."),
    city: z.string().min(1).optional().describe("City, e.g. New York (case-insensitive). Default: any."),
    category: z
      .string()
      .min(1)
      .optional()
      .describe("Kind of event, e.g. concert (case-insensitive). Default: any."),
    date_from: isoDate.optional().describe("Earliest date, YYYY-MM-DD, inclusive. Default: no limit."),
    date_to: isoDate.optional().describe("Latest date, YYYY-MM-DD, inclusive. Default: no limit."),
    max_price: money.optional().describe("Only events with a tier at most this price. Default: no limit."),
  }),
  output: z.strictObject({ events: z.array(eventSummary), count }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args) {
    requireCalendarDate(args.date_from, "date_from");
    requireCalendarDate(args.date_to, "date_to");
    if (args.date_from !== undefined && args.date_to !== undefined && args.date_to < args.date_from) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `date_to ${args.date_to} is before date_from ${args.date_from}; swap them or widen the range`,
      );
    }
    const { query, city, category, date_from: from, date_to: to, max_price: max } = args;
    const events = state.events
      .filter((e) => e.status === "on_sale" && ticketsLeft(e) > 0)
      .filter((e) => query === undefined || contains(e.name, query) || contains(e.venue, query))
      .filter(
        (e) =>
          (city === undefined || sameId(e.city, city)) &&
          (category === undefined || sameId(e.category, category)),
      )
      .filter((e) => (from === undefined || e.date >= from) && (to === undefined || e.date <= to))
      .filter((e) => max === undefined || e.tiers.some((t) => t.available > 0 && t.price <= max))
      .sort((a, b) => compareText(a.date + a.time, b.date + b.time) || compareText(a.event_id, b.event_id))
      .map(summarizeEvent);
    return { events, count: events.length };
  },
});

const getEvent = tool({
  name: "get_event",
  description:
    'Gets one event with its price tiers, whatever its status. Returns { event_id, name, category, venue, city, date, time, status: "on_sale" | "sold_out" | "cancelled", refundable, max_per_order, tiers: [{ tier, ' +
    "price, available }] }. Errors: NOT_FOUND if no event has that id.",
  input: z.strictObject({ event_id: eventIdArg }),
  output: eventView,
  readOnly: true,
  latency: 1,
  run(state, args) {
    return viewEvent(findEvent(state, args.event_id));
  },
});

const buyTickets = tool({
  name: "buy_tickets",
  description:
    "Buys tickets in one price tier of an event, paid from the wallet. Returns the order with the wallet's " +
    'new balance: { order_id, status: "confirmed", event_id, event_name, date, venue, tier, quantity, ' +
    "unit_price, total, holder, balance }. Errors: NOT_FOUND if no event has that id or it has no such tier; " +
    "INVALID_STATE if the event is cancelled or the tier has fewer tickets left than asked; INVALID_ARGUMENT " +
    "if quantity is above the event's max_per_order; INSUFFICIENT_FUNDS if the total is more than the balance " +
    "(call top_up_wallet).",
  input: z.strictObject({
    event_id: eventIdArg,
    tier: z
      .string()
      .min(1)
      .describe("Price tier name, as get_event lists it, e.g. Floor (case-insensitive)."),
    quantity: z
      .number()
      .int()
      .min(1)
      .max(MAX_QUANTITY)
      .describe(`Number of tickets, 1 to ${MAX_QUANTITY} (and at most the event's max_per_order).`),
    holder: z
      .string()
      .regex(/\S/, "give the ticket holder's full name")
      .describe("Full name the tickets are issued to, e.g. Ada Lovelace."),
  }),
  output: orderView.extend({ balance: money }),
  readOnly: false,
  latency: { lognormal: { median: 4, p95: 10 } },
  run(state, args, ctx) {
    const event = findEvent(state, args.event_id);
    if (event.status === "cancelled") {
      throw new DomainError(
        "INVALID_STATE",
        `${event.name} (${event.event_id}) is cancelled; call search_events for another`,
      );
    }
    const tier = event.tiers.find((t) => sameId(t.tier, args.tier));
    if (!tier) {
      const names = event.tiers.map((t) => t.tier).join(", ");
      throw new DomainError(
        "NOT_FOUND",
        `${event.event_id} has no tier "${args.tier}"; its tiers are ${names}`,
      );
    }
    if (args.quantity > event.max_per_order) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `${event.event_id} sells at most ${event.max_per_order} tickets per order; buy ${args.quantity} in several orders`,
      );
    }
    if (tier.available < args.quantity) {
      const left = tier.available === 0 ? "is sold out" : `has only ${tier.available} tickets left`;
      throw new DomainError(
        "INVALID_STATE",
        `Tier ${tier.tier} of ${event.event_id} ${left}; buy fewer or choose another tier (call get_event)`,
      );
    }
    const total = roundMoney(tier.price * args.quantity);
    if (total > state.balance) {
      throw new DomainError(
        "INSUFFICIENT_FUNDS",
        `The tickets cost ${total} but the wallet holds ${state.balance}; call top_up_wallet with at least ${roundMoney(total - state.balance)}, or buy fewer`,
      );
    }
    tier.available -= args.quantity;
    state.balance = roundMoney(state.balance - total);
    const { id, next } = ctx.ids.text(
      "TO",
      state.nextOrderNumber,
      takenIn(state.orders.map((o) => o.order_id)),
    );
    state.nextOrderNumber = next;
    const order: Order = {
      order_id: id,
      status: "confirmed",
      event_id: event.event_id,
      event_name: event.name,
      date: event.date,
      venue: event.venue,
      tier: tier.tier,
      quantity: args.quantity,
      unit_price: tier.price,
      total,
      holder: args.holder.trim(),
    };
    state.orders.push(order);
    return { ...order, balance: state.balance };
  },
});

const getTicketOrder = tool({
  name: "get_ticket_order",
  description:
    "Gets one ticket order by id, with its current status. Returns { order_id, status, event_id, event_name, " +
    "date, venue, tier, quantity, unit_price, total, holder }. Errors: NOT_FOUND if no order has that id.",
  input: z.strictObject({ order_id: orderIdArg }),
  output: orderView,
  readOnly: true,
  latency: 1,
  run(state, args) {
    return { ...findOrder(state, args.order_id) };
  },
});

const listTicketOrders = tool({
  name: "list_ticket_orders",
  description:
    "Lists your ticket orders, oldest first, optionally only one status or one event's. Returns { orders, " +
    "count }, each order as get_ticket_order returns it. No order is not an error.",
  input: z.strictObject({
    status: orderStatus
      .optional()
      .describe('Only orders with this status: "confirmed" or "cancelled". Default: all.'),
    event_id: z
      .string()
      .min(1)
      .optional()
      .describe("Only orders for this event id (search_events gives it). Default: all."),
  }),
  output: z.strictObject({ orders: z.array(orderView), count }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const orders = state.orders
      .filter((o) => args.status === undefined || o.status === args.status)
      .filter((o) => args.event_id === undefined || sameId(o.event_id, args.event_id))
      .map((o) => ({ ...o }));
    return { orders, count: orders.length };
  },
});

const cancelTicketOrder = tool({
  name: "cancel_ticket_order",
  description:
    "Cancels a confirmed ticket order, refunds its total to the wallet and releases the tickets. Returns " +
    '{ order_id, status: "cancelled", refund, balance } with the wallet\'s new balance. Errors: NOT_FOUND if ' +
    "no order has that id; INVALID_STATE if it is already cancelled; PERMISSION_DENIED if the event's tickets " +
    "are non-refundable (unless the organiser cancelled the event).",
  input: z.strictObject({ order_id: orderIdArg }),
  output: z.strictObject({
    order_id: z.string(),
    status: z.literal("cancelled"),
    refund: money,
    balance: money,
  }),
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: { lognormal: { median: 3, p95: 8 } },
  run(state, args) {
    const order = findOrder(state, args.order_id);
    if (order.status === "cancelled") {
      throw new DomainError(
        "INVALID_STATE",
        `Order ${order.order_id} is already cancelled and refunded; call list_ticket_orders to see the confirmed ones`,
      );
    }
    // An order given in the scenario may be for an event no longer listed: nothing to release then.
    const event = state.events.find((e) => e.event_id === order.event_id);
    if (event && !event.refundable && event.status !== "cancelled") {
      throw new DomainError(
        "PERMISSION_DENIED",
        `Tickets for ${event.name} (${event.event_id}) are non-refundable, so order ${order.order_id} cannot be cancelled`,
      );
    }
    const tier = event?.tiers.find((t) => t.tier === order.tier);
    if (tier) tier.available += order.quantity;
    order.status = "cancelled";
    state.balance = roundMoney(state.balance + order.total);
    return { order_id: order.order_id, status: "cancelled", refund: order.total, balance: state.balance };
  },
});

const getWalletBalance = tool({
  name: "get_wallet_balance",
  description:
    "Gets the wallet that pays for tickets. Returns { balance, confirmed_orders, spent }: spent is the total of " +
    "the confirmed orders.",
  input: z.strictObject({}),
  output: z.strictObject({ balance: money, confirmed_orders: count, spent: money }),
  readOnly: true,
  latency: 1,
  run(state) {
    const confirmed = state.orders.filter((o) => o.status === "confirmed");
    const spent = roundMoney(confirmed.reduce((sum, o) => sum + o.total, 0));
    return { balance: state.balance, confirmed_orders: confirmed.length, spent };
  },
});

const topUpWallet = tool({
  name: "top_up_wallet",
  description:
    `Adds money to the wallet from the card on file, at most ${MAX_TOP_UP} per call. Returns { added, balance } ` +
    "with the new balance.",
  input: z.strictObject({
    amount: z
      .number()
      .min(0.01)
      .max(MAX_TOP_UP)
      .describe(`Amount to add, 0.01 to ${MAX_TOP_UP}, e.g. 150. Rounded to cents.`),
  }),
  output: z.strictObject({ added: money, balance: money }),
  readOnly: false,
  latency: { uniform: { min: 2, max: 4 } },
  run(state, args) {
    const added = roundMoney(args.amount);
    state.balance = roundMoney(state.balance + added);
    return { added, balance: state.balance };
  },
});

export const tickets = defineDomain({
  name: "tickets",
  category: "TicketPurchase",
  description:
    "Event tickets: search events, see price tiers, buy and cancel tickets paid from a wallet. Order ids are " +
    "TO followed by a number.",
  state: ticketsStateSchema,
  tools: [
    searchEvents,
    getEvent,
    buyTickets,
    getTicketOrder,
    listTicketOrders,
    cancelTicketOrder,
    getWalletBalance,
    topUpWallet,
  ],
});
