import type { TemplateContext } from "../../dataset/template.js";
import { roundMoney } from "../shared/state-kit.js";

/**
 * What the trading templates share: invented companies in families of two (a name search finds
 * both), and helpers that add a task's own stocks, shares and orders to the one brokerage account
 * of the episode. Cash is shared: a template adds what its task will spend, never sets it.
 */

export interface Stock {
  symbol: string;
  name: string;
  price: number;
  previous_close: number;
  halted: boolean;
}
export interface Position {
  symbol: string;
  shares: number;
  avg_cost: number;
}
export interface StockOrder {
  order_id: string;
  symbol: string;
  side: "buy" | "sell";
  type: "market" | "limit";
  quantity: number;
  limit_price: number | null;
  status: "open" | "filled" | "cancelled";
  fill_price: number | null;
  placed_at: number;
}
interface TradingState {
  cash: number;
  market_open: boolean;
  stocks: Stock[];
  positions: Position[];
  orders: StockOrder[];
  nextOrderNumber: number;
  clock: number;
}

/** A family's word, and its two companies (symbol, line of business); the first symbol sorts first. */
const FAMILIES: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  [
    "Halcyon",
    [
      ["HLCF", "Foods"],
      ["HLCR", "Robotics"],
    ],
  ],
  [
    "Brightwater",
    [
      ["BRWE", "Energy"],
      ["BRWM", "Media"],
    ],
  ],
  [
    "Quillon",
    [
      ["QLNB", "Biotech"],
      ["QLNL", "Logistics"],
    ],
  ],
  [
    "Marlowe",
    [
      ["MRLH", "Hotels"],
      ["MRLS", "Semiconductors"],
    ],
  ],
  [
    "Corvina",
    [
      ["CRVA", "Aerospace"],
      ["CRVP", "Pharma"],
    ],
  ],
  [
    "Ardent",
    [
      ["ARDM", "Mining"],
      ["ARDS", "Software"],
    ],
  ],
  [
    "Lumora",
    [
      ["LUMO", "Optics"],
      ["LUMR", "Retail"],
    ],
  ],
  [
    "Pallisade",
    [
      ["PLSB", "Banking"],
      ["PLSG", "Games"],
    ],
  ],
  [
    "Kestrel",
    [
      ["KSTT", "Telecom"],
      ["KSTW", "Wind Power"],
    ],
  ],
  [
    "Nimbridge",
    [
      ["NMBC", "Cloud"],
      ["NMBF", "Finance"],
    ],
  ],
  [
    "Oakhaven",
    [
      ["OAKH", "Health"],
      ["OAKI", "Insurance"],
    ],
  ],
  [
    "Ferrovia",
    [
      ["FRVR", "Rail"],
      ["FRVS", "Steel"],
    ],
  ],
  [
    "Glimmerton",
    [
      ["GLMC", "Cosmetics"],
      ["GLMT", "Textiles"],
    ],
  ],
  [
    "Westbrook",
    [
      ["WSBB", "Brewing"],
      ["WSBC", "Chemicals"],
    ],
  ],
  [
    "Zephyrine",
    [
      ["ZPHA", "Airlines"],
      ["ZPHM", "Motors"],
    ],
  ],
  [
    "Duskwood",
    [
      ["DSKG", "Gaming"],
      ["DSKT", "Timber"],
    ],
  ],
  [
    "Ravenna",
    [
      ["RVNA", "Analytics"],
      ["RVNS", "Shipping"],
    ],
  ],
  [
    "Copperleaf",
    [
      ["CPLF", "Farms"],
      ["CPLW", "Water"],
    ],
  ],
  [
    "Elmstead",
    [
      ["ELMB", "Bakeries"],
      ["ELMR", "Realty"],
    ],
  ],
  [
    "Pinecrest",
    [
      ["PNCS", "Solar"],
      ["PNCT", "Toys"],
    ],
  ],
];

function tradingState(ctx: TemplateContext): TradingState {
  return ctx.state<TradingState & Record<string, never>>("trading");
}

const cents = (ctx: TemplateContext, min: number, max: number): number => ctx.int(min * 100, max * 100) / 100;

/** The day's change in percent, as get_quote computes it. */
export const changePct = (s: Stock): number =>
  Math.round(((s.price - s.previous_close) / s.previous_close) * 10_000) / 100;

