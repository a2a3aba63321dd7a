import { defineTemplate } from "../../../dataset/template.js";
import {
  addFamily,
  addOrder,
  belowMarket,
  changePct,
  companyQuery,
  deposit,
  depositAmount,
  hold,
  orderStatusPath,
  roundMoney,
} from "../kit.js";

const buy = (symbol: unknown, quantity: unknown) => ({ symbol, side: "buy", quantity });
const sell = (symbol: unknown, quantity: unknown) => ({ symbol, side: "sell", quantity });
const ci = (text: string) => ({ $ci: text });

/** Trading templates, part 1: single calls and two-step chains. */
export const tradingShortCallPaths = [
  defineTemplate({
    id: "trading/daily-change",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      return {
        instruction: `How much has ${stock.name} (${stock.symbol}) moved today, in percent? Answer with the percentage change, negative if it fell.`,
        steps: [{ id: "quote", tool: "get_quote", args: { symbol: ci(stock.symbol) } }],
        answer: { number: changePct(stock), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/look-up-symbol",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      return {
        instruction: `What is the ticker symbol of ${family.stock.name}? Answer with the symbol.`,
        steps: [{ id: "find", tool: "find_symbol", args: { query: companyQuery(family) } }],
        answer: { contains: family.stock.symbol },
      };
    },
  }),
  defineTemplate({
    id: "trading/previous-close-by-name",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      return {
        instruction: `What was yesterday's closing price of ${family.stock.name}? I don't know its ticker.`,
        steps: [
          { id: "find", tool: "find_symbol", args: { query: companyQuery(family) } },
          {
            id: "quote",
            tool: "get_quote",
            args: { symbol: { $from: "find.matches.0.symbol", $ci: true } },
            after: ["find"],
          },
        ],
        answer: { number: family.stock.previous_close, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/market-buy",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const quantity = ctx.int(5, 60);
      const total = roundMoney(stock.price * quantity);
      deposit(ctx, total + ctx.int(0, 500));
      return {
        instruction: `Buy ${quantity} shares of ${stock.name} (${stock.symbol}) at market. How much did they cost in total?`,
        steps: [{ id: "order", tool: "place_order", args: buy(ci(stock.symbol), quantity) }],
        answer: { number: total, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/buy-by-company-name",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      const quantity = ctx.int(5, 40);
      const total = roundMoney(family.stock.price * quantity);
      deposit(ctx, total + ctx.int(0, 300));
      return {
        instruction: `Buy ${quantity} shares of ${family.stock.name} at market; look up its ticker first. Answer with the total cost.`,
        steps: [
          { id: "find", tool: "find_symbol", args: { query: companyQuery(family) } },
          {
            id: "order",
            tool: "place_order",
            args: buy({ $from: "find.matches.0.symbol", $ci: true }, quantity),
            after: ["find"],
          },
        ],
        answer: { number: total, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/deposit-then-buy",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const quantity = ctx.int(10, 50);
      const total = roundMoney(stock.price * quantity);
      const amount = depositAmount(ctx, total);
      return {
        instruction: `Transfer ${amount} into my brokerage account, then buy ${quantity} shares of ${stock.name} (${stock.symbol}) at market with it. Answer with what the shares cost.`,
        steps: [
          { id: "deposit", tool: "deposit_cash", args: { amount } },
          { id: "order", tool: "place_order", args: buy(ci(stock.symbol), quantity), after: ["deposit"] },
        ],
        answer: { number: total, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/sell-some-shares",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const held = ctx.int(20, 120);
      hold(ctx, stock, held);
      const quantity = ctx.int(5, held - 5);
      return {
        instruction: `Sell ${quantity} of my ${held} ${stock.name} (${stock.symbol}) shares at market. How much did the sale bring in?`,
        steps: [{ id: "order", tool: "place_order", args: sell(ci(stock.symbol), quantity) }],
        answer: { number: roundMoney(stock.price * quantity), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/cancel-open-order",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const limit = belowMarket(ctx, stock);
      const quantity = ctx.int(5, 40);
      const target = addOrder(ctx, { symbol: stock.symbol, side: "buy", quantity, status: "open", limit });
      const kept = addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity: ctx.int(2, 10),
        status: "open",
        limit: belowMarket(ctx, stock),
      });
      return {
        instruction: `Cancel my open order ${target.order.order_id} (keep ${kept.order.order_id}). How much cash did that order have on hold?`,
        steps: [{ id: "cancel", tool: "cancel_order", args: { order_id: ci(target.order.order_id) } }],
        answer: { number: roundMoney(limit * quantity), tolerance: 0.01 },
        state: [
          { path: orderStatusPath(target.index), equals: "cancelled" },
          { path: orderStatusPath(kept.index), equals: "open" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "trading/order-total",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const fill = roundMoney(stock.price * (1 + ctx.int(-15, 15) / 100));
      const quantity = ctx.int(3, 80);
      const { order } = addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity,
        status: "filled",
        fill,
      });
      addOrder(ctx, {
        symbol: stock.symbol,
        side: "sell",
        quantity: ctx.int(1, 3),
        status: "filled",
        fill: stock.price,
      });
      return {
        instruction: `How much did my order ${order.order_id} cost in total when it filled?`,
        steps: [{ id: "order", tool: "get_order", args: { order_id: ci(order.order_id) } }],
        answer: { number: roundMoney(fill * quantity), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/move-since-fill",
    domains: ["trading"],
    instantiate(ctx) {
      const { stock } = addFamily(ctx);
      const fill = roundMoney(stock.price * (1 + ctx.pick([-1, 1]) * (ctx.int(3, 18) / 100)));
      const { order } = addOrder(ctx, {
        symbol: stock.symbol,
        side: "buy",
        quantity: ctx.int(5, 50),
        status: "filled",
        fill,
      });
      return {
        instruction: `By how much per share has the stock I bought in order ${order.order_id} moved since that order filled? Answer with the difference between today's price and the fill price, negative if it fell.`,
        steps: [
          { id: "order", tool: "get_order", args: { order_id: ci(order.order_id) } },
          {
            id: "quote",
            tool: "get_quote",
            args: { symbol: { $from: "order.symbol", $ci: true } },
            after: ["order"],
          },
        ],
        answer: { number: roundMoney(stock.price - fill), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/position-value",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      const shares = ctx.int(10, 300);
      hold(ctx, family.stock, shares);
      hold(ctx, family.sibling, ctx.int(5, 50));
      return {
        instruction: `What are my ${family.stock.name} shares worth at the current price? Answer with the market value.`,
        steps: [{ id: "portfolio", tool: "get_portfolio", args: {} }],
        answer: { number: roundMoney(family.stock.price * shares), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/bigger-gainer-of-two",
    domains: ["trading"],
    instantiate(ctx) {
      const a = addFamily(ctx).stock;
      const b = addFamily(ctx).stock;
      if (changePct(a) === changePct(b)) b.previous_close = roundMoney(b.previous_close + 0.5);
      const winner = changePct(a) > changePct(b) ? a : b;
      return {
        instruction: `Which did better today in percentage terms, ${a.name} (${a.symbol}) or ${b.name} (${b.symbol})? Answer with the symbol.`,
        steps: [
          { id: "quoteA", tool: "get_quote", args: { symbol: ci(a.symbol) } },
          { id: "quoteB", tool: "get_quote", args: { symbol: ci(b.symbol) } },
        ],
        answer: { contains: winner.symbol },
      };
    },
  }),
  defineTemplate({
    id: "trading/biggest-loser-of-three",
    domains: ["trading"],
    instantiate(ctx) {
      const moves = ctx.sample([-5.2, -3.8, -2.45, -1.1, 0.6, 1.75, 3.3], 3);
      const stocks = moves.map((move) => addFamily(ctx, { move }).stock);
      const loser = stocks.reduce((x, y) => (changePct(y) < changePct(x) ? y : x));
      return {
        instruction: `Of ${stocks.map((s) => s.symbol).join(", ")}, which one had the worst day so far (the biggest percentage fall or smallest gain)? Answer with the symbol.`,
        steps: stocks.map((s, i) => ({
          id: `quote${i + 1}`,
          tool: "get_quote",
          args: { symbol: ci(s.symbol) },
        })),
        answer: { contains: loser.symbol },
      };
    },
  }),
  defineTemplate({
    id: "trading/buy-two-stocks",
    domains: ["trading"],
    instantiate(ctx) {
      const a = addFamily(ctx).stock;
      const b = addFamily(ctx).stock;
      const [qa, qb] = [ctx.int(5, 40), ctx.int(5, 40)];
      const total = roundMoney(a.price * qa + b.price * qb);
      deposit(ctx, total + ctx.int(0, 400));
      return {
        instruction: `Buy ${qa} shares of ${a.symbol} and ${qb} shares of ${b.symbol}, both at market. What did the two purchases cost together?`,
        steps: [
          { id: "buyA", tool: "place_order", args: buy(ci(a.symbol), qa) },
          { id: "buyB", tool: "place_order", args: buy(ci(b.symbol), qb) },
        ],
        answer: { number: total, tolerance: 0.02 },
      };
    },
  }),
  defineTemplate({
    id: "trading/sell-to-fund-buy",
    domains: ["trading"],
    instantiate(ctx) {
      const a = addFamily(ctx, { min: 60, max: 300 }).stock;
      const b = addFamily(ctx, { min: 15, max: 120 }).stock;
      const held = ctx.int(40, 100);
      hold(ctx, a, held);
      const sold = ctx.int(20, held);
      const proceeds = roundMoney(a.price * sold);
      const quantity = Math.max(1, Math.floor((proceeds * ctx.int(50, 95)) / 100 / b.price));
      return {
        instruction: `Sell ${sold} ${a.symbol} shares at market and use the money to buy ${quantity} shares of ${b.symbol} at market. How much did the ${b.symbol} shares cost?`,
        steps: [
          { id: "sell", tool: "place_order", args: sell(ci(a.symbol), sold) },
          { id: "buy", tool: "place_order", args: buy(ci(b.symbol), quantity), after: ["sell"] },
        ],
        answer: { number: roundMoney(b.price * quantity), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/buy-and-report-change",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      const quantity = ctx.int(5, 30);
      deposit(ctx, roundMoney(family.stock.price * quantity) + ctx.int(0, 200));
      return {
        instruction: `Look up ${family.stock.name}'s ticker, buy ${quantity} shares at market, and tell me how much the stock is up or down today in percent (negative if down).`,
        steps: [
          { id: "find", tool: "find_symbol", args: { query: companyQuery(family) } },
          {
            id: "order",
            tool: "place_order",
            args: buy({ $from: "find.matches.0.symbol", $ci: true }, quantity),
            after: ["find"],
          },
          {
            id: "quote",
            tool: "get_quote",
            args: { symbol: { $from: "find.matches.0.symbol", $ci: true } },
            after: ["find"],
          },
        ],
        answer: { number: changePct(family.stock), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/match-earlier-purchase-size",
    domains: ["trading"],
    instantiate(ctx) {
      const a = addFamily(ctx).stock;
      const b = addFamily(ctx, { min: 15, max: 150 }).stock;
      const quantity = ctx.int(5, 60);
      // The filled order comes first, so it heads the list with or without a status filter.
      addOrder(ctx, { symbol: a.symbol, side: "buy", quantity, status: "filled", fill: a.price });
      addOrder(ctx, {
        symbol: a.symbol,
        side: "buy",
        quantity: quantity + ctx.int(1, 9),
        status: "open",
        limit: belowMarket(ctx, a),
      });
      const total = roundMoney(b.price * quantity);
      deposit(ctx, total + ctx.int(0, 200));
      return {
        instruction: `Buy as many ${b.symbol} shares as I got in my filled ${a.symbol} order, at market. What did they cost?`,
        steps: [
          {
            id: "orders",
            tool: "list_orders",
            args: { symbol: ci(a.symbol), status: { $any: true, $example: "filled" } },
          },
          {
            id: "order",
            tool: "place_order",
            args: buy(ci(b.symbol), { $from: "orders.orders.0.quantity" }),
            after: ["orders"],
          },
        ],
        answer: { number: total, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "trading/company-snapshot",
    domains: ["trading"],
    instantiate(ctx) {
      const family = addFamily(ctx);
      const { stock } = family;
      const open = ctx.int(1, 3);
      for (let i = 0; i < open; i++) {
        addOrder(ctx, {
          symbol: stock.symbol,
          side: "buy",
          quantity: ctx.int(2, 20),
          status: "open",
          limit: belowMarket(ctx, stock),
        });
      }
      addOrder(ctx, { symbol: stock.symbol, side: "buy", quantity: 5, status: "filled", fill: stock.price });
      const symbol = { $from: "find.matches.0.symbol", $ci: true };
      return {
        instruction: `Give me a quick snapshot of ${stock.name}: its percentage change today, and how many open orders I have in it. I don't know the ticker.`,
        steps: [
          { id: "find", tool: "find_symbol", args: { query: companyQuery(family) } },
          { id: "quote", tool: "get_quote", args: { symbol }, after: ["find"] },
          {
            id: "orders",
            tool: "list_orders",
            args: { symbol, status: { $any: true, $example: "open" } },
            after: ["find"],
          },
        ],
        answer: { contains: [String(changePct(stock)), String(open)] },
      };
    },
  }),
  defineTemplate({
    id: "trading/pricier-of-two-companies",
    domains: ["trading"],
    instantiate(ctx) {
      const fa = addFamily(ctx);
      const fb = addFamily(ctx);
      if (fa.stock.price === fb.stock.price) fb.stock.price = roundMoney(fb.stock.price + 1.25);
      const pricier = fa.stock.price > fb.stock.price ? fa.stock : fb.stock;
      return {
        instruction: `Which costs more per share right now, ${fa.stock.name} or ${fb.stock.name}? Answer with the company name.`,
        steps: [
          { id: "findA", tool: "find_symbol", args: { query: companyQuery(fa) } },
          { id: "findB", tool: "find_symbol", args: { query: companyQuery(fb) } },
        ],
        answer: { contains: pricier.name },
      };
    },
  }),
];
