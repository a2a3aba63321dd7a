import { z } from "zod";
import { DomainError, type DomainTool, defineDomain, defineTool, type ToolContext } from "../shared/types.js";
import { addDays, isCalendarDate } from "./dates.js";

const MAX_NIGHTS = 30;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "write the date as YYYY-MM-DD, e.g. 2026-12-03");
const calendarDate = isoDate.refine(
  isCalendarDate,
  "not a day of the calendar; write YYYY-MM-DD, e.g. 2026-12-03",
);
const money = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();
const status = z.enum(["confirmed", "cancelled"]);

const flightSchema = z.strictObject({
  id: z.string().min(1).describe("Flight id (any text, unique among the flights)."),
  from: z.string().min(1).describe("Origin airport code, e.g. SFO."),
  to: z.string().min(1).describe("Destination airport code, e.g. JFK."),
  date: calendarDate.describe("Departure date, YYYY-MM-DD."),
  depart: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "write the time as HH:MM, e.g. 09:30")
    .default("09:00")
    .describe("Departure time, HH:MM (24-hour). Default 09:00."),
  price: money.describe("Fare per passenger."),
  seats: count.default(9).describe("Seats left. Default 9, the most a booking system shows."),
});

const hotelSchema = z.strictObject({
  id: z.string().min(1).describe("Hotel id, e.g. H-NYC-1."),
  city: z.string().min(1).describe("City, e.g. New York."),
  name: z.string().min(1).describe("Hotel name."),
  price_per_night: money.describe("Price of a room per night."),
  rooms: count.default(5).describe("Rooms left. Default 5."),
});

const flightBookingSchema = z.strictObject({
  booking_code: z.string(),
  type: z.literal("flight"),
  status,
  flight_id: z.string(),
  passenger: z.string(),
  from: z.string(),
  to: z.string(),
  date: z.string(),
  depart: z.string(),
  price: money,
});

const hotelBookingSchema = z.strictObject({
  booking_code: z.string(),
  type: z.literal("hotel"),
  status,
  hotel_id: z.string(),
  guest: z.string(),
  hotel_name: z.string(),
  city: z.string(),
  check_in: z.string(),
  check_out: z.string(),
  nights: z.number().int().positive(),
  price_per_night: money,
  total: money,
});

const bookingSchema = z.discriminatedUnion("type", [flightBookingSchema, hotelBookingSchema]);

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

export const travelStateSchema = z
  .strictObject({
    flights: z.array(flightSchema).default([]).describe("Flights on sale."),
    hotels: z.array(hotelSchema).default([]).describe("Hotels with rooms on sale."),
    bookings: z.array(bookingSchema).default([]).describe("Bookings made so far, oldest first."),
    nextBookingNumber: z
      .number()
      .int()
      .nonnegative()
      .default(1001)
      .describe(
        "Index of the next booking code: which one it is; the id itself is drawn from the episode's seed, so this only numbers them (older scenario files set it; any positive value works).",
      ),
  })
  .superRefine((state, ctx) => {
    const lists = [
      ["flights", state.flights.map((f) => f.id)],
      ["hotels", state.hotels.map((h) => h.id)],
      ["bookings", state.bookings.map((b) => b.booking_code)],
    ] as const;
    for (const [key, ids] of lists) {
      for (const id of new Set(duplicates(ids))) {
        ctx.addIssue({ code: "custom", path: [key], message: `${id} appears twice; ids must be unique` });
      }
    }
  });

export type TravelState = z.infer<typeof travelStateSchema>;
type Flight = TravelState["flights"][number];
type Hotel = TravelState["hotels"][number];

const flightView = z.strictObject({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  date: z.string(),
  depart: z.string(),
  price: money,
  seats_available: count,
});
const hotelView = z.strictObject({
  id: z.string(),
  city: z.string(),
  name: z.string(),
  price_per_night: money,
  rooms_available: count,
});

function viewFlight(f: Flight) {
  return {
    id: f.id,
    from: f.from,
    to: f.to,
    date: f.date,
    depart: f.depart,
    price: f.price,
    seats_available: f.seats,
  };
}

