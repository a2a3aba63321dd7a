import { describe, expect, it } from "vitest";
import { trading } from "../../../src/domains/trading/tools.js";
import { seededIds } from "../../../src/engine/ids.js";
import { harness, toolOf } from "../harness.js";
import { describeWholeDomain } from "../whole-domain.js";

const initial = {
  cash: 10000,
  stocks: [
    { symbol: "AAPL", name: "Apple Inc.", price: 190.5, previous_close: 188 },
    { symbol: "MSFT", name: "Microsoft Corporation", price: 410 },
    { symbol: "APLD", name: "Applied Digital", price: 5.25, previous_close: 6 },
    { symbol: "HALT", name: "Halted Corp", price: 10, halted: true },
  ],
  positions: [{ symbol: "MSFT", shares: 10, avg_cost: 380 }],
  orders: [
    {
      order_id: "ORD1",
      symbol: "MSFT",
      side: "sell",
      type: "limit",
      quantity: 4,
      limit_price: 450,
      status: "open",
      placed_at: 1,
    },
  ],
};

const tr = () => harness(trading, initial);
const buyAapl = { symbol: "AAPL", side: "buy", quantity: 10 };

describe("trading state", () => {
  it("fills defaults", () => {
    expect(trading.state.parse({})).toEqual({
      cash: 0,
      market_open: true,
      stocks: [],
      positions: [],
      orders: [],
      nextOrderNumber: 1001,
      clock: 0,
    });
    expect(
      trading.state.parse({
        stocks: [{ symbol: "X", name: "X Corp", price: 1 }],
        orders: [
          { order_id: "O", symbol: "X", side: "buy", type: "market", quantity: 1, status: "cancelled" },
        ],
      }),
    ).toMatchObject({
      stocks: [{ halted: false }],
      orders: [{ limit_price: null, fill_price: null, placed_at: 0 }],
    });
  });

  const stock = { symbol: "X", name: "X Corp", price: 1 };
  const order = { order_id: "O", symbol: "X", side: "buy", quantity: 1 };
  it.each([
    [{ stocks: [stock, stock] }, "X appears twice"],
    [{ stocks: [{ ...stock, symbol: "X Y" }] }, "ticker symbol"],
    [{ stocks: [{ ...stock, price: 0 }] }, ">0"],
    [{ positions: [{ symbol: "Y", shares: 1, avg_cost: 1 }] }, "Y is not in stocks"],
    [
      { stocks: [stock], orders: [{ ...order, type: "limit", status: "open" }] },
      "a limit order needs a limit_price",
    ],
    [
      { stocks: [stock], orders: [{ ...order, type: "market", status: "filled" }] },
      "a filled order needs a fill_price",
    ],
    [{ balance: 5 }, "balance"],
  ])("rejects %j", (state, message) => {
    const result = trading.state.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${JSON.stringify(i)}`).join("\n")).toContain(
      message,
    );
  });
});

describe("find_symbol", () => {
  it("finds symbols by company name or symbol, sorted by symbol", () => {
    const h = tr();
    expect(h.call("find_symbol", { query: "app" })).toEqual({
      matches: [
        { symbol: "AAPL", name: "Apple Inc.", price: 190.5 },
        { symbol: "APLD", name: "Applied Digital", price: 5.25 },
      ],
      count: 2,
    });
    expect(h.call("find_symbol", { query: "msft" }).matches[0].symbol).toBe("MSFT");
    expect(h.call("find_symbol", { query: "Tesla" })).toEqual({ matches: [], count: 0 });
  });
});

describe("get_quote", () => {
  it("quotes the last price and the day's change", () => {
    const h = tr();
    expect(h.call("get_quote", { symbol: "aapl" })).toEqual({
      symbol: "AAPL",
      name: "Apple Inc.",
      price: 190.5,
      previous_close: 188,
      change: 2.5,
      change_pct: 1.33,
      halted: false,
      market_open: true,
    });
    expect(h.call("get_quote", { symbol: "APLD" })).toMatchObject({ change: -0.75, change_pct: -12.5 });
    expect(h.call("get_quote", { symbol: "MSFT" })).toMatchObject({
      previous_close: 410,
      change: 0,
      change_pct: 0,
    });
  });

  it("fails on an unknown symbol and rejects a malformed one in its input schema", () => {
    expect(tr().fail("get_quote", { symbol: "TSLA" }, "NOT_FOUND").message).toMatch(
      /No stock with symbol TSLA; call find_symbol/,
    );
    const result = toolOf(trading, "get_quote").input.safeParse({ symbol: "Apple Inc" });
    expect(result.error?.issues[0]?.message).toMatch(/call find_symbol/);
  });
});

describe("place_order", () => {
  it("fills a market buy at the last price, with an id from the counter", () => {
    const h = tr();
    expect(h.call("place_order", buyAapl)).toEqual({
      order_id: "ORD1001",
      symbol: "AAPL",
      side: "buy",
      type: "market",
      quantity: 10,
      limit_price: null,
      status: "filled",
      fill_price: 190.5,
      total: 1905,
      placed_at: 2,
      cash: 8095,
      buying_power: 8095,
    });
    expect(h.state.positions).toEqual([
      { symbol: "MSFT", shares: 10, avg_cost: 380 },
      { symbol: "AAPL", shares: 10, avg_cost: 190.5 },
    ]);
    expect(h.state).toMatchObject({ nextOrderNumber: 1002, clock: 2 });
  });

  it("averages the cost of a position it adds to", () => {
    const h = tr();
    h.call("place_order", { symbol: "MSFT", side: "buy", quantity: 5 });
    expect(h.state.positions).toEqual([{ symbol: "MSFT", shares: 15, avg_cost: 390 }]);
  });

  it("fills a marketable limit order at the last price, and holds cash for one that is not", () => {
    const h = tr();
    expect(h.call("place_order", { ...buyAapl, type: "limit", limit_price: 200 })).toMatchObject({
      status: "filled",
      fill_price: 190.5,
      total: 1905,
      cash: 8095,
    });
    expect(h.call("place_order", { ...buyAapl, type: "limit", limit_price: 180 })).toMatchObject({
      order_id: "ORD1002",
      status: "open",
      fill_price: null,
      total: null,
      cash: 8095,
      buying_power: 6295,
    });
  });

  it("sells shares not committed to open orders, closing an emptied position", () => {
    const h = tr();
    expect(h.call("place_order", { symbol: "MSFT", side: "sell", quantity: 6 })).toMatchObject({
      status: "filled",
      total: 2460,
      cash: 12460,
    });
    expect(h.state.positions).toEqual([{ symbol: "MSFT", shares: 4, avg_cost: 380 }]);
    h.call("cancel_order", { order_id: "ORD1" });
    h.call("place_order", { symbol: "MSFT", side: "sell", quantity: 4, type: "limit", limit_price: 400 });
    expect(h.state.positions).toEqual([]);
    expect(h.state.cash).toBe(14100);
  });

  it("refuses to sell more than the free shares", () => {
    const h = tr();
    expect(
      h.fail("place_order", { symbol: "MSFT", side: "sell", quantity: 7 }, "INSUFFICIENT_FUNDS").message,
    ).toMatch(/You hold 10 shares of MSFT \(4 committed to open sell orders\); sell at most 6/);
    expect(
      h.fail("place_order", { symbol: "AAPL", side: "sell", quantity: 1 }, "INSUFFICIENT_FUNDS").message,
    ).toMatch(/You hold 0 shares of AAPL; sell at most 0/);
  });

  it("refuses a buy beyond the buying power, counting cash held by open orders", () => {
    const h = tr();
    expect(
      h.fail("place_order", { symbol: "MSFT", side: "buy", quantity: 25 }, "INSUFFICIENT_FUNDS").message,
    ).toMatch(
      /25 MSFT at 410 cost 10250 but the buying power is 10000; call deposit_cash, or buy at most 24 shares/,
    );
    h.call("place_order", { symbol: "MSFT", side: "buy", quantity: 20, type: "limit", limit_price: 400 });
    expect(
      h.fail("place_order", { symbol: "AAPL", side: "buy", quantity: 20 }, "INSUFFICIENT_FUNDS").message,
    ).toMatch(/buying power is 2000; call deposit_cash, or buy at most 10 shares/);
    expect(h.state.orders).toHaveLength(2);
  });

  it("refuses halted stocks, unknown symbols and limits outside the price band", () => {
    const h = tr();
    expect(h.fail("place_order", { ...buyAapl, symbol: "HALT" }, "INVALID_STATE").message).toMatch(
      /Trading in HALT is halted/,
    );
    h.fail("place_order", { ...buyAapl, symbol: "TSLA" }, "NOT_FOUND");
    expect(
      h.fail("place_order", { ...buyAapl, type: "limit", limit_price: 300 }, "INVALID_ARGUMENT").message,
    ).toMatch(/more than 50% from AAPL's last price 190.5; give a limit between 95.25 and 285.75/);
    expect(h.state.nextOrderNumber).toBe(1001);
  });

  it("refuses market orders while the market is closed, and leaves limit orders waiting", () => {
    const h = harness(trading, { ...initial, market_open: false });
    expect(h.fail("place_order", buyAapl, "INVALID_STATE").message).toMatch(
      /market is closed, so market orders are refused; place a limit order/,
    );
    expect(h.call("place_order", { ...buyAapl, type: "limit", limit_price: 200 })).toMatchObject({
      status: "open",
      cash: 10000,
      buying_power: 8000,
    });
    expect(h.call("get_quote", { symbol: "AAPL" }).market_open).toBe(false);
  });

  it("skips ids the scenario's orders already use", () => {
    const h = harness(trading, {
      ...initial,
      orders: [{ ...initial.orders[0], order_id: "ORD1001" }],
    });
    expect(h.call("place_order", buyAapl).order_id).toBe("ORD1002");
  });

  it("checks the order's fields together in its input schema", () => {
    const input = toolOf(trading, "place_order").input;
    expect(input.safeParse({ ...buyAapl, type: "limit" }).error?.issues[0]?.message).toMatch(
      /a limit order needs limit_price/,
    );
    expect(input.safeParse({ ...buyAapl, limit_price: 100 }).error?.issues[0]?.message).toMatch(
      /a market order takes no limit_price/,
    );
    expect(input.safeParse({ ...buyAapl, quantity: 0 }).success).toBe(false);
    expect(input.safeParse({ ...buyAapl, quantity: 1.5 }).success).toBe(false);
    expect(input.safeParse({ ...buyAapl, side: "short" }).success).toBe(false);
  });
});

describe("cancel_order", () => {
  it("cancels an open order, releasing what it held", () => {
    const h = tr();
    h.call("place_order", { ...buyAapl, type: "limit", limit_price: 150 });
    expect(h.call("cancel_order", { order_id: "ord1001" })).toEqual({
      order_id: "ORD1001",
      symbol: "AAPL",
      side: "buy",
      type: "limit",
      quantity: 10,
      limit_price: 150,
      status: "cancelled",
      fill_price: null,
      total: null,
      placed_at: 2,
      cash: 10000,
      buying_power: 10000,
    });
    h.call("cancel_order", { order_id: "ORD1" });
    expect(h.call("place_order", { symbol: "MSFT", side: "sell", quantity: 10 }).status).toBe("filled");
  });

  it("refuses filled, cancelled and unknown orders", () => {
    const h = tr();
    h.call("place_order", buyAapl);
    expect(h.fail("cancel_order", { order_id: "ORD1001" }, "INVALID_STATE").message).toMatch(
      /already filled at 190.5; to undo it, place an opposite order/,
    );
    h.call("cancel_order", { order_id: "ORD1" });
    expect(h.fail("cancel_order", { order_id: "ORD1" }, "INVALID_STATE").message).toMatch(
      /already cancelled/,
    );
    expect(h.fail("cancel_order", { order_id: "ORD9" }, "NOT_FOUND").message).toMatch(
      /No order ORD9; call list_orders/,
    );
  });
});

describe("get_order and list_orders", () => {
  it("gets an order with its total", () => {
    const h = tr();
    expect(h.call("get_order", { order_id: "ORD1" })).toEqual({
      order_id: "ORD1",
      symbol: "MSFT",
      side: "sell",
      type: "limit",
      quantity: 4,
      limit_price: 450,
      status: "open",
      fill_price: null,
      total: null,
      placed_at: 1,
    });
    h.call("place_order", { symbol: "APLD", side: "buy", quantity: 3 });
    expect(h.call("get_order", { order_id: "ORD1001" })).toMatchObject({ fill_price: 5.25, total: 15.75 });
    h.fail("get_order", { order_id: "ORD9" }, "NOT_FOUND");
  });

  it("lists orders oldest first, by status and symbol", () => {
    const h = tr();
    h.call("place_order", buyAapl);
    const list = (args: Record<string, unknown>) =>
      h.call("list_orders", args).orders.map((o: { order_id: string }) => o.order_id);
    expect(list({})).toEqual(["ORD1", "ORD1001"]);
    expect(list({ status: "open" })).toEqual(["ORD1"]);
    expect(list({ symbol: "aapl" })).toEqual(["ORD1001"]);
    expect(list({ status: "cancelled" })).toEqual([]);
  });
});

describe("get_portfolio", () => {
  it("values positions at the last price", () => {
    const h = tr();
    expect(h.call("get_portfolio", {})).toEqual({
      cash: 10000,
      buying_power: 10000,
      positions: [
        {
          symbol: "MSFT",
          name: "Microsoft Corporation",
          shares: 10,
          avg_cost: 380,
          price: 410,
          market_value: 4100,
          unrealized_pl: 300,
        },
      ],
      positions_value: 4100,
      total_value: 14100,
    });
    h.call("place_order", { symbol: "APLD", side: "buy", quantity: 100, type: "limit", limit_price: 6 });
    const after = h.call("get_portfolio", {});
    expect(after.positions.map((p: { symbol: string }) => p.symbol)).toEqual(["APLD", "MSFT"]);
    expect(after).toMatchObject({
      cash: 9475,
      buying_power: 9475,
      positions_value: 4625,
      total_value: 14100,
    });
    expect(harness(trading, {}).call("get_portfolio", {})).toMatchObject({ positions: [], total_value: 0 });
  });
});

describe("deposit_cash", () => {
  it("adds cash, rounded to cents, within the per-call limit", () => {
    const h = tr();
    expect(h.call("deposit_cash", { amount: 2500.004 })).toEqual({
      deposited: 2500,
      cash: 12500,
      buying_power: 12500,
    });
    const input = toolOf(trading, "deposit_cash").input;
    expect(input.safeParse({ amount: 0 }).success).toBe(false);
    expect(input.safeParse({ amount: 1_000_001 }).success).toBe(false);
  });
});

describeWholeDomain(trading, {
  fresh: tr,
  samples: {
    find_symbol: { query: "micro" },
    get_quote: { symbol: "MSFT" },
    place_order: buyAapl,
    cancel_order: { order_id: "ORD1" },
    get_order: { order_id: "ORD1" },
    list_orders: {},
    get_portfolio: {},
    deposit_cash: { amount: 100 },
  },
  script: (h) => [
    h.call("find_symbol", { query: "apple" }),
    h.call("place_order", buyAapl),
    h.call("place_order", { symbol: "APLD", side: "buy", quantity: 50, type: "limit", limit_price: 5 }),
    h.fail("place_order", { symbol: "MSFT", side: "buy", quantity: 30 }, "INSUFFICIENT_FUNDS").message,
    h.call("deposit_cash", { amount: 5000 }),
    h.call("place_order", { symbol: "MSFT", side: "buy", quantity: 30 }),
    h.call("cancel_order", { order_id: "ORD1002" }),
    h.call("place_order", { symbol: "AAPL", side: "sell", quantity: 4, type: "limit", limit_price: 190 }),
    h.call("list_orders", {}),
    h.call("get_portfolio", {}),
  ],
});

describe("ids under the episode's rule", () => {
  it("are ORD- and 6 symbols drawn from the seed, the counter still counting", () => {
    const h = harness(trading, initial, seededIds(1).forDomain("trading"));
    const id = h.call("place_order", buyAapl).order_id;
    expect(id).toMatch(/^ORD-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/);
    expect(id).toBe(
      seededIds(1)
        .forDomain("trading")
        .text("ORD", 1001, () => false).id,
    );
    expect(h.state.nextOrderNumber).toBe(1002);
  });
});
