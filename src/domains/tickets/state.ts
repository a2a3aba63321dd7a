import { z } from "zod";
import { checkUnique } from "../shared/state-kit.js";
import { isCalendarDate } from "../travel/dates.js";

/** The ticket shop's state: events with price tiers, the wallet, and orders. */

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "write the date as YYYY-MM-DD, e.g. 2026-12-03");
const calendarDate = isoDate.refine(
  isCalendarDate,
  "not a day of the calendar; write YYYY-MM-DD, e.g. 2026-12-03",
);
export const money = z.number().finite().nonnegative();
export const count = z.number().int().nonnegative();
export const orderStatus = z.enum(["confirmed", "cancelled"]);

const tierSchema = z.strictObject({
  tier: z.string().min(1).describe("Tier name, unique within the event, e.g. Floor or Balcony."),
  price: money.describe("Price of one ticket in this tier."),
  available: count.default(100).describe("Tickets left in this tier. Default 100."),
});

const eventSchema = z.strictObject({
  event_id: z.string().min(1).describe("Event id (any text, unique among the events)."),
  name: z.string().min(1).describe("Event name, e.g. Arctic Monkeys Live."),
  category: z.string().default("").describe("Kind of event, e.g. concert, sports, theatre. Default empty."),
  venue: z.string().min(1).describe("Venue name, e.g. Madison Square Garden."),
  city: z.string().min(1).describe("City, e.g. New York."),
  date: calendarDate.describe("Date of the event, YYYY-MM-DD."),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "write the time as HH:MM, e.g. 19:30")
    .default("19:30")
    .describe("Start time, HH:MM (24-hour). Default 19:30."),
  status: z
    .enum(["on_sale", "cancelled"])
    .default("on_sale")
    .describe(
      '"on_sale" (default), or "cancelled" by the organiser: no sales, and every order may be refunded.',
    ),
  refundable: z
    .boolean()
    .default(true)
    .describe(
      "Whether orders may be cancelled for a refund (always, if the event is cancelled). Default true.",
    ),
  max_per_order: z.number().int().min(1).default(8).describe("Most tickets one order may hold. Default 8."),
  tiers: z
    .array(tierSchema)
    .min(1, "give at least one price tier")
    .describe("Price tiers, e.g. Floor, Balcony."),
});

export const orderSchema = z.strictObject({
  order_id: z.string().min(1).describe("Order id (any text, unique among the orders)."),
  status: orderStatus.describe('"confirmed" or "cancelled".'),
  event_id: z.string().min(1).describe("Event the tickets are for."),
  event_name: z.string().describe("Name of the event."),
  date: z.string().describe("Date of the event, YYYY-MM-DD."),
  venue: z.string().describe("Venue of the event."),
  tier: z.string().describe("Price tier of the tickets."),
  quantity: z.number().int().positive().describe("Number of tickets."),
  unit_price: money.describe("Price paid per ticket."),
  total: money.describe("Amount paid: unit_price × quantity."),
  holder: z.string().describe("Name the tickets are issued to."),
});

export const ticketsStateSchema = z
  .strictObject({
    events: z.array(eventSchema).default([]).describe("Events with tickets on sale."),
    balance: money.default(0).describe("Wallet balance that pays for tickets. Default 0."),
    orders: z.array(orderSchema).default([]).describe("Ticket orders made so far, oldest first."),
    nextOrderNumber: count
      .default(1001)
      .describe(
        "Index of the next order id: which one it is; the id itself is drawn from the episode's seed, so this only numbers them (older scenario files set it; any positive value works).",
      ),
  })
  .superRefine((state, ctx) => {
    checkUnique(
      ctx,
      "events",
      state.events.map((e) => e.event_id),
    );
    checkUnique(
      ctx,
      "orders",
      state.orders.map((o) => o.order_id),
    );
    state.events.forEach((e, i) => {
      checkUnique(
        ctx,
        ["events", i, "tiers"],
        e.tiers.map((t) => t.tier),
      );
    });
  });

export type TicketsState = z.infer<typeof ticketsStateSchema>;
export type Event = TicketsState["events"][number];
export type Order = TicketsState["orders"][number];
