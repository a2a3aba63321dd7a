import { defineTemplate } from "../../../dataset/template.js";
import { addDays, money, roundMoney, routeArgs, travelKit } from "../kit.js";

/** Travel call paths of one or two steps: look-ups, single bookings and cancellations, simple chains. */
export const travelShortCallPaths = [
  defineTemplate({
    id: "travel/book-cheapest-flight",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      t.flights(route, date, t.fares(ctx.int(3, 5)));
      t.flights(route, addDays(date, 1), t.fares(2));
      const passenger = t.person();
      return {
        instruction: `Find the cheapest flight from ${route.from} to ${route.to} on ${date} and book it for ${passenger}. Answer with the booking code.`,
        steps: [
          { id: "search", tool: "search_flights", args: routeArgs(route, date) },
          {
            id: "book",
            tool: "book_flight",
            args: { flight_id: { $from: "search.flights.0.id", $ci: true }, passenger: { $ci: passenger } },
            after: ["search"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
      };
    },
  }),
  defineTemplate({
    id: "travel/cheapest-fare",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const flights = t.flights(route, date, t.fares(ctx.int(3, 5)));
      // The cheapest seat of the day is sold out: a search does not show it.
      t.flight(route, date, 79, { seats: 0 });
      return {
        instruction: `What is the lowest fare I can still book from ${route.fromCity} (${route.from}) to ${route.toCity} (${route.to}) on ${date}? Answer with the price.`,
        steps: [{ id: "search", tool: "search_flights", args: routeArgs(route, date) }],
        answer: { number: flights[0]?.price ?? 0 },
      };
    },
  }),
  defineTemplate({
    id: "travel/compare-two-dates",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const first = t.date();
      const second = t.date();
      // Five distinct fares split between the days: the two cheapest never tie.
      const fares = t.fares(5);
      const [a, b] = [t.flights(route, first, fares.slice(0, 3)), t.flights(route, second, fares.slice(3))];
      const cheaper = (a[0]?.price ?? 0) < (b[0]?.price ?? 0) ? first : second;
      return {
        instruction: `Is it cheaper to fly from ${route.from} to ${route.to} on ${first} or on ${second}? Answer with the cheaper date (YYYY-MM-DD).`,
        steps: [
          { id: "first", tool: "search_flights", args: routeArgs(route, first) },
          { id: "second", tool: "search_flights", args: routeArgs(route, second) },
        ],
        answer: { exact: cheaper },
      };
    },
  }),
  defineTemplate({
    id: "travel/flight-departure-time",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const flights = t.flights(route, date, t.fares(3));
      const mine = ctx.pick(flights);
      return {
        instruction: `My ticket is for flight ${mine.id} out of ${route.fromCity}. What time does it depart? Answer with the time (HH:MM).`,
        steps: [{ id: "get", tool: "get_flight", args: { flight_id: { $ci: mine.id } } }],
        answer: { contains: mine.depart },
      };
    },
  }),
  defineTemplate({
    id: "travel/hotels-under-budget",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const { city } = t.city();
      const rates = t.rates(ctx.int(4, 6)).sort((x, y) => x - y);
      const budget = (rates[ctx.int(1, rates.length - 2)] ?? 150) + 5;
      for (const rate of rates) t.hotel(city, rate, ctx.int(1, 5));
      // A cheap hotel with no room left: a search leaves it out.
      t.hotel(city, 69, 0);
      const within = rates.filter((r) => r <= budget).length;
      return {
        instruction: `How many hotels in ${city} still have a room for at most ${money(budget)} a night? Answer with the number.`,
        steps: [
          {
            id: "search",
            tool: "search_hotels",
            args: { city: { $ci: city }, max_price_per_night: { $any: true, $example: budget } },
          },
        ],
        answer: { number: within },
      };
    },
  }),
  defineTemplate({
    id: "travel/hotel-of-booking",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const { city } = t.city();
      const guest = t.person();
      const [hotel, other] = t.hotels(city, t.rates(2));
      if (!hotel || !other) throw new Error("two hotels expected");
      const checkIn = t.date();
      const nights = ctx.int(2, 6);
      const { booking } = t.hotelBooking(hotel, guest, checkIn, nights);
      t.hotelBooking(other, guest, addDays(checkIn, nights + 2), 2);
      return {
        instruction: `Which hotel is my reservation ${booking.booking_code} at, and on what date do I check out? Answer with the hotel's name and the check-out date (YYYY-MM-DD).`,
        steps: [{ id: "get", tool: "get_booking", args: { booking_code: { $ci: booking.booking_code } } }],
        answer: { contains: [hotel.name, booking.check_out] },
      };
    },
  }),
  defineTemplate({
    id: "travel/find-booking-code",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const { city } = t.city();
      const [guest, colleague] = [t.person(), t.person()];
      const hotels = t.hotels(city, t.rates(2));
      const date = t.date();
      const route = t.route(t.city().code);
      const flight = t.flight(route, date, ctx.pick([189, 249, 319]));
      t.flightBooking(flight, guest);
      const { booking } = t.hotelBooking(ctx.pick(hotels), guest, date, ctx.int(2, 5));
      t.hotelBooking(ctx.pick(hotels), colleague, date, ctx.int(2, 5));
      return {
        instruction: `I've lost the booking code of ${guest}'s hotel stay in ${city} (the one checking in on ${date}). Can you find it? Answer with the code.`,
        steps: [{ id: "list", tool: "list_bookings", args: {} }],
        answer: { exact: booking.booking_code },
      };
    },
  }),
  defineTemplate({
    id: "travel/book-flight-by-number",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const flights = t.flights(route, date, t.fares(3));
      const mine = ctx.pick(flights);
      const passenger = t.person();
      return {
        instruction: `Please book ${passenger} a seat on flight ${mine.id} (${route.from} to ${route.to}, ${date}) and tell me the booking code.`,
        steps: [
          {
            id: "book",
            tool: "book_flight",
            args: { flight_id: { $ci: mine.id }, passenger: { $ci: passenger } },
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
        state: [{ path: `travel.flights.${t.indexOfFlight(mine)}.seats`, equals: mine.seats - 1 }],
      };
    },
  }),
  defineTemplate({
    id: "travel/cancel-booking-refund",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const [flight] = t.flights(route, date, t.fares(2));
      if (!flight) throw new Error("a flight expected");
      const passenger = t.person();
      const { booking, index } = t.flightBooking(flight, passenger);
      t.flightBooking(t.flight(route, addDays(date, 3), 209), passenger);
      return {
        instruction: `Cancel booking ${booking.booking_code} (${passenger}'s flight to ${route.toCity}) and tell me how much will be refunded.`,
        steps: [
          { id: "cancel", tool: "cancel_booking", args: { booking_code: { $ci: booking.booking_code } } },
        ],
        answer: { number: booking.price },
        state: [{ path: `travel.bookings.${index}.status`, equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "travel/book-hotel-by-id",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const { city } = t.city();
      const hotels = t.hotels(city, t.rates(3));
      const hotel = ctx.pick(hotels);
      const guest = t.person();
      const checkIn = t.date();
      const nights = ctx.int(2, 5);
      return {
        instruction: `Reserve a room at ${hotel.name} in ${city} (hotel id ${hotel.id}) for ${guest}, checking in on ${checkIn} for ${nights} nights. What will the stay cost in total?`,
        steps: [
          {
            id: "book",
            tool: "book_hotel",
            args: { hotel_id: { $ci: hotel.id }, guest: { $ci: guest }, check_in: checkIn, nights },
          },
        ],
        answer: { number: roundMoney(hotel.price_per_night * nights), tolerance: 0.01 },
        state: [{ path: `travel.hotels.${t.indexOfHotel(hotel)}.rooms`, equals: hotel.rooms - 1 }],
      };
    },
  }),
  defineTemplate({
    id: "travel/book-cheapest-hotel",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const { city } = t.city();
      t.hotels(city, t.rates(ctx.int(3, 5)));
      const guest = t.person();
      const checkIn = t.date();
      const nights = ctx.int(2, 6);
      return {
        instruction: `Book the cheapest hotel room available in ${city} for ${guest}: ${nights} nights from ${checkIn}. How much is the stay in total?`,
        steps: [
          { id: "search", tool: "search_hotels", args: { city: { $ci: city } } },
          {
            id: "book",
            tool: "book_hotel",
            args: {
              hotel_id: { $from: "search.hotels.0.id", $ci: true },
              guest: { $ci: guest },
              check_in: checkIn,
              nights,
            },
            after: ["search"],
          },
        ],
        answer: { number: { $from: "book.total" }, tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "travel/cancel-by-passenger",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const [passenger, other] = [t.person(), t.person()];
      const flights = t.flights(route, date, t.fares(2));
      const [mine, theirs] = flights;
      if (!mine || !theirs) throw new Error("two flights expected");
      const { booking, index } = t.flightBooking(mine, passenger);
      t.flightBooking(theirs, other);
      t.flightBooking(t.flight(route, addDays(date, 4), 239), passenger);
      return {
        instruction: `${passenger} is no longer flying to ${route.toCity} on ${date}. Cancel that flight booking (I don't have the code) and tell me the refund.`,
        steps: [
          { id: "list", tool: "list_bookings", args: {} },
          {
            id: "cancel",
            tool: "cancel_booking",
            args: { booking_code: { $ci: booking.booking_code } },
            after: ["list"],
          },
        ],
        answer: { number: booking.price },
        state: [{ path: `travel.bookings.${index}.status`, equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "travel/same-flight-for-colleague",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const flights = t.flights(route, t.date(), t.fares(3));
      const [traveller, colleague] = [t.person(), t.person()];
      const { booking } = t.flightBooking(ctx.pick(flights), traveller);
      return {
        instruction: `${colleague} is joining ${traveller} on the trip of booking ${booking.booking_code}. Book ${colleague} a seat on the same flight and give me the new booking code.`,
        steps: [
          { id: "get", tool: "get_booking", args: { booking_code: { $ci: booking.booking_code } } },
          {
            id: "book",
            tool: "book_flight",
            args: { flight_id: { $from: "get.flight_id", $ci: true }, passenger: { $ci: colleague } },
            after: ["get"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
      };
    },
  }),
  defineTemplate({
    id: "travel/next-day-fare",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const { booking } = t.flightBooking(ctx.pick(t.flights(route, date, t.fares(2))), t.person());
      const nextDay = addDays(date, 1);
      const later = t.flights(route, nextDay, t.fares(ctx.int(2, 4)));
      t.flights({ ...route, from: route.to, to: route.from }, nextDay, [59]);
      return {
        instruction: `If I moved booking ${booking.booking_code} to the following day, what is the cheapest fare on the same route? Answer with the price.`,
        steps: [
          { id: "get", tool: "get_booking", args: { booking_code: { $ci: booking.booking_code } } },
          {
            id: "search",
            tool: "search_flights",
            args: {
              from: { $from: "get.from", $ci: true },
              to: { $from: "get.to", $ci: true },
              date: nextDay,
            },
            after: ["get"],
          },
        ],
        answer: { number: later[0]?.price ?? 0 },
      };
    },
  }),
  defineTemplate({
    id: "travel/booked-flight-seats",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const flights = t.flights(route, t.date(), t.fares(3));
      const mine = ctx.pick(flights);
      const { booking } = t.flightBooking(mine, t.person());
      return {
        instruction: `How many seats are still free on the flight of my booking ${booking.booking_code}? A friend wants to come along.`,
        steps: [
          { id: "get", tool: "get_booking", args: { booking_code: { $ci: booking.booking_code } } },
          {
            id: "flight",
            tool: "get_flight",
            args: { flight_id: { $from: "get.flight_id", $ci: true } },
            after: ["get"],
          },
        ],
        answer: { number: mine.seats },
      };
    },
  }),
  defineTemplate({
    id: "travel/cheaper-hotel-same-city",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const { city } = t.city();
      const hotels = t.hotels(city, t.rates(ctx.int(3, 5)));
      const booked = hotels[hotels.length - 1];
      const cheapest = hotels[0];
      if (!booked || !cheapest) throw new Error("hotels expected");
      const { booking } = t.hotelBooking(booked, t.person(), t.date(), ctx.int(2, 4));
      return {
        instruction: `My reservation ${booking.booking_code} feels expensive. Which hotel in the same city has the cheapest room right now? Answer with its name.`,
        steps: [
          { id: "get", tool: "get_booking", args: { booking_code: { $ci: booking.booking_code } } },
          {
            id: "search",
            tool: "search_hotels",
            args: { city: { $from: "get.city", $ci: true } },
            after: ["get"],
          },
        ],
        answer: { normalized: cheapest.name },
      };
    },
  }),
];