function viewHotel(h: Hotel) {
  return {
    id: h.id,
    city: h.city,
    name: h.name,
    price_per_night: h.price_per_night,
    rooms_available: h.rooms,
  };
}

const same = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();
const byPriceThenId = (a: { price: number; id: string }, b: { price: number; id: string }): number =>
  a.price - b.price || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
// Cents, so 3 nights at 99.99 is 299.97 and not 299.96999999999997.
const roundMoney = (x: number): number => Math.round(x * 100) / 100;

function requireCalendarDate(date: string, what: string): void {
  if (!isCalendarDate(date)) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `${what} ${date} is not a day of the calendar; give a real date`,
    );
  }
}

function findFlight(state: TravelState, id: string): Flight {
  const flight = state.flights.find((f) => same(f.id, id));
  if (!flight) throw new DomainError("NOT_FOUND", `No flight ${id}; call search_flights to find flight ids`);
  return flight;
}

function findHotel(state: TravelState, id: string): Hotel {
  const hotel = state.hotels.find((h) => same(h.id, id));
  if (!hotel) throw new DomainError("NOT_FOUND", `No hotel ${id}; call search_hotels to find hotel ids`);
  return hotel;
}

function findBooking(state: TravelState, code: string): TravelState["bookings"][number] {
  const booking = state.bookings.find((b) => same(b.booking_code, code));
  if (!booking) {
    throw new DomainError("NOT_FOUND", `No booking ${code}; call list_bookings to see the booking codes`);
  }
  return booking;
}

/** A new booking code: the counter says which booking this is, the episode's ids what it is called. */
function mintCode(state: TravelState, ctx: ToolContext): string {
  const { id, next } = ctx.ids.text("BK", state.nextBookingNumber, (code) =>
    state.bookings.some((b) => b.booking_code === code),
  );
  state.nextBookingNumber = next;
  return id;
}

const nameArg = (who: string) => z.string().regex(/\S/, `give the ${who}'s full name`);
const codeArg = z
  .string()
  .min(1)
  .describe("Booking code, as book_flight or book_hotel returned it (list_bookings lists them).");

function tool<A extends z.ZodObject>(spec: DomainTool<TravelState, A>): DomainTool<TravelState> {
  return defineTool(spec);
}

const searchFlights = tool({
  name: "search_flights",
  description:
    "Searches flights from one airport to another on a date. Returns { flights: [{ id, from, to, date, depart, " +
    "price, seats_available }], count }, cheapest first (ties by id), only flights with seats left. No flight " +
    "is not an error. Errors: INVALID_ARGUMENT if the date is not a real calendar day or from and to are the same.",
  input: z.strictObject({
    from: z.string().min(1).describe("Origin airport IATA code, e.g. SFO (case-insensitive)."),
    to: z.string().min(1).describe("Destination airport IATA code, e.g. JFK (case-insensitive)."),
    date: isoDate.describe("Departure date, YYYY-MM-DD, e.g. 2026-12-03."),
    max_price: money.optional().describe("Only flights whose price is at most this. Default: no limit."),
  }),
  output: z.strictObject({ flights: z.array(flightView), count }),
  readOnly: true,
  latency: { lognormal: { median: 4, p95: 9 } },
  run(state, args) {
    requireCalendarDate(args.date, "date");
    if (same(args.from, args.to)) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `from and to are both ${args.from}; give two different airports`,
      );
    }
    const flights = state.flights
      .filter((f) => same(f.from, args.from) && same(f.to, args.to) && f.date === args.date && f.seats > 0)
      .filter((f) => args.max_price === undefined || f.price <= args.max_price)
      .sort(byPriceThenId)
      .map(viewFlight);
    return { flights, count: flights.length };
  },
});

const getFlight = tool({
  name: "get_flight",
  description:
    "Gets one flight by id, sold out or not. Returns { id, from, to, date, depart, price, seats_available }. " +
    "Errors: NOT_FOUND if no flight has that id.",
  input: z.strictObject({
    flight_id: z.string().min(1).describe("Flight id, as search_flights returns it."),
  }),
  output: flightView,
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    return viewFlight(findFlight(state, args.flight_id));
  },
});

