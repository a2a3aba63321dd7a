import { z } from "zod";
import { compareText, roundMoney, sameId, takenIn } from "../shared/state-kit.js";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";
import {
  account,
  accountView,
  buyingPower,
  count,
  fill,
  findOrder,
  findStock,
  money,
  type Order,
  orderStatus,
  orderType,
  orderView,
  price,
  sellableShares,
  side,
  symbolPattern,
  type TradingState,
  tradingStateSchema,
  viewOrder,
} from "./book.js";

export { type TradingState, tradingStateSchema };

/** Limit prices further than this fraction from the last price are refused, as brokers' price bands do. */
const PRICE_BAND = 0.5;
const MAX_DEPOSIT = 1_000_000;

const symbolArg = z
  .string()
  .regex(symbolPattern, "give a ticker symbol, e.g. AAPL; call find_symbol to look one up by company name")
  .describe("Ticker symbol (case-insensitive); find_symbol looks one up by company name.");
const orderIdArg = z.string().min(1).describe("Order id, as place_order or list_orders return it.");

function tool<A extends z.ZodObject>(spec: DomainTool<TradingState, A>): DomainTool<TradingState> {
  return defineTool(spec);
}

const findSymbol = tool({
  name: "find_symbol",
  description:
    "Looks up ticker symbols by company name or symbol, ignoring case. Returns { matches: [{ symbol, name, " +
    "price }], count }, sorted by symbol. No match is not an error.",
  input: z.strictObject({
    query: z
      .string()
      .regex(/\S/, "give part of a company name or symbol")
      .describe("Part of the company name or symbol, e.g. apple."),
  }),
  output: z.strictObject({
    matches: z.array(z.strictObject({ symbol: z.string(), name: z.string(), price })),
    count,
  }),
  readOnly: true,
  latency: 1,
  run(state, args) {
    const needle = args.query.trim().toLowerCase();
    const matches = state.stocks
      .filter((s) => s.name.toLowerCase().includes(needle) || s.symbol.toLowerCase().includes(needle))
      .sort((a, b) => compareText(a.symbol, b.symbol))
      .map((s) => ({ symbol: s.symbol, name: s.name, price: s.price }));
    return { matches, count: matches.length };
  },
});

const getQuote = tool({
  name: "get_quote",
  description:
    "Gets a stock's quote. Returns { symbol, name, price, previous_close, change, change_pct, halted, " +
    "market_open }: price is the last price (market orders fill at it), change = price − previous_close and " +
    "change_pct that change in percent, rounded to 2 decimals. Errors: NOT_FOUND if no stock has that symbol.",
  input: z.strictObject({ symbol: symbolArg }),
  output: z.strictObject({
    symbol: z.string(),
    name: z.string(),
    price,
    previous_close: price,
    change: z.number(),
    change_pct: z.number(),
    halted: z.boolean(),
    market_open: z.boolean(),
  }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const stock = findStock(state, args.symbol);
    const previous = stock.previous_close ?? stock.price;
    const change = roundMoney(stock.price - previous);
    return {
      symbol: stock.symbol,
      name: stock.name,
      price: stock.price,
      previous_close: previous,
      change,
      change_pct: Math.round(((stock.price - previous) / previous) * 10_000) / 100,
      halted: stock.halted,
      market_open: state.market_open,
    };
  },
});

