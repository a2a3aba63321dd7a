import { z } from "zod";
import { checkUnique, roundMoney, sameId } from "../shared/state-kit.js";
import { DomainError } from "../shared/types.js";

/** The trading account's state and its bookkeeping: what open orders hold, and how a fill settles. */

export const money = z.number().finite().nonnegative();
export const price = z.number().finite().positive();
export const count = z.number().int().nonnegative();
export const symbolPattern = /^[A-Za-z][A-Za-z0-9.]{0,9}$/;
export const side = z.enum(["buy", "sell"]);
export const orderType = z.enum(["market", "limit"]);
export const orderStatus = z.enum(["open", "filled", "cancelled"]);

const stockSchema = z.strictObject({
  symbol: z
    .string()
    .regex(symbolPattern, "a ticker symbol is letters, digits and '.', e.g. AAPL")
    .describe("Ticker symbol, e.g. AAPL."),
  name: z.string().min(1).describe("Company name, e.g. Apple Inc."),
  price: price.describe("Last traded price: market orders fill at it."),
  previous_close: price
    .optional()
    .describe("Yesterday's closing price, for the day's change. Default: the last price."),
  halted: z
    .boolean()
    .default(false)
    .describe("Trading in the stock is suspended: orders are refused. Default false."),
});

const positionSchema = z.strictObject({
  symbol: z.string().min(1).describe("Ticker symbol of a stock in stocks."),
  shares: z.number().int().positive().describe("Number of shares held."),
  avg_cost: money.describe("Average price paid per share."),
});

const orderSchema = z.strictObject({
  order_id: z.string().min(1).describe("Order id (any text, unique among the orders)."),
  symbol: z.string().min(1).describe("Ticker symbol of a stock in stocks."),
  side: side.describe('"buy" or "sell".'),
  type: orderType.describe('"market" or "limit".'),
  quantity: z.number().int().positive().describe("Number of shares."),
  limit_price: price
    .nullable()
    .default(null)
    .describe("Limit price of a limit order; null for a market order."),
  status: orderStatus.describe('"open" (waiting; it holds cash or shares), "filled" or "cancelled".'),
  fill_price: price.nullable().default(null).describe("Price per share it filled at; null unless filled."),
  placed_at: count.default(0).describe("Logical time it was placed: a higher number is later. Default 0."),
});

export const tradingStateSchema = z
  .strictObject({
    cash: money.default(0).describe("Settled cash in the account. Default 0."),
    market_open: z
      .boolean()
      .default(true)
      .describe(
        "Whether the market is open. When closed, market orders are refused and limit orders wait. Default true.",
      ),
    stocks: z
      .array(stockSchema)
      .default([])
      .describe("The market: stocks that can be traded, with their prices."),
    positions: z.array(positionSchema).default([]).describe("Shares held, one entry per symbol."),
    orders: z.array(orderSchema).default([]).describe("Orders placed so far, oldest first."),
    nextOrderNumber: count
      .default(1001)
      .describe(
        "Index of the next order id: which one it is; the id itself is drawn from the episode's seed, so this only numbers them (older scenario files set it; any positive value works).",
      ),
    clock: count
      .default(0)
      .describe("Logical time of the last order placed; a new one is stamped after every order held."),
  })
  .superRefine((state, ctx) => {
    checkUnique(
      ctx,
      "stocks",
      state.stocks.map((s) => s.symbol),
    );
    checkUnique(
      ctx,
      "positions",
      state.positions.map((p) => p.symbol),
    );
    checkUnique(
      ctx,
      "orders",
      state.orders.map((o) => o.order_id),
    );
    const listed = (symbol: string): boolean => state.stocks.some((s) => sameId(s.symbol, symbol));
    for (const key of ["positions", "orders"] as const) {
      state[key].forEach((item, i) => {
        if (!listed(item.symbol)) {
          ctx.addIssue({
            code: "custom",
            path: [key, i, "symbol"],
            message: `${item.symbol} is not in stocks; add it there`,
          });
        }
      });
    }
    state.orders.forEach((o, i) => {
      if ((o.type === "limit") !== (o.limit_price !== null)) {
        ctx.addIssue({
          code: "custom",
          path: ["orders", i, "limit_price"],
          message: "a limit order needs a limit_price, a market order none",
        });
      }
      if ((o.status === "filled") !== (o.fill_price !== null)) {
        ctx.addIssue({
          code: "custom",
          path: ["orders", i, "fill_price"],
          message: "a filled order needs a fill_price, others none",
        });
      }
    });
  });

