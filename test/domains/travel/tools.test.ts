import { describe, expect, it } from "vitest";
import { travel } from "../../../src/domains/travel/tools.js";
import { harness, toolOf } from "../harness.js";

const initial = {
  flights: [
    { id: "UA100", from: "SFO", to: "JFK", date: "2026-12-03", depart: "08:15", price: 320, seats: 2 },
    { id: "DL200", from: "SFO", to: "JFK", date: "2026-12-03", depart: "11:40", price: 280 },
    { id: "AA300", from: "SFO", to: "JFK", date: "2026-12-03", depart: "17:05", price: 280, seats: 1 },
    { id: "B6400", from: "SFO", to: "JFK", date: "2026-12-03", price: 150, seats: 0 },
    { id: "UA101", from: "SFO", to: "JFK", date: "2026-12-04", price: 200 },
    { id: "UA900", from: "JFK", to: "SFO", date: "2026-12-03", price: 310 },
  ],
  hotels: [
    { id: "H1", city: "New York", name: "Hudson Inn", price_per_night: 99.99, rooms: 1 },
    { id: "H2", city: "New York", name: "Park Plaza", price_per_night: 250 },
    { id: "H3", city: "New York", name: "Budget Stay", price_per_night: 60, rooms: 0 },
    { id: "H4", city: "Boston", name: "Harbor House", price_per_night: 180 },
  ],
};

const tr = () => harness(travel, initial);
const SFO_JFK = { from: "SFO", to: "JFK", date: "2026-12-03" };

