import { AIRPORTS, DATES, PEOPLE } from "../../dataset/pools.js";
import type { TemplateContext } from "../../dataset/template.js";
import { addDays } from "./dates.js";
import type { TravelState } from "./tools.js";

/** What the travel templates share: a task's own routes, cities, flights, hotels and bookings. */

export type Flight = TravelState["flights"][number];
export type Hotel = TravelState["hotels"][number];
export type FlightBooking = Extract<TravelState["bookings"][number], { type: "flight" }>;
export type HotelBooking = Extract<TravelState["bookings"][number], { type: "hotel" }>;

export interface Route {
  readonly from: string;
  readonly to: string;
  readonly fromCity: string;
  readonly toCity: string;
}

const AIRLINES = ["UA", "DL", "AA", "B6", "AS", "LH", "AF", "BA", "KL", "IB"];
const HOTEL_NAMES = [
  "Harbor View Inn",
  "Grand Meridian",
  "Linden House",
  "The Cobalt",
  "Station Lodge",
  "Parkside Suites",
  "Old Mill Hotel",
  "Riverside Rooms",
  "Juniper Court",
  "Atlas Tower Hotel",
  "Maple Gate Inn",
  "Lantern Hotel",
];
const FARES = [99, 119, 129, 149, 169, 189, 199, 219, 229, 249, 269, 289, 319, 349, 389, 420, 475];
const RATES = [79, 89, 95, 109, 119, 129, 139, 149, 165, 179, 195, 210, 240, 275];
const CITY_OF = new Map<string, string>(AIRPORTS.map(([code, city]) => [code, city]));
/** Airport pairs, unordered: a task that takes one owns both directions. */
const PAIRS = AIRPORTS.flatMap(([a], i) => AIRPORTS.slice(i + 1).map(([b]) => [a, b] as const));

export { addDays };

export const roundMoney = (x: number): number => Math.round(x * 100) / 100;
export const money = (x: number): string => `$${x}`;

/** Tools for one task: every id it makes carries the task's tag, and every route and city is its own. */
export function travelKit(ctx: TemplateContext) {
  const state = ctx.state("travel") as unknown as TravelState;
  const tag = ctx.tag.toUpperCase();
  let serial = ctx.int(100, 300);
  const next = (): number => {
    serial += ctx.int(1, 9);
    return serial;
  };
  const usedHotelNames = new Set<string>();

  const orient = (a: string, b: string): Route => {
    const [from, to] = ctx.int(0, 1) === 0 ? [a, b] : [b, a];
    return { from, to, fromCity: CITY_OF.get(from) ?? from, toCity: CITY_OF.get(to) ?? to };
  };

  const kit = {
    state,
    person: (): string => ctx.unique("people", PEOPLE),
    /** A date of this task alone (December 2026 or January 2027). */
    date: (): string => ctx.unique("travel.date", DATES.slice(0, -5)),
    /** A route of this task alone (neither direction is another task's); `to` fixes the destination. */
    route(to?: string): Route {
      const pairs = to === undefined ? PAIRS : PAIRS.filter(([a, b]) => a === to || b === to);
      const [a, b] = ctx.unique("travel.airport-pair", pairs);
      if (to === undefined) return orient(a, b);
      const from = a === to ? b : a;
      return { from, to, fromCity: CITY_OF.get(from) ?? from, toCity: CITY_OF.get(to) ?? to };
    },
    /** A city whose hotels are this task's alone, with its airport. */
    city(): { code: string; city: string } {
      const [code, city] = ctx.unique("travel.city", AIRPORTS);
      return { code, city };
    },
    fares: (k: number): number[] => ctx.sample(FARES, k),
    rates: (k: number): number[] => ctx.sample(RATES, k),
    flight(
      route: Route,
      date: string,
      price: number,
      opts: { seats?: number; depart?: string } = {},
    ): Flight {
      const flight: Flight = {
        id: `${ctx.pick(AIRLINES)}${tag}${next()}`,
        from: route.from,
        to: route.to,
        date,
        depart:
          opts.depart ?? `${String(ctx.int(6, 21)).padStart(2, "0")}:${ctx.pick(["00", "15", "30", "45"])}`,
        price,
        seats: opts.seats ?? ctx.int(2, 9),
      };
      state.flights.push(flight);
      return flight;
    },
    /** Flights on a route and date at the given fares, departing in order; returned cheapest first. */
    flights(route: Route, date: string, prices: readonly number[]): Flight[] {
      const hours = ctx
        .sample([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21], prices.length)
        .sort((x, y) => x - y);
      const made = prices.map((price, i) =>
        kit.flight(route, date, price, {
          depart: `${String(hours[i] ?? 9).padStart(2, "0")}:${ctx.pick(["00", "15", "30", "45"])}`,
        }),
      );
      return cheapestFirst(made);
    },
    hotel(city: string, price: number, rooms = ctx.int(1, 6)): Hotel {
      const name = ctx.pick(HOTEL_NAMES.filter((n) => !usedHotelNames.has(n)));
      usedHotelNames.add(name);
      const hotel: Hotel = {
        id: `H-${city.slice(0, 3).toUpperCase()}-${tag}${next()}`,
        city,
        name,
        price_per_night: price,
        rooms,
      };
      state.hotels.push(hotel);
      return hotel;
    },
    /** Hotels in a city at the given nightly rates; returned cheapest first. */
    hotels(city: string, prices: readonly number[]): Hotel[] {
      const made = prices.map((p) => kit.hotel(city, p, ctx.int(2, 6)));
      return [...made].sort((x, y) => x.price_per_night - y.price_per_night || (x.id < y.id ? -1 : 1));
    },
    /** A booking made before the episode; its code is this task's alone. */
    flightBooking(flight: Flight, passenger: string, status: "confirmed" | "cancelled" = "confirmed") {
      const booking: FlightBooking = {
        booking_code: code(),
        type: "flight",
        status,
        flight_id: flight.id,
        passenger,
        from: flight.from,
        to: flight.to,
        date: flight.date,
        depart: flight.depart,
        price: flight.price,
      };
      return { booking, index: state.bookings.push(booking) - 1 };
    },
    hotelBooking(
      hotel: Hotel,
      guest: string,
      checkIn: string,
      nights: number,
      status: "confirmed" | "cancelled" = "confirmed",
    ) {
      const booking: HotelBooking = {
        booking_code: code(),
        type: "hotel",
        status,
        hotel_id: hotel.id,
        guest,
        hotel_name: hotel.name,
        city: hotel.city,
        check_in: checkIn,
        check_out: addDays(checkIn, nights),
        nights,
        price_per_night: hotel.price_per_night,
        total: roundMoney(hotel.price_per_night * nights),
      };
      return { booking, index: state.bookings.push(booking) - 1 };
    },
    indexOfFlight: (flight: Flight): number => state.flights.indexOf(flight),
    indexOfHotel: (hotel: Hotel): number => state.hotels.indexOf(hotel),
  };

  function code(): string {
    return `BK${ctx.unique("travel.booking-code", CODES)}`;
  }
  return kit;
}

const CODES = Array.from({ length: 900 }, (_, i) => 5100 + i * 7);

export function cheapestFirst(flights: readonly Flight[]): Flight[] {
  return [...flights].sort((x, y) => x.price - y.price || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Matchers of a search's route: airport codes as typed, in any case. */
export function routeArgs(route: Route, date: string) {
  return { from: { $ci: route.from }, to: { $ci: route.to }, date };
}