const bookFlight = tool({
  name: "book_flight",
  description:
    'Books one seat on a flight for a passenger. Returns the booking: { booking_code, type: "flight", status: ' +
    '"confirmed", flight_id, passenger, from, to, date, depart, price }. Errors: NOT_FOUND if no flight has that ' +
    "id; INVALID_STATE if the flight is sold out (search again and choose another).",
  input: z.strictObject({
    flight_id: z.string().min(1).describe("Flight id, as search_flights returns it."),
    passenger: nameArg("passenger").describe("Passenger's full name, e.g. Ada Lovelace."),
  }),
  output: flightBookingSchema,
  readOnly: false,
  latency: { uniform: { min: 2, max: 4 } },
  run(state, args, ctx) {
    const flight = findFlight(state, args.flight_id);
    if (flight.seats < 1) {
      throw new DomainError(
        "INVALID_STATE",
        `Flight ${flight.id} is sold out; call search_flights and book another`,
      );
    }
    flight.seats--;
    const booking = {
      booking_code: mintCode(state, ctx),
      type: "flight" as const,
      status: "confirmed" as const,
      flight_id: flight.id,
      passenger: args.passenger.trim(),
      from: flight.from,
      to: flight.to,
      date: flight.date,
      depart: flight.depart,
      price: flight.price,
    };
    state.bookings.push(booking);
    return { ...booking };
  },
});

const searchHotels = tool({
  name: "search_hotels",
  description:
    "Searches hotels in a city. Returns { hotels: [{ id, city, name, price_per_night, rooms_available }], count }, " +
    "cheapest first (ties by id), only hotels with rooms left. No hotel is not an error.",
  input: z.strictObject({
    city: z.string().min(1).describe("City name, e.g. New York (case-insensitive)."),
    max_price_per_night: money
      .optional()
      .describe("Only hotels whose nightly price is at most this. Default: no limit."),
  }),
  output: z.strictObject({ hotels: z.array(hotelView), count }),
  readOnly: true,
  latency: { lognormal: { median: 3, p95: 7 } },
  run(state, args) {
    const max = args.max_price_per_night;
    const hotels = state.hotels
      .filter(
        (h) => same(h.city, args.city) && h.rooms > 0 && (max === undefined || h.price_per_night <= max),
      )
      .map(viewHotel)
      .sort((a, b) => byPriceThenId({ ...a, price: a.price_per_night }, { ...b, price: b.price_per_night }));
    return { hotels, count: hotels.length };
  },
});

const bookHotel = tool({
  name: "book_hotel",
  description:
    "Books one room in a hotel for a guest from a check-in date for some nights. Returns the booking: " +
    '{ booking_code, type: "hotel", status: "confirmed", hotel_id, guest, hotel_name, city, check_in, check_out, ' +
    "nights, price_per_night, total } where total = price_per_night × nights. Errors: NOT_FOUND if no hotel has " +
    `that id; INVALID_STATE if it has no room left; INVALID_ARGUMENT if check_in is not a real calendar day or the stay is longer than ${MAX_NIGHTS} nights.`,
  input: z.strictObject({
    hotel_id: z.string().min(1).describe("Hotel id from search_hotels."),
    guest: nameArg("guest").describe("Guest's full name, e.g. Ada Lovelace."),
    check_in: isoDate.describe("Check-in date, YYYY-MM-DD, e.g. 2026-12-03."),
    // The limit is in the schema, so a client sees it and a longer stay is refused at the call.
    nights: z
      .number()
      .int()
      .min(1)
      .max(MAX_NIGHTS, {
        error: `Stays are limited to ${MAX_NIGHTS} nights; book a longer stay as several shorter stays`,
      })
      .describe(`Number of nights, 1 to ${MAX_NIGHTS}.`),
  }),
  output: hotelBookingSchema,
  readOnly: false,
  latency: { uniform: { min: 2, max: 4 } },
  run(state, args, ctx) {
    const hotel = findHotel(state, args.hotel_id);
    requireCalendarDate(args.check_in, "check_in");
    if (hotel.rooms < 1) {
      throw new DomainError(
        "INVALID_STATE",
        `${hotel.name} (${hotel.id}) has no room left; call search_hotels and book another`,
      );
    }
    hotel.rooms--;
    const booking = {
      booking_code: mintCode(state, ctx),
      type: "hotel" as const,
      status: "confirmed" as const,
      hotel_id: hotel.id,
      guest: args.guest.trim(),
      hotel_name: hotel.name,
      city: hotel.city,
      check_in: args.check_in,
      check_out: addDays(args.check_in, args.nights),
      nights: args.nights,
      price_per_night: hotel.price_per_night,
      total: roundMoney(hotel.price_per_night * args.nights),
    };
    state.bookings.push(booking);
    return { ...booking };
  },
});