export interface Family {
  /** The word both companies' names start with. */
  readonly word: string;
  /** The company the task is about: its symbol sorts first, so a search by the word lists it first. */
  readonly stock: Stock;
  readonly sibling: Stock;
}

/**
 * Lists a family of two companies this task alone has. `move` is the day's change of the main
 * stock in percent (random when not given); the sibling is sometimes halted.
 */
export function addFamily(
  ctx: TemplateContext,
  options: { min?: number; max?: number; move?: number } = {},
): Family {
  const [word, members] = ctx.unique("trading.family", FAMILIES);
  const make = ([symbol, business]: readonly [string, string], move: number): Stock => {
    const price = cents(ctx, options.min ?? 15, options.max ?? 420);
    return {
      symbol,
      name: `${word} ${business}`,
      price,
      previous_close: roundMoney(price / (1 + move / 100)),
      halted: false,
    };
  };
  const [first, second] = members as [readonly [string, string], readonly [string, string]];
  const stock = make(first, options.move ?? ctx.pick([-1, 1]) * (ctx.int(20, 650) / 100));
  const sibling = make(second, ctx.pick([-1, 1]) * (ctx.int(20, 650) / 100));
  sibling.halted = ctx.int(0, 3) === 0;
  if (stock.previous_close === stock.price) stock.previous_close = roundMoney(stock.price - 0.37);
  const state = tradingState(ctx);
  state.stocks.push(stock, sibling);
  return { word, stock, sibling };
}

/** A search for the company: by its full name or by the family word. */
export const companyQuery = (family: Family) => ({
  $oneOf: [{ $ci: family.stock.name }, { $ci: family.word }],
});

/** Shares the account already holds (the symbol is the task's own). */
export function hold(ctx: TemplateContext, stock: Stock, shares: number, avgCost?: number): Position {
  const position = {
    symbol: stock.symbol,
    shares,
    avg_cost: avgCost ?? roundMoney(stock.price * (1 + ctx.int(-25, 25) / 100)),
  };
  tradingState(ctx).positions.push(position);
  return position;
}

const ORDER_NUMBERS = Array.from({ length: 7000 }, (_, i) => 2000 + i);

export interface OrderSeed {
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly quantity: number;
  readonly status: "open" | "filled" | "cancelled";
  readonly limit?: number;
  readonly fill?: number;
}

/**
 * An order placed before the episode, and its index in the state. An open buy order holds cash,
 * so the template adds that cash too: the other tasks' buying power stays theirs.
 */
export function addOrder(ctx: TemplateContext, seed: OrderSeed): { order: StockOrder; index: number } {
  const state = tradingState(ctx);
  const order: StockOrder = {
    order_id: `ORD${ctx.unique("trading.order", ORDER_NUMBERS)}`,
    symbol: seed.symbol,
    side: seed.side,
    type: seed.limit === undefined ? "market" : "limit",
    quantity: seed.quantity,
    limit_price: seed.limit ?? null,
    status: seed.status,
    fill_price: seed.status === "filled" ? (seed.fill ?? seed.limit ?? null) : null,
    placed_at: 0,
  };
  if (order.status === "filled" && order.fill_price === null)
    throw new RangeError("a filled order needs a fill price");
  if (order.status === "open" && order.side === "buy")
    deposit(ctx, roundMoney((seed.limit ?? 0) * seed.quantity));
  state.orders.push(order);
  return { order, index: state.orders.length - 1 };
}

/** Adds cash to the shared account. */
export function deposit(ctx: TemplateContext, amount: number): void {
  const state = tradingState(ctx);
  state.cash = roundMoney(state.cash + amount);
}

/**
 * A deposit of at least `atLeast`, in hundreds, that no other task of the episode makes: two equal
 * deposits would be the same call, and a call is credited to one task only.
 */
export function depositAmount(ctx: TemplateContext, atLeast: number): number {
  const base = Math.ceil(atLeast / 100) * 100;
  return ctx.unique(
    "trading.deposit",
    Array.from({ length: 12 }, (_, i) => base + 100 * i),
  );
}

export const orderStatusPath = (index: number): (string | number)[] => ["trading", "orders", index, "status"];

/** A limit below the last price (a buy that waits), in cents. */
export const belowMarket = (ctx: TemplateContext, s: Stock): number =>
  roundMoney(s.price * (1 - ctx.int(4, 20) / 100));

export { cents, roundMoney };