describe("travel state", () => {
  it("fills defaults", () => {
    expect(travel.state.parse({})).toEqual({
      flights: [],
      hotels: [],
      bookings: [],
      nextBookingNumber: 1001,
    });
    expect(
      travel.state.parse({
        flights: [{ id: "UA1", from: "SFO", to: "JFK", date: "2026-12-03", price: 1 }],
        hotels: [{ id: "H", city: "X", name: "Y", price_per_night: 1 }],
      }),
    ).toMatchObject({ flights: [{ depart: "09:00", seats: 9 }], hotels: [{ rooms: 5 }] });
  });

  it.each([
    [
      { flights: [{ id: "A", from: "SFO", to: "JFK", date: "2026-02-30", price: 1 }] },
      "not a day of the calendar",
    ],
    [{ flights: [{ id: "A", from: "SFO", to: "JFK", date: "12/03/2026", price: 1 }] }, "YYYY-MM-DD"],
    [
      { flights: [{ id: "A", from: "SFO", to: "JFK", date: "2026-12-03", depart: "25:00", price: 1 }] },
      "HH:MM",
    ],
    [{ flights: [{ id: "A", from: "SFO", to: "JFK", date: "2026-12-03", price: -1 }] }, ">=0"],
    [
      { hotels: [1, 2].map(() => ({ id: "H", city: "X", name: "Y", price_per_night: 1 })) },
      "H appears twice",
    ],
    [{ flight: [] }, "flight"],
  ])("rejects %j", (state, message) => {
    const result = travel.state.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.message} ${JSON.stringify(i)}`).join("\n")).toContain(
      message,
    );
  });
});

describe("search_flights", () => {
  it("returns flights with seats, cheapest first, ties by id", () => {
    expect(tr().call("search_flights", SFO_JFK)).toEqual({
      flights: [
        {
          id: "AA300",
          from: "SFO",
          to: "JFK",
          date: "2026-12-03",
          depart: "17:05",
          price: 280,
          seats_available: 1,
        },
        {
          id: "DL200",
          from: "SFO",
          to: "JFK",
          date: "2026-12-03",
          depart: "11:40",
          price: 280,
          seats_available: 9,
        },
        {
          id: "UA100",
          from: "SFO",
          to: "JFK",
          date: "2026-12-03",
          depart: "08:15",
          price: 320,
          seats_available: 2,
        },
      ],
      count: 3,
    });
  });

  it("filters by price, ignores case, and finds nothing without error", () => {
    const h = tr();
    expect(
      h.call("search_flights", { ...SFO_JFK, max_price: 300 }).flights.map((f: { id: string }) => f.id),
    ).toEqual(["AA300", "DL200"]);
    expect(h.call("search_flights", { from: "sfo", to: "jfk", date: "2026-12-04" }).flights[0].id).toBe(
      "UA101",
    );
    expect(h.call("search_flights", { from: "SFO", to: "LAX", date: "2026-12-03" })).toEqual({
      flights: [],
      count: 0,
    });
  });

  it("refuses an impossible date and a round trip to the same airport", () => {
    const h = tr();
    expect(h.fail("search_flights", { ...SFO_JFK, date: "2026-02-30" }, "INVALID_ARGUMENT").message).toMatch(
      /not a day of the calendar; give a real date/,
    );
    expect(h.fail("search_flights", { ...SFO_JFK, to: "sfo" }, "INVALID_ARGUMENT").message).toMatch(
      /two different airports/,
    );
  });

  it("rejects a badly written date in its input schema", () => {
    const result = toolOf(travel, "search_flights").input.safeParse({ ...SFO_JFK, date: "Dec 3" });
    expect(result.error?.issues[0]?.message).toMatch(/YYYY-MM-DD, e.g. 2026-12-03/);
  });
});

describe("get_flight", () => {
  it("returns a flight, even a sold-out one, by id in any case", () => {
    expect(tr().call("get_flight", { flight_id: "b6400" })).toEqual({
      id: "B6400",
      from: "SFO",
      to: "JFK",
      date: "2026-12-03",
      depart: "09:00",
      price: 150,
      seats_available: 0,
    });
  });

  it("fails on an unknown id", () => {
    expect(tr().fail("get_flight", { flight_id: "ZZ1" }, "NOT_FOUND").message).toMatch(
      /No flight ZZ1; call search_flights/,
    );
  });
});

describe("book_flight", () => {
  it("books a seat with a code from the state's counter", () => {
    const h = tr();
    expect(h.call("book_flight", { flight_id: "UA100", passenger: " Ada Lovelace " })).toEqual({
      booking_code: "BK1001",
      type: "flight",
      status: "confirmed",
      flight_id: "UA100",
      passenger: "Ada Lovelace",
      from: "SFO",
      to: "JFK",
      date: "2026-12-03",
      depart: "08:15",
      price: 320,
    });
    expect(h.call("book_flight", { flight_id: "UA100", passenger: "Alan Turing" }).booking_code).toBe(
      "BK1002",
    );
    expect(h.call("get_flight", { flight_id: "UA100" }).seats_available).toBe(0);
    expect(h.state.nextBookingNumber).toBe(1003);
  });

  it("fails on an unknown flight and a sold-out one", () => {
    const h = tr();
    h.fail("book_flight", { flight_id: "ZZ1", passenger: "Ada" }, "NOT_FOUND");
    expect(h.fail("book_flight", { flight_id: "B6400", passenger: "Ada" }, "INVALID_STATE").message).toMatch(
      /sold out; call search_flights and book another/,
    );
    h.call("book_flight", { flight_id: "AA300", passenger: "Ada" });
    h.fail("book_flight", { flight_id: "AA300", passenger: "Alan" }, "INVALID_STATE");
    expect(h.state.nextBookingNumber).toBe(1002);
  });

  it("skips codes the scenario's bookings already use", () => {
    const taken = {
      booking_code: "BK1001",
      type: "flight",
      status: "confirmed",
      flight_id: "OLD1",
      passenger: "Ada",
      from: "LHR",
      to: "CDG",
      date: "2026-01-01",
      depart: "10:00",
      price: 90,
    };
    const h = harness(travel, { ...initial, bookings: [taken] });
    expect(h.call("book_flight", { flight_id: "DL200", passenger: "Ada" }).booking_code).toBe("BK1002");
  });

  it("rejects a blank passenger name in its input schema", () => {
    expect(
      toolOf(travel, "book_flight").input.safeParse({ flight_id: "UA100", passenger: "  " }).success,
    ).toBe(false);
  });
});

describe("search_hotels", () => {
  it("returns hotels with rooms, cheapest first, filtered by price", () => {
    const h = tr();
    expect(h.call("search_hotels", { city: "new york" })).toEqual({
      hotels: [
        { id: "H1", city: "New York", name: "Hudson Inn", price_per_night: 99.99, rooms_available: 1 },
        { id: "H2", city: "New York", name: "Park Plaza", price_per_night: 250, rooms_available: 5 },
      ],
      count: 2,
    });
    expect(h.call("search_hotels", { city: "New York", max_price_per_night: 100 }).count).toBe(1);
    expect(h.call("search_hotels", { city: "Paris" })).toEqual({ hotels: [], count: 0 });
  });
});

describe("book_hotel", () => {
  it("books a room and computes check-out and total", () => {
    const h = tr();
    expect(
      h.call("book_hotel", { hotel_id: "H1", guest: "Ada Lovelace", check_in: "2026-12-30", nights: 3 }),
    ).toEqual({
      booking_code: "BK1001",
      type: "hotel",
      status: "confirmed",
      hotel_id: "H1",
      guest: "Ada Lovelace",
      hotel_name: "Hudson Inn",
      city: "New York",
      check_in: "2026-12-30",
      check_out: "2027-01-02",
      nights: 3,
      price_per_night: 99.99,
      total: 299.97,
    });
    expect(h.call("search_hotels", { city: "New York" }).hotels.map((x: { id: string }) => x.id)).toEqual([
      "H2",
    ]);
  });

  it("fails on an unknown hotel, a full one, an impossible date and a long stay", () => {
    const h = tr();
    const stay = { guest: "Ada", check_in: "2026-12-03", nights: 2 };
    expect(h.fail("book_hotel", { ...stay, hotel_id: "H9" }, "NOT_FOUND").message).toMatch(
      /call search_hotels/,
    );
    expect(h.fail("book_hotel", { ...stay, hotel_id: "H3" }, "INVALID_STATE").message).toMatch(
      /no room left; call search_hotels and book another/,
    );
    h.fail("book_hotel", { ...stay, hotel_id: "H2", check_in: "2026-11-31" }, "INVALID_ARGUMENT");
    expect(h.state.bookings).toEqual([]);
    // A long stay is refused by the input schema, so at the call (BAD_ARGUMENTS), with the limit.
    const long = toolOf(travel, "book_hotel").input.safeParse({ ...stay, hotel_id: "H2", nights: 31 });
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.message).toMatch(
      /limited to 30 nights; book a longer stay as several shorter stays/,
    );
  });

  it("rejects fewer than one night in its input schema", () => {
    const input = toolOf(travel, "book_hotel").input;
    expect(input.safeParse({ hotel_id: "H1", guest: "Ada", check_in: "2026-12-03", nights: 0 }).success).toBe(
      false,
    );
  });
});

describe("get_booking, list_bookings, cancel_booking", () => {
  const booked = () => {
    const h = tr();
    h.call("book_flight", { flight_id: "UA100", passenger: "Ada" });
    h.call("book_hotel", { hotel_id: "H2", guest: "Ada", check_in: "2026-12-03", nights: 2 });
    return h;
  };

  it("gets a booking by code in any case", () => {
    expect(booked().call("get_booking", { booking_code: "bk1002" })).toMatchObject({
      booking_code: "BK1002",
      type: "hotel",
      total: 500,
      check_out: "2026-12-05",
    });
  });

  it("lists bookings oldest first, filtered by status and type", () => {
    const h = booked();
    const codes = (args: Record<string, unknown>) =>
      h.call("list_bookings", args).bookings.map((b: { booking_code: string }) => b.booking_code);
    expect(codes({})).toEqual(["BK1001", "BK1002"]);
    expect(codes({ type: "hotel" })).toEqual(["BK1002"]);
    h.call("cancel_booking", { booking_code: "BK1001" });
    expect(codes({ status: "confirmed" })).toEqual(["BK1002"]);
    expect(codes({ status: "cancelled", type: "flight" })).toEqual(["BK1001"]);
    expect(tr().call("list_bookings")).toEqual({ bookings: [], count: 0 });
  });

  it("cancels a flight booking, refunding it and releasing the seat", () => {
    const h = booked();
    expect(h.call("cancel_booking", { booking_code: "BK1001" })).toEqual({
      booking_code: "BK1001",
      type: "flight",
      status: "cancelled",
      refund: 320,
    });
    expect(h.call("get_flight", { flight_id: "UA100" }).seats_available).toBe(2);
    expect(h.call("get_booking", { booking_code: "BK1001" }).status).toBe("cancelled");
  });

  it("cancels a hotel booking, releasing the room", () => {
    const h = booked();
    expect(h.call("cancel_booking", { booking_code: "BK1002" })).toMatchObject({
      type: "hotel",
      refund: 500,
    });
    expect(h.call("search_hotels", { city: "New York" }).hotels[1].rooms_available).toBe(5);
  });

  it("cancels a scenario booking whose flight is not on sale", () => {
    const old = {
      booking_code: "BK0042",
      type: "flight",
      status: "confirmed",
      flight_id: "OLD1",
      passenger: "Ada",
      from: "LHR",
      to: "CDG",
      date: "2026-01-01",
      depart: "10:00",
      price: 90,
    };
    const h = harness(travel, { ...initial, bookings: [old] });
    expect(h.call("cancel_booking", { booking_code: "BK0042" }).refund).toBe(90);
  });

  it("fails on unknown codes and on a second cancellation", () => {
    const h = booked();
    expect(h.fail("get_booking", { booking_code: "BK9" }, "NOT_FOUND").message).toMatch(
      /No booking BK9; call list_bookings/,
    );
    h.fail("cancel_booking", { booking_code: "BK9" }, "NOT_FOUND");
    h.call("cancel_booking", { booking_code: "BK1001" });
    expect(h.fail("cancel_booking", { booking_code: "BK1001" }, "INVALID_STATE").message).toMatch(
      /already cancelled; call list_bookings/,
    );
    expect(h.call("get_flight", { flight_id: "UA100" }).seats_available).toBe(2);
  });
});

describe("travel as a whole", () => {
  // One call of every tool on a state with bookings: the result fits the output schema (checked by
  // the harness), and read-only tools leave the state as it was.
  const samples: Record<string, Record<string, unknown>> = {
    search_flights: SFO_JFK,
    get_flight: { flight_id: "UA100" },
    book_flight: { flight_id: "UA100", passenger: "Ada" },
    search_hotels: { city: "New York" },
    book_hotel: { hotel_id: "H2", guest: "Ada", check_in: "2026-12-03", nights: 1 },
    get_booking: { booking_code: "BK1001" },
    list_bookings: {},
    cancel_booking: { booking_code: "BK1001" },
  };

  it("has a sample for every tool", () => {
    expect(Object.keys(samples).sort()).toEqual(travel.tools.map((t) => t.name).sort());
  });

  it.each(Object.entries(samples))("%s fits its output schema and its readOnly flag", (name, args) => {
    const h = tr();
    h.call("book_flight", { flight_id: "DL200", passenger: "Alan" });
    const before = structuredClone(h.state);
    h.call(name, args);
    if (toolOf(travel, name).readOnly) expect(h.state).toEqual(before);
    else expect(h.state).not.toEqual(before);
  });

  it("is deterministic: the same calls give the same results and state", () => {
    const run = () => {
      const h = tr();
      const results = [
        h.call("search_flights", SFO_JFK),
        h.call("book_flight", { flight_id: "AA300", passenger: "Ada" }),
        h.fail("book_flight", { flight_id: "AA300", passenger: "Alan" }, "INVALID_STATE").message,
        h.call("book_hotel", { hotel_id: "H1", guest: "Ada", check_in: "2026-12-03", nights: 4 }),
        h.call("cancel_booking", { booking_code: "BK1001" }),
        h.call("book_flight", { flight_id: "AA300", passenger: "Alan" }),
        h.call("list_bookings"),
      ];
      return { results, state: h.state };
    };
    const first = run();
    expect(first.results[5].booking_code).toBe("BK1003");
    expect(run()).toEqual(first);
  });

  it("does not share objects between results and the state", () => {
    const h = tr();
    const booking = h.call("book_flight", { flight_id: "UA100", passenger: "Ada" });
    const listed = h.call("list_bookings");
    h.call("cancel_booking", { booking_code: "BK1001" });
    expect(booking.status).toBe("confirmed");
    expect(listed.bookings[0].status).toBe("confirmed");
  });
});
