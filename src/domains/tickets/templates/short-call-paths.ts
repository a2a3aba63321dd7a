import { DATES } from "../../../dataset/pools.js";
import { defineTemplate } from "../../../dataset/template.js";
import {
  actQuery,
  addEvent,
  addOrder,
  cost,
  dates,
  distractor,
  fillerAct,
  fund,
  orderStatusPath,
  ownAct,
  ownCity,
  person,
  seatsPath,
  theShow,
  tierAt,
  topUpAmount,
} from "../kit.js";

/** Ticket shop templates, part 1: single calls and two-step chains. */
export const ticketsShortCallPaths = [
  defineTemplate({
    id: "tickets/cheapest-ticket-for-act",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = ownAct(ctx);
      const [d1, d2, d3, d4] = dates(ctx, 4) as [string, string, string, string];
      const shows = [d1, d2, d3].map((date) => addEvent(ctx, { city, act, date }).event);
      // A cheaper tier that is sold out, and a cancelled show with a cheaper price still: neither counts.
      const soldOut = shows[ctx.int(0, 2)];
      const cheapestOpen = Math.min(...shows.flatMap((e) => e.tiers.map((t) => t.price)));
      if (soldOut) {
        const last = tierAt(soldOut, soldOut.tiers.length - 1);
        last.price = Math.max(5, cheapestOpen - ctx.int(5, 12));
        last.available = 0;
      }
      const cancelled = addEvent(ctx, { city, act, date: d4, status: "cancelled" }).event;
      tierAt(cancelled, cancelled.tiers.length - 1).price = Math.max(4, cheapestOpen - 15);
      distractor(ctx, city, d2);
      const answer = Math.min(
        ...shows.flatMap((e) => e.tiers.filter((t) => t.available > 0).map((t) => t.price)),
      );
      return {
        instruction: `What is the cheapest ticket I can still buy for any ${act.title} ${act.noun}? Answer with the price.`,
        steps: [{ id: "search", tool: "search_events", args: { query: actQuery(act) } }],
        answer: { number: answer, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "tickets/count-events-in-window",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const start = ctx.int(0, DATES.length - 12);
      const window = DATES.slice(start, start + 10);
      const from = window[0] as string;
      const to = window[window.length - 1] as string;
      const inside = ctx.sample(window, 5);
      const open = ctx.int(2, 3);
      inside.slice(0, open).forEach((date) => {
        addEvent(ctx, { city, act: fillerAct(ctx), date });
      });
      addEvent(ctx, { city, act: fillerAct(ctx), date: inside[open] as string, status: "cancelled" });
      addEvent(ctx, { city, act: fillerAct(ctx), date: inside[open + 1] as string, available: [0, 0, 0] });
      const outside = DATES[start + 11] as string;
      addEvent(ctx, { city, act: fillerAct(ctx), date: outside });
      return {
        instruction: `How many events in ${city} between ${from} and ${to} still have tickets for sale? Answer with the number.`,
        steps: [
          {
            id: "search",
            tool: "search_events",
            args: { city: { $ci: city }, date_from: from, date_to: to },
          },
        ],
        answer: { number: open },
      };
    },
  }),
  defineTemplate({
    id: "tickets/tier-price",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = fillerAct(ctx);
      const [date, other] = dates(ctx, 2) as [string, string];
      const { event } = addEvent(ctx, { city, act, date });
      addEvent(ctx, { city, act, date: other });
      const tierIndex = ctx.int(0, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      return {
        instruction: `How much is one ${tier.tier} ticket for ${event.name} on ${date} (event ${event.event_id})? Answer with the price.`,
        steps: [{ id: "event", tool: "get_event", args: { event_id: { $ci: event.event_id } } }],
        answer: { number: tier.price, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "tickets/order-holder",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [d1, d2] = dates(ctx, 2) as [string, string];
      const { event } = addEvent(ctx, { city, act: fillerAct(ctx), date: d1 });
      const holder = person(ctx);
      const quantity = ctx.int(2, 6);
      const { order } = addOrder(ctx, event, ctx.int(0, event.tiers.length - 1), quantity, holder);
      const other = addEvent(ctx, { city, act: fillerAct(ctx), date: d2 }).event;
      addOrder(ctx, other, 0, ctx.int(1, 3), person(ctx));
      return {
        instruction: `Whose name are the tickets on order ${order.order_id} issued to, and how many tickets does it hold? Answer with the name and the number.`,
        steps: [{ id: "order", tool: "get_ticket_order", args: { order_id: { $ci: order.order_id } } }],
        answer: { contains: [holder, String(quantity)] },
      };
    },
  }),
  defineTemplate({
    id: "tickets/count-cancelled-orders",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [d1, d2] = dates(ctx, 2) as [string, string];
      const { event } = addEvent(ctx, { city, act: fillerAct(ctx), date: d1 });
      const cancelled = ctx.int(1, 3);
      const confirmed = ctx.int(1, 2);
      const statuses = ctx.sample(
        [...Array(cancelled).fill("cancelled"), ...Array(confirmed).fill("confirmed")] as (
          | "cancelled"
          | "confirmed"
        )[],
        cancelled + confirmed,
      );
      for (const status of statuses) addOrder(ctx, event, ctx.int(0, 1), ctx.int(1, 4), person(ctx), status);
      const other = addEvent(ctx, { city, act: fillerAct(ctx), date: d2 }).event;
      addOrder(ctx, other, 0, 2, person(ctx), "cancelled");
      return {
        instruction: `How many of my ticket orders for ${event.name} on ${d1} (event ${event.event_id}) have been cancelled? Answer with the number.`,
        steps: [
          {
            id: "orders",
            tool: "list_ticket_orders",
            args: { event_id: { $ci: event.event_id }, status: { $any: true, $example: "cancelled" } },
          },
        ],
        answer: { number: cancelled },
      };
    },
  }),
  defineTemplate({
    id: "tickets/top-up-wallet",
    domains: ["tickets"],
    instantiate(ctx) {
      const amount = topUpAmount(ctx, ctx.pick([50, 100, 150, 200, 300]));
      return {
        instruction: `Add ${amount} to my ticket wallet from my card, and tell me the wallet's balance afterwards.`,
        steps: [{ id: "topup", tool: "top_up_wallet", args: { amount } }],
        answer: { number: { $from: "topup.balance" }, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "tickets/buy-by-event-id",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = fillerAct(ctx);
      const [date, other] = dates(ctx, 2) as [string, string];
      const { event, index } = addEvent(ctx, { city, act, date });
      addEvent(ctx, { city, act, date: other });
      const tierIndex = ctx.int(0, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      const quantity = ctx.int(1, 4);
      const holder = person(ctx);
      fund(ctx, cost(tier, quantity) + ctx.int(0, 40));
      return {
        instruction: `Buy ${quantity} ${tier.tier} ticket${quantity > 1 ? "s" : ""} for ${event.name} on ${date} (event ${event.event_id}) in the name of ${holder}. Answer with the order id.`,
        steps: [
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $ci: event.event_id },
              tier: { $ci: tier.tier },
              quantity,
              holder: { $ci: holder },
            },
          },
        ],
        answer: { contains: { $from: "buy.order_id" } },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - quantity }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/cancel-order",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [d1, d2] = dates(ctx, 2) as [string, string];
      const { event } = addEvent(ctx, { city, act: fillerAct(ctx), date: d1 });
      const { order, index } = addOrder(ctx, event, ctx.int(0, 1), ctx.int(1, 5), person(ctx));
      const other = addEvent(ctx, { city, act: fillerAct(ctx), date: d2 }).event;
      const kept = addOrder(ctx, other, 0, ctx.int(1, 3), person(ctx));
      return {
        instruction: `Please cancel ticket order ${order.order_id} (${event.name}, ${d1}); I'm keeping ${kept.order.order_id}. How much money comes back to my wallet?`,
        steps: [{ id: "cancel", tool: "cancel_ticket_order", args: { order_id: { $ci: order.order_id } } }],
        answer: { number: order.total, tolerance: 0.01 },
        state: [
          { path: orderStatusPath(index), equals: "cancelled" },
          { path: orderStatusPath(kept.index), equals: "confirmed" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "tickets/seats-left-in-tier",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = ownAct(ctx);
      const [d0, date, d2] = dates(ctx, 3) as [string, string, string];
      // Only one show of the act is on sale: the earlier one is sold out, the later one cancelled.
      addEvent(ctx, { city, act, date: d0, available: [0, 0, 0] });
      const { event } = addEvent(ctx, { city, act, date });
      addEvent(ctx, { city, act, date: d2, status: "cancelled" });
      distractor(ctx, city, date);
      const tier = tierAt(event, ctx.int(0, event.tiers.length - 1));
      return {
        instruction: `How many ${tier.tier} seats are left for ${theShow(act)} on ${date}? Answer with the number.`,
        steps: [
          { id: "search", tool: "search_events", args: { query: actQuery(act) } },
          {
            id: "event",
            tool: "get_event",
            args: { event_id: { $from: "search.events.0.event_id", $ci: true } },
            after: ["search"],
          },
        ],
        answer: { number: tier.available },
      };
    },
  }),
  defineTemplate({
    id: "tickets/book-first-event-from-date",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = fillerAct(ctx, "concert");
      const start = ctx.int(3, DATES.length - 12);
      const from = DATES[start] as string;
      // One concert before the date (too early), the target on or after it, a later one and a later comedy night.
      addEvent(ctx, { city, act: fillerAct(ctx, "concert"), date: DATES[start - ctx.int(1, 3)] as string });
      const target = addEvent(ctx, { city, act, date: DATES[start + ctx.int(0, 2)] as string });
      addEvent(ctx, { city, act: fillerAct(ctx, "concert"), date: DATES[start + ctx.int(4, 6)] as string });
      addEvent(ctx, { city, act: fillerAct(ctx, "comedy"), date: DATES[start + ctx.int(7, 9)] as string });
      const tierIndex = 2;
      const tier = tierAt(target.event, tierIndex);
      const quantity = ctx.int(2, 4);
      const holder = person(ctx);
      fund(ctx, cost(tier, quantity) + ctx.int(5, 50));
      return {
        instruction: `Book ${quantity} Upper Bowl tickets for ${holder} at the first concert in ${city} on or after ${from}. Answer with the order id.`,
        steps: [
          {
            id: "search",
            tool: "search_events",
            args: { city: { $ci: city }, date_from: from, category: { $any: true, $example: "concert" } },
          },
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $from: "search.events.0.event_id", $ci: true },
              tier: { $ci: tier.tier },
              quantity,
              holder: { $ci: holder },
            },
            after: ["search"],
          },
        ],
        answer: { contains: { $from: "buy.order_id" } },
        state: [{ path: seatsPath(target.index, tierIndex), equals: tier.available - quantity }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/buy-max-per-order",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = fillerAct(ctx);
      const [date] = dates(ctx, 1) as [string];
      const max = ctx.int(3, 6);
      const { event, index } = addEvent(ctx, { city, act, date, maxPerOrder: max });
      const tierIndex = ctx.int(1, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      const holder = person(ctx);
      fund(ctx, cost(tier, max) + ctx.int(0, 30));
      return {
        instruction: `Get as many ${tier.tier} tickets for ${event.name} on ${date} (event ${event.event_id}) as a single order allows, all in the name of ${holder}. How much did they cost in total?`,
        steps: [
          { id: "event", tool: "get_event", args: { event_id: { $ci: event.event_id } } },
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $ci: event.event_id },
              tier: { $ci: tier.tier },
              quantity: { $from: "event.max_per_order" },
              holder: { $ci: holder },
            },
            after: ["event"],
          },
        ],
        answer: { number: cost(tier, max), tolerance: 0.01 },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - max }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/order-start-time",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date, other] = dates(ctx, 2) as [string, string];
      const act = fillerAct(ctx);
      const { event } = addEvent(ctx, { city, act, date });
      const second = addEvent(ctx, { city, act, date: other }).event;
      if (second.time === event.time) second.time = event.time === "20:00" ? "19:00" : "20:00";
      const { order } = addOrder(ctx, event, 0, ctx.int(1, 4), person(ctx));
      return {
        instruction: `What time does the event on my ticket order ${order.order_id} start? Answer with the time (HH:MM).`,
        steps: [
          { id: "order", tool: "get_ticket_order", args: { order_id: { $ci: order.order_id } } },
          {
            id: "event",
            tool: "get_event",
            args: { event_id: { $from: "order.event_id", $ci: true } },
            after: ["order"],
          },
        ],
        answer: { contains: event.time },
      };
    },
  }),
  defineTemplate({
    id: "tickets/cancel-order-for-event",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [d1, d2] = dates(ctx, 2) as [string, string];
      const { event } = addEvent(ctx, { city, act: fillerAct(ctx), date: d1 });
      const holder = person(ctx);
      // The confirmed order is the older one, so it comes first with or without a status filter.
      const target = addOrder(ctx, event, ctx.int(0, 1), ctx.int(1, 4), holder);
      addOrder(ctx, event, 0, ctx.int(1, 3), holder, "cancelled");
      const other = addEvent(ctx, { city, act: fillerAct(ctx), date: d2 }).event;
      addOrder(ctx, other, 0, 2, holder);
      return {
        instruction: `I can't make it to ${event.name} on ${d1} (event ${event.event_id}). Cancel my confirmed order for it and tell me how much is refunded.`,
        steps: [
          {
            id: "orders",
            tool: "list_ticket_orders",
            args: { event_id: { $ci: event.event_id }, status: { $any: true, $example: "confirmed" } },
          },
          {
            id: "cancel",
            tool: "cancel_ticket_order",
            args: { order_id: { $from: "orders.orders.0.order_id", $ci: true } },
            after: ["orders"],
          },
        ],
        answer: { number: target.order.total, tolerance: 0.01 },
        state: [{ path: orderStatusPath(target.index), equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/rebuy-cancelled-order",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event, index } = addEvent(ctx, { city, act: fillerAct(ctx), date });
      const tierIndex = ctx.int(0, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      const quantity = ctx.int(2, 4);
      const holder = person(ctx);
      // The cancelled order is the older one; a confirmed order of someone else follows it.
      addOrder(ctx, event, tierIndex, quantity, holder, "cancelled");
      addOrder(ctx, event, (tierIndex + 1) % event.tiers.length, 1, person(ctx));
      fund(ctx, cost(tier, quantity) + ctx.int(0, 25));
      return {
        instruction: `I cancelled my order for ${event.name} on ${date} (event ${event.event_id}) by mistake. Buy exactly the same tickets again: same tier, same number, same name. Answer with the new order id.`,
        steps: [
          {
            id: "orders",
            tool: "list_ticket_orders",
            args: { event_id: { $ci: event.event_id }, status: { $any: true, $example: "cancelled" } },
          },
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $ci: event.event_id },
              tier: { $from: "orders.orders.0.tier", $ci: true },
              quantity: { $from: "orders.orders.0.quantity" },
              holder: { $from: "orders.orders.0.holder", $ci: true },
            },
            after: ["orders"],
          },
        ],
        answer: { contains: { $from: "buy.order_id" } },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - quantity }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/top-up-then-buy",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event, index } = addEvent(ctx, { city, act: fillerAct(ctx), date });
      const tierIndex = ctx.int(0, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      const quantity = ctx.int(2, 4);
      const holder = person(ctx);
      const amount = topUpAmount(ctx, cost(tier, quantity) + 20);
      return {
        instruction: `Put ${amount} into my ticket wallet, then use it to buy ${quantity} ${tier.tier} tickets for ${event.name} on ${date} (event ${event.event_id}) for ${holder}. Answer with the order id.`,
        steps: [
          { id: "topup", tool: "top_up_wallet", args: { amount } },
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $ci: event.event_id },
              tier: { $ci: tier.tier },
              quantity,
              holder: { $ci: holder },
            },
            after: ["topup"],
          },
        ],
        answer: { contains: { $from: "buy.order_id" } },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - quantity }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/buy-then-total-spent",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event, index } = addEvent(ctx, { city, act: fillerAct(ctx), date });
      const tierIndex = ctx.int(0, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      const quantity = ctx.int(1, 3);
      const holder = person(ctx);
      fund(ctx, cost(tier, quantity) + ctx.int(10, 60));
      return {
        instruction: `Buy ${quantity} ${tier.tier} ticket${quantity > 1 ? "s" : ""} for ${event.name} on ${date} (event ${event.event_id}) for ${holder}. Once that's done, tell me how much I've spent on tickets in total across all my confirmed orders.`,
        steps: [
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $ci: event.event_id },
              tier: { $ci: tier.tier },
              quantity,
              holder: { $ci: holder },
            },
          },
          { id: "wallet", tool: "get_wallet_balance", args: {}, after: ["buy"] },
        ],
        answer: { number: { $from: "wallet.spent" }, tolerance: 0.01 },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - quantity }],
      };
    },
  }),
];
