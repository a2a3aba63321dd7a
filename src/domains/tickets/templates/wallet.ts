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

/** Ticket shop templates, part 3: the wallet (top-ups, balance, spending) around purchases and refunds. */
export const ticketsWalletTemplates = [
  defineTemplate({
    id: "tickets/best-seats-and-total-spent",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = ownAct(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event, index } = addEvent(ctx, { city, act, date });
      distractor(ctx, city, date);
      const tier = tierAt(event, 0);
      const holder = person(ctx);
      fund(ctx, cost(tier, 2) + ctx.int(0, 50));
      return {
        instruction: `Get 2 tickets in the best (most expensive) tier for ${theShow(act)} on ${date}, for ${holder}. Then tell me how much I've spent on tickets in total across all my confirmed orders.`,
        steps: [
          { id: "search", tool: "search_events", args: { query: actQuery(act) } },
          {
            id: "event",
            tool: "get_event",
            args: { event_id: { $from: "search.events.0.event_id", $ci: true } },
            after: ["search"],
          },
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $from: "event.event_id", $ci: true },
              tier: { $ci: tier.tier },
              quantity: 2,
              holder: { $ci: holder },
            },
            after: ["event"],
          },
          { id: "wallet", tool: "get_wallet_balance", args: {}, after: ["buy"] },
        ],
        answer: { number: { $from: "wallet.spent" }, tolerance: 0.01 },
        state: [{ path: seatsPath(index, 0), equals: tier.available - 2 }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/top-up-and-book-by-name",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = ownAct(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event, index } = addEvent(ctx, { city, act, date });
      const tierIndex = ctx.int(0, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      const quantity = ctx.int(2, 3);
      const holder = person(ctx);
      const amount = topUpAmount(ctx, cost(tier, quantity));
      return {
        instruction: `Top up my ticket wallet with ${amount} and use it to book ${quantity} ${tier.tier} tickets for ${theShow(act)} on ${date}, for ${holder}. Answer with the order id.`,
        steps: [
          { id: "topup", tool: "top_up_wallet", args: { amount } },
          { id: "search", tool: "search_events", args: { query: actQuery(act) } },
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $from: "search.events.0.event_id", $ci: true },
              tier: { $ci: tier.tier },
              quantity,
              holder: { $ci: holder },
            },
            after: ["topup", "search"],
          },
        ],
        answer: { contains: { $from: "buy.order_id" } },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - quantity }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/cancel-then-count-confirmed",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event } = addEvent(ctx, { city, act: fillerAct(ctx), date });
      const { order, index } = addOrder(ctx, event, ctx.int(0, 1), ctx.int(1, 4), person(ctx));
      addOrder(ctx, event, 0, 1, person(ctx));
      return {
        instruction: `Cancel ticket order ${order.order_id}, and once it's cancelled tell me how many confirmed ticket orders I have left altogether.`,
        steps: [
          { id: "cancel", tool: "cancel_ticket_order", args: { order_id: { $ci: order.order_id } } },
          { id: "wallet", tool: "get_wallet_balance", args: {}, after: ["cancel"] },
        ],
        answer: { number: { $from: "wallet.confirmed_orders" } },
        state: [{ path: orderStatusPath(index), equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/cancel-two-then-balance",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [d1, d2] = dates(ctx, 2) as [string, string];
      const a = addEvent(ctx, { city, act: fillerAct(ctx), date: d1 }).event;
      const b = addEvent(ctx, { city, act: fillerAct(ctx), date: d2 }).event;
      const holder = person(ctx);
      const oa = addOrder(ctx, a, ctx.int(0, 1), ctx.int(1, 3), holder);
      const ob = addOrder(ctx, b, ctx.int(0, 1), ctx.int(1, 3), holder);
      return {
        instruction: `Cancel ticket orders ${oa.order.order_id} and ${ob.order.order_id}, then tell me my wallet balance once both refunds are in.`,
        steps: [
          { id: "cancel1", tool: "cancel_ticket_order", args: { order_id: { $ci: oa.order.order_id } } },
          { id: "cancel2", tool: "cancel_ticket_order", args: { order_id: { $ci: ob.order.order_id } } },
          { id: "wallet", tool: "get_wallet_balance", args: {}, after: ["cancel1", "cancel2"] },
        ],
        answer: { number: { $from: "wallet.balance" }, tolerance: 0.01 },
        state: [
          { path: orderStatusPath(oa.index), equals: "cancelled" },
          { path: orderStatusPath(ob.index), equals: "cancelled" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "tickets/top-up-exact-cost-then-buy",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event, index } = addEvent(ctx, { city, act: fillerAct(ctx), date });
      const tierIndex = ctx.int(0, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      // A price in halves and an odd number of tickets: the top-up is never a round amount another task uses.
      tier.price = Math.floor(tier.price) + 0.5;
      const quantity = ctx.pick([3, 5]);
      const holder = person(ctx);
      const total = cost(tier, quantity);
      return {
        instruction: `Top up my ticket wallet by exactly what ${quantity} ${tier.tier} tickets for ${event.name} on ${date} (event ${event.event_id}) cost, then buy them for ${holder}. How much did you top up?`,
        steps: [
          { id: "event", tool: "get_event", args: { event_id: { $ci: event.event_id } } },
          {
            id: "topup",
            tool: "top_up_wallet",
            args: { amount: { $approx: total, $tol: 0.01 } },
            after: ["event"],
          },
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
        answer: { number: total, tolerance: 0.01 },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - quantity }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/more-tickets-like-order",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date, other] = dates(ctx, 2) as [string, string];
      const { event, index } = addEvent(ctx, { city, act: fillerAct(ctx), date });
      addEvent(ctx, { city, act: fillerAct(ctx), date: other });
      const tierIndex = ctx.int(0, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      const { order } = addOrder(ctx, event, tierIndex, ctx.int(1, 4), person(ctx));
      const quantity = ctx.int(1, 3);
      const holder = person(ctx);
      fund(ctx, cost(tier, quantity) + ctx.int(0, 30));
      return {
        instruction: `${holder} wants to join us: buy ${quantity} more ticket${quantity > 1 ? "s" : ""} in ${holder}'s name for the same event and the same tier as my order ${order.order_id}. Answer with the new order id.`,
        steps: [
          { id: "order", tool: "get_ticket_order", args: { order_id: { $ci: order.order_id } } },
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $from: "order.event_id", $ci: true },
              tier: { $from: "order.tier", $ci: true },
              quantity,
              holder: { $ci: holder },
            },
            after: ["order"],
          },
        ],
        answer: { contains: { $from: "buy.order_id" } },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - quantity }],
      };
    },
  }),
];
