import { defineTemplate } from "../../../dataset/template.js";
import { roundMoney } from "../../shared/state-kit.js";
import {
  actQuery,
  addEvent,
  addOrder,
  cost,
  dates,
  distractor,
  FILLER_ACTS,
  fillerAct,
  fund,
  orderStatusPath,
  ownAct,
  ownCity,
  person,
  seatsPath,
  theShow,
  tierAt,
} from "../kit.js";

/** Ticket shop templates, part 2: fan-out, fan-in and chains of three or four steps. */
export const ticketsLongCallPaths = [
  defineTemplate({
    id: "tickets/buy-cheapest-tier-with-seats",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = ownAct(ctx);
      const [date, later] = dates(ctx, 2) as [string, string];
      const quantity = ctx.int(2, 4);
      const { event, index } = addEvent(ctx, { city, act, date });
      addEvent(ctx, { city, act, date: later, status: "cancelled" });
      distractor(ctx, city, date);
      // The cheapest tier has one seat too few.
      tierAt(event, event.tiers.length - 1).available = quantity - 1;
      const tierIndex = event.tiers.length - 2;
      const tier = tierAt(event, tierIndex);
      const holder = person(ctx);
      fund(ctx, cost(tier, quantity) + ctx.int(0, 30));
      return {
        instruction: `Buy ${quantity} tickets for ${theShow(act)} on ${date} for ${holder}, in the cheapest price tier that still has ${quantity} seats. Answer with the order id and the tier.`,
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
              quantity,
              holder: { $ci: holder },
            },
            after: ["event"],
          },
        ],
        answer: { contains: [{ $from: "buy.order_id" }, tier.tier] },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - quantity }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/upgrade-cost",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event } = addEvent(ctx, { city, act: fillerAct(ctx), date });
      const lower = tierAt(event, event.tiers.length - 1);
      const best = tierAt(event, 0);
      const quantity = ctx.int(2, 4);
      const { order } = addOrder(ctx, event, event.tiers.length - 1, quantity, person(ctx));
      // The price has moved since the order: the difference must use the price paid.
      lower.price = roundMoney(lower.price + ctx.pick([-3, 2, 4.5, 6]));
      return {
        instruction: `My order ${order.order_id} is for ${order.tier} seats at ${event.name} (event ${event.event_id}). How much more would the same number of ${best.tier} tickets cost in total than what I paid?`,
        steps: [
          { id: "order", tool: "get_ticket_order", args: { order_id: { $ci: order.order_id } } },
          { id: "event", tool: "get_event", args: { event_id: { $ci: event.event_id } } },
        ],
        answer: { number: roundMoney(best.price * quantity - order.total), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "tickets/most-seats-of-three-events",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const acts = ctx.sample(FILLER_ACTS, 3);
      const days = dates(ctx, 3);
      const events = acts.map((act, i) => addEvent(ctx, { city, act, date: days[i] as string }).event);
      const left = (e: (typeof events)[number]) => e.tiers.reduce((s, t) => s + t.available, 0);
      const best = events.reduce((a, b) => (left(b) > left(a) ? b : a));
      // Break a tie in the winner's favour.
      if (events.some((e) => e !== best && left(e) === left(best))) tierAt(best, 0).available += 1;
      return {
        instruction: `Of these three events, ${events.map((e) => `${e.event_id} (${e.name}, ${e.date})`).join(", ")}, which has the most tickets left in total across all its price tiers? Answer with the event id.`,
        steps: events.map((e, i) => ({
          id: `event${i + 1}`,
          tool: "get_event",
          args: { event_id: { $ci: e.event_id } },
        })),
        answer: { contains: best.event_id },
      };
    },
  }),
  defineTemplate({
    id: "tickets/buy-for-two-events",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [d1, d2] = dates(ctx, 2) as [string, string];
      const a = addEvent(ctx, { city, act: fillerAct(ctx), date: d1 });
      const b = addEvent(ctx, { city, act: fillerAct(ctx), date: d2 });
      const ta = ctx.int(0, a.event.tiers.length - 1);
      const tb = ctx.int(0, b.event.tiers.length - 1);
      const [qa, qb] = [ctx.int(1, 3), ctx.int(1, 3)];
      const holder = person(ctx);
      const total = roundMoney(cost(tierAt(a.event, ta), qa) + cost(tierAt(b.event, tb), qb));
      fund(ctx, total + ctx.int(0, 40));
      const buy = (id: string, e: typeof a.event, t: number, q: number) => ({
        id,
        tool: "buy_tickets",
        args: {
          event_id: { $ci: e.event_id },
          tier: { $ci: tierAt(e, t).tier },
          quantity: q,
          holder: { $ci: holder },
        },
      });
      return {
        instruction: `For ${holder}, buy ${qa} ${tierAt(a.event, ta).tier} ticket${qa > 1 ? "s" : ""} for ${a.event.name} on ${d1} (event ${a.event.event_id}) and ${qb} ${tierAt(b.event, tb).tier} ticket${qb > 1 ? "s" : ""} for ${b.event.name} on ${d2} (event ${b.event.event_id}). How much did the two orders cost together?`,
        steps: [buy("buy1", a.event, ta, qa), buy("buy2", b.event, tb, qb)],
        answer: { number: total, tolerance: 0.01 },
        state: [
          { path: seatsPath(a.index, ta), equals: tierAt(a.event, ta).available - qa },
          { path: seatsPath(b.index, tb), equals: tierAt(b.event, tb).available - qb },
        ],
      };
    },
  }),
  defineTemplate({
    id: "tickets/separate-orders-for-two-people",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = ownAct(ctx);
      const [date, other] = dates(ctx, 2) as [string, string];
      const { event, index } = addEvent(ctx, { city, act, date });
      addEvent(ctx, { city, act, date: other, status: "cancelled" });
      const tierIndex = ctx.int(0, event.tiers.length - 1);
      const tier = tierAt(event, tierIndex);
      const [h1, h2] = [person(ctx), person(ctx)];
      fund(ctx, cost(tier, 2) + ctx.int(0, 30));
      const buy = (id: string, holder: string) => ({
        id,
        tool: "buy_tickets",
        args: {
          event_id: { $from: "search.events.0.event_id", $ci: true },
          tier: { $ci: tier.tier },
          quantity: 1,
          holder: { $ci: holder },
        },
        after: ["search"],
      });
      return {
        instruction: `${h1} and ${h2} are both going to ${theShow(act)} on ${date}. Buy one ${tier.tier} ticket for each of them, as two separate orders in their own names. Answer with both order ids.`,
        steps: [
          { id: "search", tool: "search_events", args: { query: actQuery(act) } },
          buy("buy1", h1),
          buy("buy2", h2),
        ],
        answer: { contains: [{ $from: "buy1.order_id" }, { $from: "buy2.order_id" }] },
        state: [{ path: seatsPath(index, tierIndex), equals: tier.available - 2 }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/cancel-all-orders-for-event",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event } = addEvent(ctx, { city, act: fillerAct(ctx), date });
      const first = addOrder(ctx, event, ctx.int(0, 1), ctx.int(1, 4), person(ctx));
      const second = addOrder(ctx, event, ctx.int(0, 1), ctx.int(1, 4), person(ctx));
      addOrder(ctx, event, 0, 2, person(ctx), "cancelled");
      return {
        instruction: `Cancel every confirmed ticket order I have for ${event.name} on ${date} (event ${event.event_id}). How much is refunded in total?`,
        steps: [
          {
            id: "orders",
            tool: "list_ticket_orders",
            args: { event_id: { $ci: event.event_id }, status: { $any: true, $example: "confirmed" } },
          },
          {
            id: "cancel1",
            tool: "cancel_ticket_order",
            args: { order_id: { $from: "orders.orders.0.order_id", $ci: true } },
            after: ["orders"],
          },
          {
            id: "cancel2",
            tool: "cancel_ticket_order",
            args: { order_id: { $from: "orders.orders.1.order_id", $ci: true } },
            after: ["orders"],
          },
        ],
        answer: { number: roundMoney(first.order.total + second.order.total), tolerance: 0.01 },
        state: [
          { path: orderStatusPath(first.index), equals: "cancelled" },
          { path: orderStatusPath(second.index), equals: "cancelled" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "tickets/more-seats-of-two-dates",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = ownAct(ctx);
      const [d0, d1, d2] = dates(ctx, 3) as [string, string, string];
      addEvent(ctx, { city, act, date: d0, available: [0, 0, 0] });
      const a = addEvent(ctx, { city, act, date: d1 }).event;
      const b = addEvent(ctx, { city, act, date: d2 }).event;
      distractor(ctx, city, d1);
      const tierIndex = ctx.int(0, a.tiers.length - 1);
      const [sa, sb] = [tierAt(a, tierIndex), tierAt(b, tierIndex)];
      if (sa.available === sb.available) sb.available += ctx.pick([-3, 4]);
      const winner = sa.available > sb.available ? d1 : d2;
      return {
        instruction: `The ${act.title} ${act.noun} is on sale for ${d1} and ${d2}. Which of the two dates has more ${sa.tier} seats left? Answer with the date.`,
        steps: [
          { id: "search", tool: "search_events", args: { query: actQuery(act) } },
          {
            id: "first",
            tool: "get_event",
            args: { event_id: { $from: "search.events.0.event_id", $ci: true } },
            after: ["search"],
          },
          {
            id: "second",
            tool: "get_event",
            args: { event_id: { $from: "search.events.1.event_id", $ci: true } },
            after: ["search"],
          },
        ],
        answer: { contains: winner },
      };
    },
  }),
  defineTemplate({
    id: "tickets/move-to-earlier-date",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = ownAct(ctx);
      const [early, late] = dates(ctx, 2) as [string, string];
      const target = addEvent(ctx, { city, act, date: early });
      const original = addEvent(ctx, { city, act, date: late }).event;
      const tierIndex = ctx.int(0, original.tiers.length - 1);
      const newTier = tierAt(target.event, tierIndex);
      const quantity = ctx.int(2, 4);
      const holder = person(ctx);
      const old = addOrder(ctx, original, tierIndex, quantity, holder);
      // The earlier show is no dearer, so the refund pays for it: the purchase needs the cancellation.
      newTier.price = Math.max(5, old.order.unit_price - ctx.pick([0, 2, 5, 8.5]));
      return {
        instruction: `Move my ${act.title} tickets to the earlier show on ${early}: cancel order ${old.order.order_id} (the ${late} show) and buy the same number of ${newTier.tier} tickets for ${early} instead, in ${holder}'s name. Answer with the new order id.`,
        steps: [
          { id: "cancel", tool: "cancel_ticket_order", args: { order_id: { $ci: old.order.order_id } } },
          { id: "search", tool: "search_events", args: { query: actQuery(act) } },
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $from: "search.events.0.event_id", $ci: true },
              tier: { $ci: newTier.tier },
              quantity,
              holder: { $ci: holder },
            },
            after: ["cancel", "search"],
          },
        ],
        answer: { contains: { $from: "buy.order_id" } },
        state: [
          { path: orderStatusPath(old.index), equals: "cancelled" },
          { path: seatsPath(target.index, tierIndex), equals: newTier.available - quantity },
        ],
      };
    },
  }),
  defineTemplate({
    id: "tickets/cancel-if-refundable",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [d1, d2] = dates(ctx, 2) as [string, string];
      const { event } = addEvent(ctx, { city, act: fillerAct(ctx), date: d1, refundable: true });
      const other = addEvent(ctx, { city, act: fillerAct(ctx), date: d2, refundable: false }).event;
      const { order, index } = addOrder(ctx, event, ctx.int(0, 1), ctx.int(1, 4), person(ctx));
      addOrder(ctx, other, 0, 2, order.holder);
      return {
        instruction: `Can I still get my money back for ticket order ${order.order_id}? Check whether tickets for that event are refundable, and if they are, cancel the order and tell me how much is refunded.`,
        steps: [
          { id: "order", tool: "get_ticket_order", args: { order_id: { $ci: order.order_id } } },
          {
            id: "event",
            tool: "get_event",
            args: { event_id: { $from: "order.event_id", $ci: true } },
            after: ["order"],
          },
          {
            id: "cancel",
            tool: "cancel_ticket_order",
            args: { order_id: { $ci: order.order_id } },
            after: ["event"],
          },
        ],
        answer: { number: order.total, tolerance: 0.01 },
        state: [{ path: orderStatusPath(index), equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/reissue-order-to-new-holder",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date] = dates(ctx, 1) as [string];
      const { event } = addEvent(ctx, { city, act: fillerAct(ctx), date });
      const { order, index } = addOrder(
        ctx,
        event,
        ctx.int(0, event.tiers.length - 1),
        ctx.int(2, 4),
        person(ctx),
      );
      const newHolder = person(ctx);
      return {
        instruction: `Order ${order.order_id} was issued to ${order.holder}, but ${newHolder} is going instead. Cancel it and buy the same tickets (same event, tier and number) in ${newHolder}'s name, paid with the refund. Answer with the new order id.`,
        steps: [
          { id: "order", tool: "get_ticket_order", args: { order_id: { $ci: order.order_id } } },
          { id: "cancel", tool: "cancel_ticket_order", args: { order_id: { $ci: order.order_id } } },
          {
            id: "buy",
            tool: "buy_tickets",
            args: {
              event_id: { $from: "order.event_id", $ci: true },
              tier: { $from: "order.tier", $ci: true },
              quantity: { $from: "order.quantity" },
              holder: { $ci: newHolder },
            },
            after: ["order", "cancel"],
          },
        ],
        answer: { contains: { $from: "buy.order_id" } },
        state: [{ path: orderStatusPath(index), equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "tickets/holders-for-event",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const act = ownAct(ctx);
      const [date, other] = dates(ctx, 2) as [string, string];
      const { event } = addEvent(ctx, { city, act, date });
      addEvent(ctx, { city, act, date: other, status: "cancelled" });
      const [h1, h2, h3] = [person(ctx), person(ctx), person(ctx)];
      addOrder(ctx, event, 0, ctx.int(1, 3), h1);
      addOrder(ctx, event, 1, ctx.int(1, 3), h3, "cancelled");
      addOrder(ctx, event, ctx.int(0, 1), ctx.int(1, 3), h2);
      return {
        instruction: `Whose names are on my confirmed ticket orders for ${theShow(act)} on ${date}? Answer with the names.`,
        steps: [
          { id: "search", tool: "search_events", args: { query: actQuery(act) } },
          {
            id: "orders",
            tool: "list_ticket_orders",
            args: {
              event_id: { $from: "search.events.0.event_id", $ci: true },
              status: { $any: true, $example: "confirmed" },
            },
            after: ["search"],
          },
        ],
        answer: { contains: [h1, h2] },
      };
    },
  }),
  defineTemplate({
    id: "tickets/refund-for-called-off-event",
    domains: ["tickets"],
    instantiate(ctx) {
      const city = ownCity(ctx);
      const [date, other] = dates(ctx, 2) as [string, string];
      const { event } = addEvent(ctx, {
        city,
        act: fillerAct(ctx),
        date,
        status: "cancelled",
        refundable: false,
      });
      const holder = person(ctx);
      const target = addOrder(ctx, event, ctx.int(0, 1), ctx.int(2, 4), holder);
      const kept = addEvent(ctx, { city, act: fillerAct(ctx), date: other }).event;
      addOrder(ctx, kept, 0, 2, holder);
      return {
        instruction: `I heard ${event.name} on ${date} (event ${event.event_id}) was called off. If the organiser really cancelled it, cancel my confirmed order for it to get my money back, and tell me the refund.`,
        steps: [
          { id: "event", tool: "get_event", args: { event_id: { $ci: event.event_id } } },
          {
            id: "orders",
            tool: "list_ticket_orders",
            args: { event_id: { $ci: event.event_id }, status: { $any: true, $example: "confirmed" } },
          },
          {
            id: "cancel",
            tool: "cancel_ticket_order",
            args: { order_id: { $from: "orders.orders.0.order_id", $ci: true } },
            after: ["event", "orders"],
          },
        ],
        answer: { number: target.order.total, tolerance: 0.01 },
        state: [{ path: orderStatusPath(target.index), equals: "cancelled" }],
      };
    },
  }),
];
