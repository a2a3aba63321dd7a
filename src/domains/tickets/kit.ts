import { CITIES, DATES, PEOPLE } from "../../dataset/pools.js";
import type { TemplateContext } from "../../dataset/template.js";
import { roundMoney } from "../shared/state-kit.js";

/**
 * What the tickets templates share: invented acts, venues and tiers, and helpers that add a
 * task's own events and orders to the episode's ticket shop. Every task takes its own city and
 * acts from a pool, so searches by city or by name only ever see that task's events.
 */

export interface Tier {
  tier: string;
  price: number;
  available: number;
}
export interface TicketEvent {
  event_id: string;
  name: string;
  category: string;
  venue: string;
  city: string;
  date: string;
  time: string;
  status: "on_sale" | "cancelled";
  refundable: boolean;
  max_per_order: number;
  tiers: Tier[];
}
export interface TicketOrder {
  order_id: string;
  status: "confirmed" | "cancelled";
  event_id: string;
  event_name: string;
  date: string;
  venue: string;
  tier: string;
  quantity: number;
  unit_price: number;
  total: number;
  holder: string;
}
interface TicketsState {
  events: TicketEvent[];
  balance: number;
  orders: TicketOrder[];
  nextOrderNumber: number;
}

/** An act: the words a person searches for, the event's name, its category, and what one show is called. */
export interface Act {
  readonly query: string;
  readonly title: string;
  readonly category: "concert" | "theatre" | "comedy" | "sports";
  readonly noun: string;
}

const concert = (query: string): Act => ({
  query,
  title: `${query} Live`,
  category: "concert",
  noun: "concert",
});
const play = (query: string): Act => ({ query, title: query, category: "theatre", noun: "performance" });
const comedy = (query: string): Act => ({
  query,
  title: `${query} Comedy Night`,
  category: "comedy",
  noun: "show",
});
const game = (home: string, away: string): Act => ({
  query: home,
  title: `${home} vs ${away}`,
  category: "sports",
  noun: "game",
});

/** Acts a task searches for by name: no act's words appear in another act's title or in a venue. */
export const ACTS: readonly Act[] = [
  concert("Velvet Compass"),
  concert("Northern Lanterns"),
  concert("Copper Tide"),
  concert("Glass Owls"),
  concert("Marigold Static"),
  concert("Paper Satellites"),
  concert("Juniper Drive"),
  concert("Slow Meridian"),
  concert("Neon Orchard"),
  concert("Hollow Pines"),
  play("The Lighthouse Keeper"),
  play("Winter Almanac"),
  play("A Map of Salt"),
  play("The Clockmaker's Daughter"),
  play("Borrowed Stars"),
  play("Seven Quiet Rooms"),
  comedy("Deadpan Diaries"),
  comedy("Punchline Parade"),
  comedy("Awkward Silence Club"),
  comedy("Late Bloomers"),
  game("Granite Falcons", "Coastal Otters"),
  game("Ironwood Stags", "Prairie Wolves"),
  game("Lakeshore Comets", "Desert Vipers"),
  game("Redcliff Mariners", "Timber Ravens"),
];

/** Acts no task searches for by name: fillers for events found by id, city or date. */
export const FILLER_ACTS: readonly Act[] = [
  concert("Amber Skyline"),
  concert("Lucid Ferry"),
  concert("Saltwater Choir"),
  concert("Echo Valley Band"),
  play("The Paper Crown"),
  play("Midsummer on Elm Street"),
  play("Tidewater"),
  comedy("Open Mic Marathon"),
  comedy("Sunday Giggles"),
  game("Bridgeport Badgers", "Hilltop Herons"),
  game("Silverlake Storm", "Northgate Knights"),
];

/** "the Copper Tide Live concert", "The Lighthouse Keeper performance": one show of the act, in a sentence. */
export const theShow = (act: Act): string =>
  `${act.title.startsWith("The ") ? "" : "the "}${act.title} ${act.noun}`;

/** A search for the act: by its name, or by the event's full title. */
export const actQuery = (act: Act) => ({ $oneOf: [{ $ci: act.query }, { $ci: act.title }] });

export const VENUES = [
  "Riverside Hall",
  "Grand Arena",
  "Civic Theatre",
  "Bayfront Pavilion",
  "Union Ballroom",
  "Old Mill Stage",
  "Eastgate Auditorium",
] as const;

/** Tier names by category, dearest first, with a price range for each. */
const TIERS: Record<Act["category"], readonly (readonly [string, number, number])[]> = {
  concert: [
    ["Floor", 95, 160],
    ["Lower Bowl", 60, 90],
    ["Upper Bowl", 28, 55],
  ],
  theatre: [
    ["Orchestra", 90, 140],
    ["Mezzanine", 55, 85],
    ["Balcony", 25, 50],
  ],
  comedy: [
    ["Front Row", 55, 80],
    ["General Admission", 22, 45],
  ],
  sports: [
    ["Courtside", 180, 320],
    ["Lower Level", 70, 120],
    ["Upper Level", 25, 60],
  ],
};

export const tierNames = (act: Act): string[] => TIERS[act.category].map(([name]) => name);