const getBooking = tool({
  name: "get_booking",
  description:
    "Gets one booking, flight or hotel, by its code. Returns the booking as book_flight or book_hotel returned " +
    "it, with its current status. Errors: NOT_FOUND if no booking has that code.",
  input: z.strictObject({ booking_code: codeArg }),
  output: bookingSchema,
  readOnly: true,
  latency: 1,
  run(state, args) {
    return { ...findBooking(state, args.booking_code) };
  },
});

const listBookings = tool({
  name: "list_bookings",
  description:
    "Lists bookings, oldest first, optionally only those of one status or one type. Returns { bookings, count }, " +
    "each booking as get_booking returns it. No booking is not an error.",
  input: z.strictObject({
    status: status
      .optional()
      .describe('Only bookings with this status: "confirmed" or "cancelled". Default: all.'),
    type: z
      .enum(["flight", "hotel"])
      .optional()
      .describe('Only bookings of this type: "flight" or "hotel". Default: all.'),
  }),
  output: z.strictObject({ bookings: z.array(bookingSchema), count }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(state, args) {
    const bookings = state.bookings
      .filter(
        (b) =>
          (args.status === undefined || b.status === args.status) &&
          (args.type === undefined || b.type === args.type),
      )
      .map((b) => ({ ...b }));
    return { bookings, count: bookings.length };
  },
});

const cancelBooking = tool({
  name: "cancel_booking",
  description:
    "Cancels a confirmed booking and releases its seat or room. Returns { booking_code, type, status: " +
    '"cancelled", refund }, refund being the full amount paid. Errors: NOT_FOUND if no booking has that code; ' +
    "INVALID_STATE if the booking is already cancelled.",
  input: z.strictObject({ booking_code: codeArg }),
  output: z.strictObject({
    booking_code: z.string(),
    type: z.enum(["flight", "hotel"]),
    status: z.literal("cancelled"),
    refund: money,
  }),
  readOnly: false,
  destructive: true,
  idempotent: true,
  latency: { uniform: { min: 2, max: 3 } },
  run(state, args) {
    const booking = findBooking(state, args.booking_code);
    if (booking.status === "cancelled") {
      throw new DomainError(
        "INVALID_STATE",
        `Booking ${booking.booking_code} is already cancelled; call list_bookings to see the confirmed ones`,
      );
    }
    booking.status = "cancelled";
    // A booking given in the scenario may name a flight or hotel that is not on sale: nothing to release then.
    if (booking.type === "flight") {
      const flight = state.flights.find((f) => f.id === booking.flight_id);
      if (flight) flight.seats++;
    } else {
      const hotel = state.hotels.find((h) => h.id === booking.hotel_id);
      if (hotel) hotel.rooms++;
    }
    const refund = booking.type === "flight" ? booking.price : booking.total;
    return { booking_code: booking.booking_code, type: booking.type, status: "cancelled", refund };
  },
});

export const travel = defineDomain({
  name: "travel",
  category: "TravelPlanning",
  description:
    "Flights and hotels: search, book, look up and cancel. Booking codes are BK followed by a number.",
  state: travelStateSchema,
  tools: [
    searchFlights,
    getFlight,
    bookFlight,
    searchHotels,
    bookHotel,
    getBooking,
    listBookings,
    cancelBooking,
  ],
});