const placeOrder = tool({
  name: "place_order",
  description:
    "Places an order to buy or sell shares. A market order fills at once at the last price; a limit order " +
    "fills at once at the last price if the market is open and that price is no worse than its limit, and " +
    "otherwise stays open, holding " +
    "the cash (buy) or shares (sell) it needs until cancelled. Returns { order_id, symbol, side, type, " +
    'quantity, limit_price, status: "filled" | "open", fill_price, total, placed_at, cash, buying_power } with ' +
    "the account's cash after it. Errors: NOT_FOUND if no stock has that symbol; INVALID_STATE if trading in " +
    "the stock is halted, or for a market order while the market is closed; INVALID_ARGUMENT if the limit " +
    `price is more than ${PRICE_BAND * 100}% away from the last price; INSUFFICIENT_FUNDS if a buy costs more ` +
    "than the buying power (call deposit_cash) or a sale is for more shares than you hold and have not " +
    "committed to open orders.",
  input: z
    .strictObject({
      symbol: symbolArg,
      side: side.describe('"buy" or "sell".'),
      quantity: z.number().int().min(1).max(1_000_000).describe("Number of shares, a whole number from 1."),
      type: orderType
        .default("market")
        .describe('"market" (default) fills at the last price; "limit" needs limit_price.'),
      limit_price: price
        .optional()
        .describe("For a limit order: the most to pay per share (buy) or the least to accept (sell)."),
    })
    .superRefine((order, ctx) => {
      if (order.type === "limit" && order.limit_price === undefined) {
        ctx.addIssue({ code: "custom", path: ["limit_price"], message: "a limit order needs limit_price" });
      }
      if (order.type === "market" && order.limit_price !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["limit_price"],
          message: 'a market order takes no limit_price; omit it, or set type: "limit"',
        });
      }
    }),
  output: orderView.extend(accountView.shape),
  readOnly: false,
  latency: { lognormal: { median: 4, p95: 10 } },
  run(state, args, ctx) {
    const stock = findStock(state, args.symbol);
    if (stock.halted) {
      throw new DomainError(
        "INVALID_STATE",
        `Trading in ${stock.symbol} is halted; no orders are taken until it resumes`,
      );
    }
    if (args.type === "market" && !state.market_open) {
      throw new DomainError(
        "INVALID_STATE",
        'The market is closed, so market orders are refused; place a limit order (type "limit"), which waits for the open',
      );
    }
    const limit = args.limit_price ?? null;
    if (limit !== null && Math.abs(limit - stock.price) > PRICE_BAND * stock.price) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `limit_price ${limit} is more than ${PRICE_BAND * 100}% from ${stock.symbol}'s last price ${stock.price}; give a limit between ${roundMoney(stock.price * (1 - PRICE_BAND))} and ${roundMoney(stock.price * (1 + PRICE_BAND))}`,
      );
    }
    if (args.side === "buy") {
      const unit = limit ?? stock.price;
      const cost = roundMoney(unit * args.quantity);
      const power = buyingPower(state);
      if (cost > power) {
        throw new DomainError(
          "INSUFFICIENT_FUNDS",
          `${args.quantity} ${stock.symbol} at ${unit} cost ${cost} but the buying power is ${power}; call deposit_cash, or buy at most ${Math.floor(power / unit)} shares`,
        );
      }
    } else {
      const { held, committed } = sellableShares(state, stock.symbol);
      if (args.quantity > held - committed) {
        const tied = committed > 0 ? ` (${committed} committed to open sell orders)` : "";
        throw new DomainError(
          "INSUFFICIENT_FUNDS",
          `You hold ${held} shares of ${stock.symbol}${tied}; sell at most ${held - committed}`,
        );
      }
    }
    const { id, next } = ctx.ids.text(
      "ORD",
      state.nextOrderNumber,
      takenIn(state.orders.map((o) => o.order_id)),
    );
    state.nextOrderNumber = next;
    state.clock = Math.max(state.clock, ...state.orders.map((o) => o.placed_at)) + 1;
    const order: Order = {
      order_id: id,
      symbol: stock.symbol,
      side: args.side,
      type: args.type,
      quantity: args.quantity,
      limit_price: limit,
      status: "open",
      fill_price: null,
      placed_at: state.clock,
    };
    state.orders.push(order);
    const marketable = limit === null || (args.side === "buy" ? limit >= stock.price : limit <= stock.price);
    if (state.market_open && marketable) fill(state, order, stock);
    return { ...viewOrder(order), ...account(state) };
  },
});

const cancelOrder = tool({
  name: "cancel_order",
  description:
    "Cancels an open stock order, releasing the cash or shares it held. Returns the order with status " +
    '"cancelled" and the account: { order_id, symbol, side, type, quantity, limit_price, status, fill_price, ' +
    "total, placed_at, cash, buying_power }. Errors: NOT_FOUND if no order has that id; INVALID_STATE if the " +
    "order is already filled (place an opposite order to undo it) or cancelled.",
  input: z.strictObject({ order_id: orderIdArg }),
  output: orderView.extend(accountView.shape),
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: { uniform: { min: 1, max: 3 } },
  run(state, args) {
    const order = findOrder(state, args.order_id);
    if (order.status === "filled") {
      throw new DomainError(
        "INVALID_STATE",
        `Order ${order.order_id} already filled at ${order.fill_price}; to undo it, place an opposite order`,
      );
    }
    if (order.status === "cancelled") {
      throw new DomainError("INVALID_STATE", `Order ${order.order_id} is already cancelled; nothing to do`);
    }
    order.status = "cancelled";
    return { ...viewOrder(order), ...account(state) };
  },
});