export type TradingState = z.infer<typeof tradingStateSchema>;
export type Stock = TradingState["stocks"][number];
export type Order = TradingState["orders"][number];

export const orderView = z.strictObject({
  order_id: z.string(),
  symbol: z.string(),
  side,
  type: orderType,
  quantity: z.number().int().positive(),
  limit_price: price.nullable(),
  status: orderStatus,
  fill_price: price.nullable(),
  total: money.nullable(),
  placed_at: count,
});
export const accountView = z.strictObject({ cash: money, buying_power: money });

export function viewOrder(o: Order) {
  const total = o.fill_price === null ? null : roundMoney(o.fill_price * o.quantity);
  return { ...o, total };
}

/** Cash that open buy orders hold: what they would cost at their limit. */
export function buyingPower(state: TradingState): number {
  const held = state.orders
    .filter((o) => o.status === "open" && o.side === "buy")
    .reduce((sum, o) => sum + (o.limit_price ?? 0) * o.quantity, 0);
  return roundMoney(Math.max(0, state.cash - held));
}

export function account(state: TradingState) {
  return { cash: state.cash, buying_power: buyingPower(state) };
}

export function findStock(state: TradingState, symbol: string): Stock {
  const stock = state.stocks.find((s) => sameId(s.symbol, symbol));
  if (!stock) {
    throw new DomainError(
      "NOT_FOUND",
      `No stock with symbol ${symbol}; call find_symbol to look it up by company name`,
    );
  }
  return stock;
}

export function findOrder(state: TradingState, id: string): Order {
  const order = state.orders.find((o) => sameId(o.order_id, id));
  if (!order) throw new DomainError("NOT_FOUND", `No order ${id}; call list_orders to see your order ids`);
  return order;
}

/** Shares of a symbol that can still be sold: those held, less those open sell orders hold. */
export function sellableShares(state: TradingState, symbol: string): { held: number; committed: number } {
  const held = state.positions.find((p) => sameId(p.symbol, symbol))?.shares ?? 0;
  const committed = state.orders
    .filter((o) => o.status === "open" && o.side === "sell" && sameId(o.symbol, symbol))
    .reduce((sum, o) => sum + o.quantity, 0);
  return { held, committed };
}

/** Settles a fill at the stock's last price: cash moves, the position grows, shrinks or closes. */
export function fill(state: TradingState, order: Order, stock: Stock): void {
  order.status = "filled";
  order.fill_price = stock.price;
  const total = roundMoney(stock.price * order.quantity);
  const position = state.positions.find((p) => sameId(p.symbol, stock.symbol));
  if (order.side === "buy") {
    state.cash = roundMoney(state.cash - total);
    if (position) {
      const cost = position.avg_cost * position.shares + total;
      position.shares += order.quantity;
      // Four decimals: an average of cent prices is rarely a whole cent.
      position.avg_cost = Math.round((cost / position.shares) * 10_000) / 10_000;
    } else {
      state.positions.push({ symbol: stock.symbol, shares: order.quantity, avg_cost: stock.price });
    }
  } else {
    state.cash = roundMoney(state.cash + total);
    if (position) position.shares -= order.quantity;
    state.positions = state.positions.filter((p) => p.shares > 0);
  }
}
