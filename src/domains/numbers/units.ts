/**
 * Units for convert_units. Each unit is a factor to its category's base unit (metre, kilogram,
 * litre, second, byte, metre per second, square metre), exact by definition where one exists
 * (an inch is 0.0254 m exactly). Temperatures are affine, so they convert through kelvin.
 */

export const UNIT_CATEGORIES = {
  length: {
    mm: 0.001,
    cm: 0.01,
    m: 1,
    km: 1000,
    in: 0.0254,
    ft: 0.3048,
    yd: 0.9144,
    mi: 1609.344,
    nmi: 1852,
  },
  mass: { mg: 1e-6, g: 0.001, kg: 1, t: 1000, oz: 0.028349523125, lb: 0.45359237 },
  volume: { ml: 0.001, l: 1, m3: 1000, fl_oz: 0.0295735295625, cup: 0.2365882365, gal: 3.785411784 },
  time: { ms: 0.001, s: 1, min: 60, h: 3600, day: 86400, week: 604800 },
  data: { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1048576, GiB: 1073741824 },
  speed: { "m/s": 1, "km/h": 1 / 3.6, mph: 0.44704, knot: 1852 / 3600 },
  area: { m2: 1, km2: 1e6, ha: 1e4, acre: 4046.8564224, ft2: 0.09290304 },
  temperature: { C: 1, F: 1, K: 1 }, // factors unused: see toKelvin
} as const satisfies Record<string, Record<string, number>>;

export type UnitCategory = keyof typeof UNIT_CATEGORIES;

export const UNITS = Object.values(UNIT_CATEGORIES).flatMap((units) => Object.keys(units)) as [
  string,
  ...string[],
];

export function categoryOf(unit: string): UnitCategory {
  const entry = Object.entries(UNIT_CATEGORIES).find(([, units]) => Object.hasOwn(units, unit));
  return (entry?.[0] ?? "length") as UnitCategory;
}

export function unitsOf(category: UnitCategory): string[] {
  return Object.keys(UNIT_CATEGORIES[category]);
}

function factor(unit: string): number {
  const units: Record<string, number> = UNIT_CATEGORIES[categoryOf(unit)];
  return units[unit] ?? 1;
}

export function toKelvin(value: number, unit: string): number {
  if (unit === "C") return value + 273.15;
  if (unit === "F") return ((value - 32) * 5) / 9 + 273.15;
  return value;
}

function fromKelvin(kelvin: number, unit: string): number {
  if (unit === "C") return kelvin - 273.15;
  if (unit === "F") return ((kelvin - 273.15) * 9) / 5 + 32;
  return kelvin;
}

/** Converts between two units of the same category (the caller checks the categories). */
export function convertUnit(value: number, from: string, to: string): number {
  if (from === to) return value;
  if (categoryOf(from) === "temperature") return fromKelvin(toKelvin(value, from), to);
  return (value * factor(from)) / factor(to);
}