const getOrder = tool({
  name: "get_order",
  description:
    "Gets one stock order by id, with its current status. Returns { order_id, symbol, side, type, quantity, " +
    "limit_price, status, fill_price, total, placed_at }, total being fill_price × quantity (null unless " +
    "filled). Errors: NOT_FOUND if no order has that id.",
  input: z.strictObject({ order_id: orderIdArg }),
  output: orderView,
  readOnly: true,
  latency: 1,
  run(state, args) {
    return viewOrder(findOrder(state, args.order_id));
  },
});

const listOrders = tool({
  name: "list_orders",
  description:
    "Lists your stock orders, oldest first, optionally only one status or one symbol's. Returns { orders, " +
    "count }, each order as get_order returns it. No order is not an error.",
  input: z.strictObject({
    status: orderStatus
      .optional()
      .describe('Only orders with this status: "open", "filled" or "cancelled". Default: all.'),
    symbol: symbolArg.optional().describe("Only orders for this ticker symbol. Default: all."),
  }),
  output: z.strictObject({ orders: z.array(orderView), count }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const orders = state.orders
      .filter((o) => args.status === undefined || o.status === args.status)
      .filter((o) => args.symbol === undefined || sameId(o.symbol, args.symbol))
      .map(viewOrder);
    return { orders, count: orders.length };
  },
});

const getPortfolio = tool({
  name: "get_portfolio",
  description:
    "Gets the account: cash, buying power and positions valued at the last prices. Returns { cash, " +
    "buying_power, positions: [{ symbol, name, shares, avg_cost, price, market_value, unrealized_pl }], " +
    "positions_value, total_value }, positions sorted by symbol; buying_power is the cash not held by open buy " +
    "orders, total_value = cash + positions_value.",
  input: z.strictObject({}),
  output: accountView.extend({
    positions: z.array(
      z.strictObject({
        symbol: z.string(),
        name: z.string(),
        shares: z.number().int().positive(),
        avg_cost: money,
        price,
        market_value: money,
        unrealized_pl: z.number(),
      }),
    ),
    positions_value: money,
    total_value: money,
  }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state) {
    const positions = [...state.positions]
      .sort((a, b) => compareText(a.symbol, b.symbol))
      .map((p) => {
        const stock = findStock(state, p.symbol);
        const value = roundMoney(stock.price * p.shares);
        return {
          symbol: stock.symbol,
          name: stock.name,
          shares: p.shares,
          avg_cost: p.avg_cost,
          price: stock.price,
          market_value: value,
          unrealized_pl: roundMoney(value - p.avg_cost * p.shares),
        };
      });
    const positionsValue = roundMoney(positions.reduce((sum, p) => sum + p.market_value, 0));
    return {
      ...account(state),
      positions,
      positions_value: positionsValue,
      total_value: roundMoney(state.cash + positionsValue),
    };
  },
});

const depositCash = tool({
  name: "deposit_cash",
  description:
    `Transfers cash into the account from the linked bank account, at most ${MAX_DEPOSIT} per call. Returns ` +
    "{ deposited, cash, buying_power } with the account's new cash.",
  input: z.strictObject({
    amount: z
      .number()
      .min(0.01)
      .max(MAX_DEPOSIT)
      .describe(`Amount to deposit, 0.01 to ${MAX_DEPOSIT}, e.g. 2500. Rounded to cents.`),
  }),
  output: accountView.extend({ deposited: money }),
  readOnly: false,
  latency: { lognormal: { median: 3, p95: 8 } },
  run(state, args) {
    const deposited = roundMoney(args.amount);
    state.cash = roundMoney(state.cash + deposited);
    return { deposited, ...account(state) };
  },
});

export const trading = defineDomain({
  name: "trading",
  category: "TradingBot",
  description:
    "A brokerage account on a market with fixed quotes: look up symbols and quotes, place and cancel market " +
    "and limit orders, see the portfolio. Order ids are ORD followed by a number.",
  state: tradingStateSchema,
  tools: [findSymbol, getQuote, placeOrder, cancelOrder, getOrder, listOrders, getPortfolio, depositCash],
});
