import { defineTemplate } from "../../../dataset/template.js";
import {
  addFamily,
  addOrder,
  belowMarket,
  companyQuery,
  deposit,
  depositAmount,
  hold,
  orderStatusPath,
  roundMoney,
} from "../kit.js";

const ci = (text: string) => ({ $ci: text });
const fromSymbol = (path: string) => ({ $from: path, $ci: true });

/** Trading templates, part 2: fan-out, fan-in and longer chains. */
export const tradingLongCallPaths = [
  defineTemplate({
    id: "trading/limit-sell-above-market",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      const held = ctx.int(20, 150);
      hold(ctx, family.stock, held);
      const quantity = ctx.int(5, held);
      const pct = ctx.pick([5, 8, 10, 12, 15]);
      const limit = roundMoney(family.stock.price * (1 + pct / 100));
      return {
        instruction: `Place a limit order to sell ${quantity} of my ${family.stock.name} shares at ${pct}% above the current price (rounded to the cent); look up the ticker and the price first. Answer with the order id.`,
        steps: [
          { id: "find", tool: "find_symbol", args: { query: companyQuery(family) } },
          {
            id: "quote",
            tool: "get_quote",
            args: { symbol: fromSymbol("find.matches.0.symbol") },
            after: ["find"],
          },
          {
            id: "order",
            tool: "place_order",
            args: {
              symbol: fromSymbol("find.matches.0.symbol"),
              side: "sell",
              quantity,
              type: "limit",
              limit_price: { $approx: limit, $tol: 0.011 },
            },
            after: ["quote"],
          },
        ],
        answer: { contains: { $from: "order.order_id" } },
      };
    },
  }),
  defineTemplate({
    id: "trading/count-filled-orders",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      const { stock, sibling } = family;
      const filled = ctx.int(2, 4);
      const statuses = ctx.sample(
        [...Array(filled).fill("filled"), "cancelled", "open"] as ("filled" | "cancelled" | "open")[],
        filled + 2,
      );
      for (const status of statuses) {
        const limit = belowMarket(ctx, stock);
        addOrder(ctx, {
          symbol: stock.symbol,
          side: "buy",
          quantity: ctx.int(2, 20),
          status,
          limit,
          fill: limit,
        });
      }
      addOrder(ctx, {
        symbol: sibling.symbol,
        side: "buy",
        quantity: 5,
        status: "filled",
        fill: sibling.price,
      });
      return {
        instruction: `How many of my ${stock.name} (${stock.symbol}) orders have filled? Answer with the number.`,
        steps: [
          {
            id: "orders",
            tool: "list_orders",
            args: { symbol: ci(stock.symbol), status: { $any: true, $example: "filled" } },
          },
        ],
        answer: { number: filled },
      };
    },
  }),
  defineTemplate({
    id: "trading/cancel-open-orders-for-symbol",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const open = [0, 1].map(() => {
        const limit = belowMarket(ctx, stock);
        const quantity = ctx.int(3, 30);
        return {
          ...addOrder(ctx, { symbol: stock.symbol, side: "buy", quantity, status: "open", limit }),
          held: roundMoney(limit * quantity),
        };
      });
      addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity: ctx.int(2, 10),
        status: "filled",
        fill: stock.price,
      });
      const [first, second] = open as [(typeof open)[number], (typeof open)[number]];
      return {
        instruction: `Cancel all my open orders for ${stock.symbol}. How much cash do they release in total?`,
        steps: [
          {
            id: "orders",
            tool: "list_orders",
            args: { symbol: ci(stock.symbol), status: { $any: true, $example: "open" } },
          },
          {
            id: "cancel1",
            tool: "cancel_order",
            args: { order_id: { $from: "orders.orders.0.order_id", $ci: true } },
            after: ["orders"],
          },
          {
            id: "cancel2",
            tool: "cancel_order",
            args: { order_id: { $from: "orders.orders.1.order_id", $ci: true } },
            after: ["orders"],
          },
        ],
        answer: { number: roundMoney(first.held + second.held), tolerance: 0.02 },
        state: [
          { path: orderStatusPath(first.index), equals: "cancelled" },
          { path: orderStatusPath(second.index), equals: "cancelled" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "trading/replace-limit-sell-with-market",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const quantity = ctx.int(10, 120);
      // Every share held is committed to the open sell: selling at market needs the cancellation first.
      hold(ctx, stock, quantity);
      const limit = roundMoney(stock.price * (1 + ctx.int(5, 20) / 100));
      const { index } = addOrder(ctx, {
        symbol: stock.symbol,
        side: "sell",
        quantity,
        status: "open",
        limit,
      });
      addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity,
        status: "filled",
        fill: roundMoney(stock.price * 0.9),
      });
      return {
        instruction: `My limit order to sell ${stock.name} (${stock.symbol}) still hasn't filled. Cancel it and sell the same number of shares at market instead. How much did the sale bring in?`,
        steps: [
          {
            id: "orders",
            tool: "list_orders",
            args: { symbol: ci(stock.symbol), status: { $any: true, $example: "open" } },
          },
          {
            id: "cancel",
            tool: "cancel_order",
            args: { order_id: { $from: "orders.orders.0.order_id", $ci: true } },
            after: ["orders"],
          },
          {
            id: "sell",
            tool: "place_order",
            args: { symbol: ci(stock.symbol), side: "sell", quantity: { $from: "orders.orders.0.quantity" } },
            after: ["cancel"],
          },
        ],
        answer: { number: roundMoney(stock.price * quantity), tolerance: 0.01 },
        state: [{ path: orderStatusPath(index), equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "trading/deposit-cash",
    domains: ["trading"],
    instantiate(ctx) {
      const amount = depositAmount(ctx, ctx.pick([500, 1000, 1500, 2500, 4000]));
      return {
        instruction: `Move ${amount} from my bank into my brokerage account and tell me the account's cash balance afterwards.`,
        steps: [{ id: "deposit", tool: "deposit_cash", args: { amount } }],
        answer: { number: { $from: "deposit.cash" }, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/cancel-if-still-open",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const limit = belowMarket(ctx, stock);
      const { order, index } = addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity: ctx.int(5, 40),
        status: "open",
        limit,
      });
      return {
        instruction: `Check my order ${order.order_id}: if it hasn't filled yet, cancel it. Answer with its limit price.`,
        steps: [
          { id: "order", tool: "get_order", args: { order_id: ci(order.order_id) } },
          { id: "cancel", tool: "cancel_order", args: { order_id: ci(order.order_id) }, after: ["order"] },
        ],
        answer: { number: limit, tolerance: 0.01 },
        state: [{ path: orderStatusPath(index), equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "trading/invest-a-budget",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx, { min: 20, max: 400 });
      const budget = ctx.pick([2000, 2500, 3000, 5000, 7500, 10000]);
      const quantity = Math.floor(budget / stock.price);
      deposit(ctx, budget);
      return {
        instruction: `Invest up to ${budget} in ${stock.name} (${stock.symbol}): buy as many whole shares as that buys at the current price, at market. How many shares did you buy?`,
        steps: [
          { id: "quote", tool: "get_quote", args: { symbol: ci(stock.symbol) } },
          {
            id: "order",
            tool: "place_order",
            args: { symbol: ci(stock.symbol), side: "buy", quantity },
            after: ["quote"],
          },
        ],
        answer: { number: quantity },
      };
    },
  }),
  defineTemplate({
    id: "trading/deposit-exact-cost-and-buy",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      const quantity = ctx.int(10, 60);
      const total = roundMoney(family.stock.price * quantity);
      return {
        instruction: `I want ${quantity} shares of ${family.stock.name}. Find its ticker and current price, deposit exactly what ${quantity} shares cost at that price, then buy them at market. Answer with the amount deposited.`,
        steps: [
          { id: "find", tool: "find_symbol", args: { query: companyQuery(family) } },
          {
            id: "quote",
            tool: "get_quote",
            args: { symbol: fromSymbol("find.matches.0.symbol") },
            after: ["find"],
          },
          {
            id: "deposit",
            tool: "deposit_cash",
            args: { amount: { $approx: total, $tol: 0.01 } },
            after: ["quote"],
          },
          {
            id: "order",
            tool: "place_order",
            args: { symbol: fromSymbol("find.matches.0.symbol"), side: "buy", quantity },
            after: ["deposit"],
          },
        ],
        answer: { number: total, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/cancel-to-fund-buy",
    domains: ["trading"],
    instantiate(ctx) {
      const a = addFamily(ctx).stock;
      const b = addFamily(ctx, { min: 15, max: 90 }).stock;
      const limit = belowMarket(ctx, a);
      const held = ctx.int(10, 40);
      const { order, index } = addOrder(ctx, {
        symbol: a.symbol,
        side: "buy",
        quantity: held,
        status: "open",
        limit,
      });
      const quantity = Math.max(1, Math.floor((limit * held * ctx.int(50, 90)) / 100 / b.price));
      return {
        instruction: `Cancel my open ${a.symbol} order ${order.order_id} and use the cash it frees to buy ${quantity} shares of ${b.symbol} at market. What did the ${b.symbol} shares cost?`,
        steps: [
          { id: "cancel", tool: "cancel_order", args: { order_id: ci(order.order_id) } },
          {
            id: "order",
            tool: "place_order",
            args: { symbol: ci(b.symbol), side: "buy", quantity },
            after: ["cancel"],
          },
        ],
        answer: { number: roundMoney(b.price * quantity), tolerance: 0.01 },
        state: [{ path: orderStatusPath(index), equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "trading/undo-filled-order",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const quantity = ctx.int(5, 60);
      const fill = roundMoney(stock.price * (1 + ctx.int(-10, 10) / 100));
      const { order } = addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity,
        status: "filled",
        fill,
      });
      hold(ctx, stock, quantity + ctx.int(0, 30), fill);
      return {
        instruction: `Order ${order.order_id} was a mistake. Undo it by selling the same number of shares of the same stock at market. How much did the sale bring in?`,
        steps: [
          { id: "order", tool: "get_order", args: { order_id: ci(order.order_id) } },
          {
            id: "sell",
            tool: "place_order",
            args: { symbol: fromSymbol("order.symbol"), side: "sell", quantity: { $from: "order.quantity" } },
            after: ["order"],
          },
        ],
        answer: { number: roundMoney(stock.price * quantity), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/open-order-gap",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const limit = belowMarket(ctx, stock);
      addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity: ctx.int(5, 40),
        status: "filled",
        fill: stock.price,
      });
      addOrder(ctx, { symbol: stock.symbol, side: "buy", quantity: ctx.int(5, 40), status: "open", limit });
      return {
        instruction: `How far below the current price of ${stock.symbol} is the limit of my open ${stock.symbol} buy order? Answer with the difference per share.`,
        steps: [
          {
            id: "orders",
            tool: "list_orders",
            args: { symbol: ci(stock.symbol), status: { $any: true, $example: "open" } },
          },
          { id: "quote", tool: "get_quote", args: { symbol: ci(stock.symbol) } },
        ],
        answer: { number: roundMoney(stock.price - limit), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/buy-two-by-name",
    domains: ["trading"],
    instantiate(ctx) {
      const fa = addFamily(ctx);
      const fb = addFamily(ctx);
      const [qa, qb] = [ctx.int(5, 30), ctx.int(5, 30)];
      const total = roundMoney(fa.stock.price * qa + fb.stock.price * qb);
      deposit(ctx, total + ctx.int(0, 300));
      return {
        instruction: `Buy ${qa} shares of ${fa.stock.name} and ${qb} shares of ${fb.stock.name} at market (I don't know their tickers). What did I spend in total?`,
        steps: [
          { id: "findA", tool: "find_symbol", args: { query: companyQuery(fa) } },
          { id: "findB", tool: "find_symbol", args: { query: companyQuery(fb) } },
          {
            id: "buyA",
            tool: "place_order",
            args: { symbol: fromSymbol("findA.matches.0.symbol"), side: "buy", quantity: qa },
            after: ["findA"],
          },
          {
            id: "buyB",
            tool: "place_order",
            args: { symbol: fromSymbol("findB.matches.0.symbol"), side: "buy", quantity: qb },
            after: ["findB"],
          },
        ],
        answer: { number: total, tolerance: 0.02 },
      };
    },
  }),
  defineTemplate({
    id: "trading/buy-more-average-cost",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const shares = ctx.int(10, 100);
      const position = hold(ctx, stock, shares);
      const quantity = ctx.int(5, 60);
      const total = roundMoney(stock.price * quantity);
      deposit(ctx, total + ctx.int(0, 200));
      const average =
        Math.round(((position.avg_cost * shares + total) / (shares + quantity)) * 10_000) / 10_000;
      return {
        instruction: `Buy ${quantity} more ${stock.symbol} shares at market, then tell me my new average cost per share for ${stock.symbol}.`,
        steps: [
          { id: "order", tool: "place_order", args: { symbol: ci(stock.symbol), side: "buy", quantity } },
          { id: "portfolio", tool: "get_portfolio", args: {}, after: ["order"] },
        ],
        answer: { number: average, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/cheaper-of-two-fills",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const [fa, fb] = ctx
        .sample([-12, -8, -5, -2, 3, 6, 9], 2)
        .map((p) => roundMoney(stock.price * (1 + p / 100))) as [number, number];
      const a = addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity: ctx.int(5, 30),
        status: "filled",
        fill: fa,
      }).order;
      const b = addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity: ctx.int(5, 30),
        status: "filled",
        fill: fb,
      }).order;
      return {
        instruction: `I bought ${stock.symbol} twice, in orders ${a.order_id} and ${b.order_id}. Which one got the lower price per share? Answer with the order id.`,
        steps: [
          { id: "orderA", tool: "get_order", args: { order_id: ci(a.order_id) } },
          { id: "orderB", tool: "get_order", args: { order_id: ci(b.order_id) } },
        ],
        answer: { contains: fa < fb ? a.order_id : b.order_id },
      };
    },
  }),
  defineTemplate({
    id: "trading/count-orders-for-company",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      const { stock, sibling } = family;
      const count = ctx.int(2, 4);
      for (let i = 0; i < count; i++) {
        const status = ctx.pick(["filled", "cancelled"] as const);
        addOrder(ctx, {
          symbol: stock.symbol,
          side: ctx.pick(["buy", "sell"] as const),
          quantity: ctx.int(1, 20),
          status,
          fill: stock.price,
        });
      }
      addOrder(ctx, {
        symbol: sibling.symbol,
        side: "buy",
        quantity: 4,
        status: "filled",
        fill: sibling.price,
      });
      return {
        instruction: `How many orders have I ever placed for ${stock.name}, whatever their status? I don't remember its ticker. Answer with the number.`,
        steps: [
          { id: "find", tool: "find_symbol", args: { query: companyQuery(family) } },
          {
            id: "orders",
            tool: "list_orders",
            args: { symbol: fromSymbol("find.matches.0.symbol") },
            after: ["find"],
          },
        ],
        answer: { number: count },
      };
    },
  }),
];
