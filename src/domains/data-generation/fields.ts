import { z } from "zod";
import { roundTo } from "../numbers/rounding.js";
import { isCalendarDate } from "../travel/dates.js";
import type { Random } from "./random.js";
import { CITIES, COMPANIES, COUNTRIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, WORDS } from "./words.js";

/** The field specifications generate_dataset accepts, and how each draws a value. */

export type Cell = string | number | boolean | null;

const fieldName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
    "a field name starts with a letter or _, then letters, digits or _, e.g. age",
  )
  .describe("Column name, e.g. age.");
const bound = z.number().finite().min(-1e12).max(1e12);
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "write the date as YYYY-MM-DD, e.g. 2026-12-03")
  .refine(isCalendarDate, "not a day of the calendar; write YYYY-MM-DD, e.g. 2026-12-03");

const plain = <T extends string>(type: T, what: string) =>
  z.strictObject({ name: fieldName, type: z.literal(type).describe(what) });

const ordered = { message: "max must be at least min", path: ["max"] };

export const fieldSchema = z.discriminatedUnion("type", [
  z
    .strictObject({
      name: fieldName,
      type: z.literal("integer").describe("A whole number, uniform from min to max."),
      min: bound.int().default(0).describe("Smallest value. Default 0."),
      max: bound.int().default(100).describe("Largest value. Default 100."),
    })
    .refine((f) => f.max >= f.min, ordered),
  z
    .strictObject({
      name: fieldName,
      type: z.literal("number").describe("A decimal number, uniform from min to max, rounded."),
      min: bound.default(0).describe("Smallest value. Default 0."),
      max: bound.default(1).describe("Largest value. Default 1."),
      decimals: z.number().int().min(0).max(6).default(2).describe("Decimal places, 0 to 6. Default 2."),
    })
    .refine((f) => f.max >= f.min, ordered),
  z.strictObject({
    name: fieldName,
    type: z.literal("boolean").describe("true or false."),
    probability: z.number().min(0).max(1).default(0.5).describe("Chance of true, 0 to 1. Default 0.5."),
  }),
  z.strictObject({
    name: fieldName,
    type: z.literal("choice").describe("One of the given values, each equally likely."),
    choices: z
      .array(z.union([z.string(), z.number().finite(), z.boolean()]))
      .min(1)
      .max(100)
      .describe('The values to choose from, e.g. ["gold", "silver", "bronze"].'),
  }),
  z.strictObject({
    name: fieldName,
    type: z.literal("sequence").describe("start, start + step, start + 2·step... by row (not random)."),
    start: bound.int().default(1).describe("Value of the first row. Default 1."),
    step: bound.int().default(1).describe("Added per row. Default 1."),
  }),
  z
    .strictObject({
      name: fieldName,
      type: z.literal("date").describe("A day, uniform from start to end, as YYYY-MM-DD."),
      start: date.describe("First possible day, YYYY-MM-DD."),
      end: date.describe("Last possible day, YYYY-MM-DD."),
    })
    .refine((f) => f.end >= f.start, { message: "end must not be before start", path: ["end"] }),
  z.strictObject({
    name: fieldName,
    type: z
      .literal("sentence")
      .describe("A sentence of plain English words, capitalized, ending with a period."),
    words: z.number().int().min(1).max(30).default(6).describe("Words per sentence, 1 to 30. Default 6."),
  }),
  plain("first_name", "A first name, e.g. Ada."),
  plain("last_name", "A last name, e.g. Lovelace."),
  plain("full_name", "First and last name, e.g. Ada Lovelace."),
  plain("email", "An address at example.com, .org or .net, e.g. ada.weber42@example.com."),
  plain("city", "A world city, e.g. Lisbon."),
  plain("country", "A country, e.g. Japan."),
  plain("company", "A company name, e.g. Acme Corp."),
  plain("uuid", "A version 4 UUID, e.g. 3b241101-e2bb-4255-8caf-4136c566a962."),
]);

export type FieldSpec = z.infer<typeof fieldSchema>;
export const FIELD_TYPES = fieldSchema.options.map((o) => o.shape.type.value);

/** Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian; H. Hinnant's algorithm). */
export function dayNumber(iso: string): number {
  const [year = 0, month = 1, day = 1] = iso.split("-").map(Number);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

export function dateOfDay(days: number): string {
  const z0 = days + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const pad = (n: number, width: number): string => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function uuid(random: Random): string {
  const hex = Array.from({ length: 4 }, () => random.uint32().toString(16).padStart(8, "0")).join("");
  const variant = "89ab"[Number.parseInt(hex[16] ?? "0", 16) % 4];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One value of a field for the row at `index` (0-based). Draws happen in field order, row by row. */
export function drawValue(field: FieldSpec, random: Random, index: number): Cell {
  switch (field.type) {
    case "integer":
      return random.int(field.min, field.max);
    case "number": {
      const value = roundTo(field.min + random.next() * (field.max - field.min), field.decimals);
      return Math.min(field.max, Math.max(field.min, value));
    }
    case "boolean":
      return random.next() < field.probability;
    case "choice":
      return random.pick(field.choices);
    case "sequence":
      return field.start + index * field.step;
    case "date":
      return dateOfDay(random.int(dayNumber(field.start), dayNumber(field.end)));
    case "sentence": {
      const words = Array.from({ length: field.words }, () => random.pick(WORDS)).join(" ");
      return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
    }
    case "first_name":
      return random.pick(FIRST_NAMES);
    case "last_name":
      return random.pick(LAST_NAMES);
    case "full_name":
      return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    case "email": {
      const name = `${random.pick(FIRST_NAMES)}.${random.pick(LAST_NAMES)}${random.int(1, 99)}`.toLowerCase();
      return `${name}@${random.pick(EMAIL_DOMAINS)}`;
    }
    case "city":
      return random.pick(CITIES);
    case "country":
      return random.pick(COUNTRIES);
    case "company":
      return random.pick(COMPANIES);
    case "uuid":
      return uuid(random);
  }
}