const EVENT_NUMBERS = Array.from({ length: 900 }, (_, i) => 100 + i);
const ORDER_NUMBERS = Array.from({ length: 7000 }, (_, i) => 2000 + i);
const TIMES = ["18:30", "19:00", "19:30", "20:00", "20:30"];

export function ticketsState(ctx: TemplateContext): TicketsState {
  return ctx.state<TicketsState & Record<string, never>>("tickets");
}

/** The task's own city: no other task of the episode puts events there. */
export const ownCity = (ctx: TemplateContext): string => ctx.unique("tickets.city", CITIES);
/** An act this task alone has: the task may search for it by name. */
export const ownAct = (ctx: TemplateContext): Act => ctx.unique("tickets.act", ACTS);
/** An act no task searches for by name, of the category if given. */
export const fillerAct = (ctx: TemplateContext, category?: Act["category"]): Act =>
  ctx.pick(FILLER_ACTS.filter((a) => category === undefined || a.category === category));
export const person = (ctx: TemplateContext): string => ctx.unique("people", PEOPLE);

/** k distinct dates, in order. */
export function dates(ctx: TemplateContext, k: number): string[] {
  return ctx.sample(DATES, k).sort();
}

export interface EventOptions {
  readonly city: string;
  readonly act: Act;
  readonly date: string;
  readonly status?: "on_sale" | "cancelled";
  readonly refundable?: boolean;
  readonly maxPerOrder?: number;
  /** Seats left per tier, dearest first (default 20–60 each). */
  readonly available?: readonly number[];
}

/** Adds an event of the act, with prices drawn per tier; returns it and its index in the state. */
export function addEvent(ctx: TemplateContext, options: EventOptions): { event: TicketEvent; index: number } {
  const state = ticketsState(ctx);
  const tiers = TIERS[options.act.category].map(([tier, min, max], i) => ({
    tier,
    price: ctx.int(min, max) + ctx.pick([0, 0, 0.5]),
    available: options.available?.[i] ?? ctx.int(20, 60),
  }));
  const event: TicketEvent = {
    event_id: `EV${ctx.unique("tickets.event", EVENT_NUMBERS)}`,
    name: options.act.title,
    category: options.act.category,
    venue: ctx.pick(VENUES),
    city: options.city,
    date: options.date,
    time: ctx.pick(TIMES),
    status: options.status ?? "on_sale",
    refundable: options.refundable ?? true,
    max_per_order: options.maxPerOrder ?? 8,
    tiers,
  };
  state.events.push(event);
  return { event, index: state.events.length - 1 };
}

/** Adds an order made before the episode (already paid for); returns it and its index in the state. */
export function addOrder(
  ctx: TemplateContext,
  event: TicketEvent,
  tierIndex: number,
  quantity: number,
  holder: string,
  status: "confirmed" | "cancelled" = "confirmed",
): { order: TicketOrder; index: number } {
  const state = ticketsState(ctx);
  const tier = tierAt(event, tierIndex);
  const order: TicketOrder = {
    order_id: `TO${ctx.unique("tickets.order", ORDER_NUMBERS)}`,
    status,
    event_id: event.event_id,
    event_name: event.name,
    date: event.date,
    venue: event.venue,
    tier: tier.tier,
    quantity,
    unit_price: tier.price,
    total: roundMoney(tier.price * quantity),
    holder,
  };
  state.orders.push(order);
  return { order, index: state.orders.length - 1 };
}

export function tierAt(event: TicketEvent, index: number): Tier {
  const tier = event.tiers[index];
  if (!tier) throw new RangeError(`${event.event_id} has no tier ${index}`);
  return tier;
}

/** Adds money to the shared wallet: other tasks' money stays theirs. */
export function fund(ctx: TemplateContext, amount: number): void {
  const state = ticketsState(ctx);
  state.balance = roundMoney(state.balance + amount);
}

/**
 * A top-up of at least `atLeast`, in tens, that no other task of the episode makes: two equal
 * top-ups would be the same call, and a call is credited to one task only.
 */
export function topUpAmount(ctx: TemplateContext, atLeast: number): number {
  const base = Math.ceil(atLeast / 10) * 10;
  return ctx.unique(
    "tickets.top-up",
    Array.from({ length: 12 }, (_, i) => base + 10 * i),
  );
}

export const cost = (tier: Tier, quantity: number): number => roundMoney(tier.price * quantity);

/** The state path of a tier's seats left, for a state check. */
export const seatsPath = (eventIndex: number, tierIndex: number): (string | number)[] => [
  "tickets",
  "events",
  eventIndex,
  "tiers",
  tierIndex,
  "available",
];
export const orderStatusPath = (orderIndex: number): (string | number)[] => [
  "tickets",
  "orders",
  orderIndex,
  "status",
];

/** An event of another act in the same city: something a careless search would pick up. */
export function distractor(ctx: TemplateContext, city: string, date: string): TicketEvent {
  return addEvent(ctx, { city, act: fillerAct(ctx), date }).event;
}

export const money = (x: number): string => (Number.isInteger(x) ? `${x}` : x.toFixed(2));
