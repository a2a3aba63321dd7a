import { defineTemplate } from "../../../dataset/template.js";
import { addDays, roundMoney, routeArgs, travelKit } from "../kit.js";

/** Travel call paths of three or more steps, and those that fan out or fan in. */
export const travelLongCallPaths = [
  defineTemplate({
    id: "travel/hotel-at-destination",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const dest = t.city();
      const route = t.route(dest.code);
      const date = t.date();
      const { booking } = t.flightBooking(ctx.pick(t.flights(route, date, t.fares(2))), t.person());
      t.hotels(dest.city, t.rates(ctx.int(3, 4)));
      const nights = ctx.int(2, 5);
      return {
        instruction: `Booking ${booking.booking_code} is a flight. Book the same traveller into the cheapest hotel in the city that flight lands in, checking in on the day of the flight, for ${nights} nights. Answer with the hotel booking code.`,
        steps: [
          { id: "get", tool: "get_booking", args: { booking_code: { $ci: booking.booking_code } } },
          { id: "search", tool: "search_hotels", args: { city: { $ci: dest.city } }, after: ["get"] },
          {
            id: "book",
            tool: "book_hotel",
            args: {
              hotel_id: { $from: "search.hotels.0.id", $ci: true },
              guest: { $from: "get.passenger", $ci: true },
              check_in: { $from: "get.date" },
              nights,
            },
            after: ["get", "search"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
      };
    },
  }),
  defineTemplate({
    id: "travel/flight-and-hotel",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const dest = t.city();
      const route = t.route(dest.code);
      const date = t.date();
      t.flights(route, date, t.fares(ctx.int(2, 4)));
      t.hotels(dest.city, t.rates(ctx.int(2, 4)));
      const traveller = t.person();
      const nights = ctx.int(2, 6);
      return {
        instruction: `${traveller} is going from ${route.fromCity} to ${dest.city} on ${date}. Book the cheapest flight (${route.from} to ${route.to}) and the cheapest hotel in ${dest.city} for ${nights} nights from that day. Answer with both booking codes.`,
        steps: [
          { id: "flights", tool: "search_flights", args: routeArgs(route, date) },
          { id: "hotels", tool: "search_hotels", args: { city: { $ci: dest.city } } },
          {
            id: "fly",
            tool: "book_flight",
            args: { flight_id: { $from: "flights.flights.0.id", $ci: true }, passenger: { $ci: traveller } },
            after: ["flights"],
          },
          {
            id: "stay",
            tool: "book_hotel",
            args: {
              hotel_id: { $from: "hotels.hotels.0.id", $ci: true },
              guest: { $ci: traveller },
              check_in: date,
              nights,
            },
            after: ["hotels"],
          },
        ],
        answer: { contains: [{ $from: "fly.booking_code" }, { $from: "stay.booking_code" }] },
      };
    },
  }),
  defineTemplate({
    id: "travel/round-trip",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const out = t.route();
      const back = { from: out.to, to: out.from, fromCity: out.toCity, toCity: out.fromCity };
      const date = t.date();
      const returnDate = addDays(date, ctx.int(3, 9));
      const outbound = t.flights(out, date, t.fares(ctx.int(2, 4)));
      const inbound = t.flights(back, returnDate, t.fares(ctx.int(2, 4)));
      const traveller = t.person();
      const total = (outbound[0]?.price ?? 0) + (inbound[0]?.price ?? 0);
      return {
        instruction: `Book ${traveller} a round trip: ${out.from} to ${out.to} on ${date}, back on ${returnDate}, cheapest flight each way. What do the two tickets cost together?`,
        steps: [
          { id: "out", tool: "search_flights", args: routeArgs(out, date) },
          { id: "back", tool: "search_flights", args: routeArgs(back, returnDate) },
          {
            id: "book_out",
            tool: "book_flight",
            args: { flight_id: { $from: "out.flights.0.id", $ci: true }, passenger: { $ci: traveller } },
            after: ["out"],
          },
          {
            id: "book_back",
            tool: "book_flight",
            args: { flight_id: { $from: "back.flights.0.id", $ci: true }, passenger: { $ci: traveller } },
            after: ["back"],
          },
        ],
        answer: { number: total },
      };
    },
  }),
  defineTemplate({
    id: "travel/cheaper-origin",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const first = t.route();
      const second = t.route(first.to);
      const date = t.date();
      // Distinct fares split between the airports: the two cheapest never tie.
      const split = ctx.int(2, 3);
      const fares = t.fares(split + ctx.int(2, 3));
      const a = t.flights(first, date, fares.slice(0, split));
      const b = t.flights(second, date, fares.slice(split));
      const winner = (a[0]?.price ?? 0) < (b[0]?.price ?? 0) ? "from_a" : "from_b";
      const traveller = t.person();
      return {
        instruction: `${traveller} can start from either ${first.from} or ${second.from} to get to ${first.to} on ${date}. Book whichever of the two airports has the cheaper flight and tell me the booking code.`,
        steps: [
          { id: "from_a", tool: "search_flights", args: routeArgs(first, date) },
          { id: "from_b", tool: "search_flights", args: routeArgs(second, date) },
          {
            id: "book",
            tool: "book_flight",
            args: {
              flight_id: { $from: `${winner}.flights.0.id`, $ci: true },
              passenger: { $ci: traveller },
            },
            after: ["from_a", "from_b"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
      };
    },
  }),
  defineTemplate({
    id: "travel/fallback-next-day",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const nextDay = addDays(date, 1);
      const budget = ctx.pick([200, 220, 250]);
      t.flights(route, date, [budget + 39, budget + 89, budget + 140].slice(0, ctx.int(2, 3)));
      const [target] = t.flights(route, nextDay, [budget - ctx.pick([21, 41, 61]), budget + 59]);
      if (!target) throw new Error("a flight expected");
      const traveller = t.person();
      return {
        instruction: `Book ${traveller} on a flight from ${route.from} to ${route.to} on ${date} that costs at most $${budget}. If nothing that day fits the budget, take the cheapest such flight on ${nextDay} instead. Answer with the booking code.`,
        steps: [
          { id: "day1", tool: "search_flights", args: routeArgs(route, date) },
          { id: "day2", tool: "search_flights", args: routeArgs(route, nextDay), after: ["day1"] },
          {
            id: "book",
            tool: "book_flight",
            args: { flight_id: { $from: "day2.flights.0.id", $ci: true }, passenger: { $ci: traveller } },
            after: ["day2"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
        state: [{ path: `travel.flights.${t.indexOfFlight(target)}.seats`, equals: target.seats - 1 }],
      };
    },
  }),
  defineTemplate({
    id: "travel/move-flight",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const { booking, index } = t.flightBooking(ctx.pick(t.flights(route, date, t.fares(2))), t.person());
      const newDate = addDays(date, ctx.int(2, 4));
      t.flights(route, newDate, t.fares(ctx.int(2, 4)));
      return {
        instruction: `Move booking ${booking.booking_code} to ${newDate}: book the same passenger on the cheapest flight of that day on the same route, then cancel the old booking once the new one is confirmed. Answer with the new booking code.`,
        steps: [
          { id: "get", tool: "get_booking", args: { booking_code: { $ci: booking.booking_code } } },
          {
            id: "search",
            tool: "search_flights",
            args: {
              from: { $from: "get.from", $ci: true },
              to: { $from: "get.to", $ci: true },
              date: newDate,
            },
            after: ["get"],
          },
          {
            id: "book",
            tool: "book_flight",
            args: {
              flight_id: { $from: "search.flights.0.id", $ci: true },
              passenger: { $from: "get.passenger", $ci: true },
            },
            after: ["get", "search"],
          },
          {
            id: "cancel",
            tool: "cancel_booking",
            args: { booking_code: { $ci: booking.booking_code } },
            after: ["book"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
        state: [{ path: `travel.bookings.${index}.status`, equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "travel/swap-hotel",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const { city } = t.city();
      const hotels = t.hotels(city, t.rates(ctx.int(3, 4)));
      const booked = hotels[hotels.length - 1];
      if (!booked) throw new Error("hotels expected");
      const { booking, index } = t.hotelBooking(booked, t.person(), t.date(), ctx.int(2, 5));
      return {
        instruction: `I'm not happy with the hotel of reservation ${booking.booking_code}. Cancel it and book the same guest into the cheapest hotel in that city for the same dates. Answer with the new booking code.`,
        steps: [
          { id: "get", tool: "get_booking", args: { booking_code: { $ci: booking.booking_code } } },
          {
            id: "cancel",
            tool: "cancel_booking",
            args: { booking_code: { $ci: booking.booking_code } },
            after: ["get"],
          },
          {
            id: "search",
            tool: "search_hotels",
            args: { city: { $from: "get.city", $ci: true } },
            after: ["get"],
          },
          {
            id: "book",
            tool: "book_hotel",
            args: {
              hotel_id: { $from: "search.hotels.0.id", $ci: true },
              guest: { $from: "get.guest", $ci: true },
              check_in: { $from: "get.check_in" },
              nights: { $from: "get.nights" },
            },
            after: ["get", "search"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
        state: [{ path: `travel.bookings.${index}.status`, equals: "cancelled" }],
      };
    },
  }),
  defineTemplate({
    id: "travel/compare-hotel-cities",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const [x, y] = [t.city().city, t.city().city];
      // Distinct rates split between the cities: the two cheapest rooms never tie.
      const split = ctx.int(2, 3);
      const rates = t.rates(split + ctx.int(2, 3));
      const a = t.hotels(x, rates.slice(0, split));
      const b = t.hotels(y, rates.slice(split));
      const cheaper = (a[0]?.price_per_night ?? 0) < (b[0]?.price_per_night ?? 0) ? x : y;
      return {
        instruction: `The workshop can be held in ${x} or in ${y}. In which of the two cities is the cheapest available hotel room cheaper? Answer with the city.`,
        steps: [
          { id: "first", tool: "search_hotels", args: { city: { $ci: x } } },
          { id: "second", tool: "search_hotels", args: { city: { $ci: y } } },
        ],
        answer: { normalized: cheaper },
      };
    },
  }),
  defineTemplate({
    id: "travel/trip-total-cost",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const dest = t.city();
      const route = t.route(dest.code);
      const date = t.date();
      const traveller = t.person();
      const fly = t.flightBooking(ctx.pick(t.flights(route, date, t.fares(2))), traveller).booking;
      const stay = t.hotelBooking(
        ctx.pick(t.hotels(dest.city, t.rates(2))),
        traveller,
        date,
        ctx.int(2, 6),
      ).booking;
      return {
        instruction: `For the expense report: what did ${traveller}'s trip cost in total, flight ${fly.booking_code} plus hotel ${stay.booking_code}?`,
        steps: [
          { id: "flight", tool: "get_booking", args: { booking_code: { $ci: fly.booking_code } } },
          { id: "hotel", tool: "get_booking", args: { booking_code: { $ci: stay.booking_code } } },
        ],
        answer: { number: roundMoney(fly.price + stay.total), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "travel/group-flight",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const prices = t.fares(ctx.int(3, 4));
      const flights = t.flights(route, date, prices);
      const cheapest = flights[0];
      if (cheapest) cheapest.seats = Math.max(cheapest.seats, 3);
      const [a, b] = [t.person(), t.person()];
      return {
        instruction: `${a} and ${b} travel together from ${route.from} to ${route.to} on ${date}. Book both of them on the cheapest flight and give me their booking codes.`,
        steps: [
          { id: "search", tool: "search_flights", args: routeArgs(route, date) },
          {
            id: "book_a",
            tool: "book_flight",
            args: { flight_id: { $from: "search.flights.0.id", $ci: true }, passenger: { $ci: a } },
            after: ["search"],
          },
          {
            id: "book_b",
            tool: "book_flight",
            args: { flight_id: { $from: "search.flights.0.id", $ci: true }, passenger: { $ci: b } },
            after: ["search"],
          },
        ],
        answer: { contains: [{ $from: "book_a.booking_code" }, { $from: "book_b.booking_code" }] },
      };
    },
  }),
  defineTemplate({
    id: "travel/two-rooms",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const { city } = t.city();
      const hotels = t.hotels(city, t.rates(ctx.int(3, 4)));
      const cheapest = hotels[0];
      if (!cheapest) throw new Error("hotels expected");
      cheapest.rooms = Math.max(cheapest.rooms, 3);
      const [a, b] = [t.person(), t.person()];
      const checkIn = t.date();
      const nights = ctx.int(2, 4);
      const room = (guest: string, id: string) => ({
        id,
        tool: "book_hotel",
        args: {
          hotel_id: { $from: "search.hotels.0.id", $ci: true },
          guest: { $ci: guest },
          check_in: checkIn,
          nights,
        },
        after: ["search"],
      });
      return {
        instruction: `Book two rooms in the cheapest hotel in ${city}, one for ${a} and one for ${b}, from ${checkIn} for ${nights} nights. What do the two rooms cost altogether?`,
        steps: [
          { id: "search", tool: "search_hotels", args: { city: { $ci: city } } },
          room(a, "room_a"),
          room(b, "room_b"),
        ],
        answer: { number: roundMoney(2 * cheapest.price_per_night * nights), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "travel/cancel-two-refund",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const dest = t.city();
      const route = t.route(dest.code);
      const date = t.date();
      const traveller = t.person();
      const fly = t.flightBooking(ctx.pick(t.flights(route, date, t.fares(2))), traveller);
      const stay = t.hotelBooking(ctx.pick(t.hotels(dest.city, t.rates(2))), traveller, date, ctx.int(2, 5));
      return {
        instruction: `${traveller}'s trip to ${dest.city} is off. Cancel both bookings, ${fly.booking.booking_code} and ${stay.booking.booking_code}, and tell me the total refund.`,
        steps: [
          { id: "flight", tool: "cancel_booking", args: { booking_code: { $ci: fly.booking.booking_code } } },
          { id: "hotel", tool: "cancel_booking", args: { booking_code: { $ci: stay.booking.booking_code } } },
        ],
        answer: { number: roundMoney(fly.booking.price + stay.booking.total), tolerance: 0.01 },
        state: [
          { path: `travel.bookings.${fly.index}.status`, equals: "cancelled" },
          { path: `travel.bookings.${stay.index}.status`, equals: "cancelled" },
        ],
      };
    },
  }),
  defineTemplate({
    id: "travel/earlier-of-two-flights",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const date = t.date();
      const early = t.flight(route, date, ctx.pick([229, 289, 349]), {
        depart: `0${ctx.int(6, 9)}:${ctx.pick(["05", "40"])}`,
      });
      const late = t.flight(route, date, ctx.pick([149, 189, 209]), {
        depart: `1${ctx.int(3, 9)}:${ctx.pick(["10", "55"])}`,
      });
      const [x, y] = ctx.pick([true, false]) ? [early, late] : [late, early];
      const traveller = t.person();
      return {
        instruction: `${traveller} has to choose between flights ${x.id} and ${y.id} on ${date}. Book whichever of them leaves earlier in the day, and give me the booking code.`,
        steps: [
          { id: "first", tool: "get_flight", args: { flight_id: { $ci: x.id } } },
          { id: "second", tool: "get_flight", args: { flight_id: { $ci: y.id } } },
          {
            id: "book",
            tool: "book_flight",
            args: { flight_id: { $ci: early.id }, passenger: { $ci: traveller } },
            after: ["first", "second"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
      };
    },
  }),
  defineTemplate({
    id: "travel/cheapest-of-three-days",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const route = t.route();
      const first = t.date();
      const days = [first, addDays(first, 1), addDays(first, 2)];
      const fares = t.fares(7);
      const byDay = days.map((day, i) =>
        t.flights(route, day, i === 0 ? fares.slice(0, 3) : fares.slice(1 + 2 * i, 3 + 2 * i)),
      );
      const lows = byDay.map((f) => f[0]?.price ?? 0);
      const best = lows.indexOf(Math.min(...lows));
      const traveller = t.person();
      const ids = ["day1", "day2", "day3"];
      return {
        instruction: `${traveller} can fly from ${route.from} to ${route.to} on ${days[0]}, ${days[1]} or ${days[2]}. Book the cheapest flight across those three days and give me the booking code.`,
        steps: [
          ...days.map((day, i) => ({
            id: ids[i] ?? "day",
            tool: "search_flights",
            args: routeArgs(route, day),
          })),
          {
            id: "book",
            tool: "book_flight",
            args: {
              flight_id: { $from: `${ids[best]}.flights.0.id`, $ci: true },
              passenger: { $ci: traveller },
            },
            after: ids,
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
      };
    },
  }),
  defineTemplate({
    id: "travel/rebook-cancelled-hotel",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const dest = t.city();
      const hotels = t.hotels(dest.city, t.rates(3));
      const hotel = ctx.pick(hotels);
      const guest = t.person();
      const checkIn = t.date();
      const nights = ctx.int(2, 5);
      t.hotelBooking(hotel, guest, checkIn, nights, "cancelled");
      const route = t.route(dest.code);
      t.flightBooking(ctx.pick(t.flights(route, checkIn, t.fares(2))), guest, "cancelled");
      const elsewhere = t.city();
      t.hotelBooking(t.hotel(elsewhere.city, ctx.pick([119, 139])), guest, addDays(checkIn, nights), 2);
      return {
        instruction: `I cancelled ${guest}'s hotel booking in ${dest.city} by mistake. Book the same hotel again for the same dates and give me the new booking code.`,
        steps: [
          { id: "list", tool: "list_bookings", args: {} },
          {
            id: "book",
            tool: "book_hotel",
            args: { hotel_id: { $ci: hotel.id }, guest: { $ci: guest }, check_in: checkIn, nights },
            after: ["list"],
          },
        ],
        answer: { exact: { $from: "book.booking_code" } },
      };
    },
  }),
  defineTemplate({
    id: "travel/same-hotel-companion",
    domains: ["travel"],
    instantiate(ctx) {
      const t = travelKit(ctx);
      const { city } = t.city();
      const hotels = t.hotels(city, t.rates(3));
      const hotel = ctx.pick(hotels);
      hotel.rooms = Math.max(hotel.rooms, 2);
      const [guest, companion] = [t.person(), t.person()];
      const { booking } = t.hotelBooking(hotel, guest, t.date(), ctx.int(2, 6));
      return {
        instruction: `${companion} is coming along on ${guest}'s stay (reservation ${booking.booking_code}). Book ${companion} a room in the same hotel for exactly the same dates. What will that room cost in total?`,
        steps: [
          { id: "get", tool: "get_booking", args: { booking_code: { $ci: booking.booking_code } } },
          {
            id: "book",
            tool: "book_hotel",
            args: {
              hotel_id: { $from: "get.hotel_id", $ci: true },
              guest: { $ci: companion },
              check_in: { $from: "get.check_in" },
              nights: { $from: "get.nights" },
            },
            after: ["get"],
          },
        ],
        answer: { number: booking.total, tolerance: 0.01 },
      };
    },
  }),
];
