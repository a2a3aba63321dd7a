import { defineTemplate } from "../../../dataset/template.js";
import { approx, decimal, distinctInts, either, gcdOf, mentioning } from "../kit.js";
import { roundTo } from "../rounding.js";

/**
 * Number Operations, the longer compositions: fan-out (one result feeding several calls),
 * fan-in (several results feeding one call), 3–4-step chains, and independent parallel calls.
 */

const PRIMES = [
  101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197,
];

export const numbersLongCallPaths = [
  defineTemplate({
    id: "numbers/reduce-fraction",
    domains: ["numbers"],
    instantiate(ctx) {
      const g = ctx.pick([6, 7, 9, 12, 14, 18, 21, 26, 33]);
      const [p, q] = ctx.pick([
        [5, 8],
        [7, 12],
        [9, 16],
        [11, 15],
        [13, 20],
        [17, 24],
        [19, 27],
        [23, 30],
      ] as const);
      const [a, b] = [g * p, g * q];
      const d = gcdOf(a, b);
      const divide = { $oneOf: ["divide", "floor_divide"] };
      return {
        instruction: `Reduce the fraction ${a}/${b} to lowest terms: find the greatest common divisor of the numerator and denominator, and divide both by it. Answer as numerator/denominator.`,
        steps: [
          { id: "gcd", tool: "compute_arithmetic", args: { operation: "gcd", ...either(a, b) } },
          {
            id: "num",
            tool: "compute_arithmetic",
            args: { operation: divide, a, b: { $from: "gcd.result" } },
            after: ["gcd"],
          },
          {
            id: "den",
            tool: "compute_arithmetic",
            args: { operation: divide, a: b, b: { $from: "gcd.result" } },
            after: ["gcd"],
          },
        ],
        answer: { contains: `${a / d}/${b / d}` },
      };
    },
  }),
  defineTemplate({
    id: "numbers/screen-diagonal",
    domains: ["numbers"],
    instantiate(ctx) {
      const [w, h] = ctx.pick([
        [16, 9],
        [4, 3],
        [21, 9],
        [16, 10],
        [3, 2],
      ] as const);
      const scale = decimal(ctx, 1.1, 3.4, 1);
      const [width, height] = [roundTo(w * scale, 2), roundTo(h * scale, 2)];
      return {
        instruction: `A monitor's visible area is ${width} inches wide and ${height} inches tall. What is its diagonal? Go step by step with Pythagoras: square each side, add the squares, take the square root. Answer in inches to 2 decimals.`,
        steps: [
          { id: "sq_w", tool: "apply_math_function", args: { function: "square", x: approx(width) } },
          { id: "sq_h", tool: "apply_math_function", args: { function: "square", x: approx(height) } },
          {
            id: "sum",
            tool: "compute_arithmetic",
            args: { operation: "add", ...either({ $from: "sq_w.result" }, { $from: "sq_h.result" }) },
            after: ["sq_w", "sq_h"],
          },
          {
            id: "root",
            tool: "apply_math_function",
            args: { function: "sqrt", x: { $from: "sum.result" } },
            after: ["sum"],
          },
        ],
        answer: { number: { $from: "root.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/exam-z-score",
    domains: ["numbers"],
    instantiate(ctx) {
      const scores = Array.from({ length: ctx.int(8, 12) }, () => ctx.int(41, 98));
      if (new Set(scores).size === 1) scores[0] = 40;
      const student = ctx.pick(["Ana", "Bilal", "Chloe", "Dmitri", "Eun-ji", "Femi", "Greta", "Hugo"]);
      const score = ctx.pick(scores);
      return {
        instruction: `The class's exam scores were ${scores.join(", ")}. ${student} scored ${score}. What is ${student}'s z-score? Compute the mean and the population standard deviation of the scores, subtract the mean from ${score}, then divide by the standard deviation. Answer to 2 decimals.`,
        steps: [
          { id: "stats", tool: "compute_statistics", args: { numbers: scores } },
          {
            id: "diff",
            tool: "compute_arithmetic",
            args: { operation: "subtract", a: score, b: { $from: "stats.mean" } },
            after: ["stats"],
          },
          {
            id: "z",
            tool: "compute_arithmetic",
            args: { operation: "divide", a: { $from: "diff.result" }, b: { $from: "stats.std_dev" } },
            after: ["diff", "stats"],
          },
        ],
        answer: { number: { $from: "z.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/mixed-unit-average-weight",
    domains: ["numbers"],
    instantiate(ctx) {
      const kg = decimal(ctx, 0.8, 6, 2);
      const lb = decimal(ctx, 1.5, 12, 1);
      const oz = ctx.int(20, 180);
      return {
        instruction: `Three parcels weigh ${kg} kg, ${lb} lb and ${oz} oz. Convert the second and third to kilograms, then give me the average weight of the three (listed in that order) in kg, to 2 decimals.`,
        steps: [
          { id: "lb", tool: "convert_units", args: { value: approx(lb), from: "lb", to: "kg" } },
          { id: "oz", tool: "convert_units", args: { value: oz, from: "oz", to: "kg" } },
          {
            id: "stats",
            tool: "compute_statistics",
            args: { numbers: [approx(kg), { $from: "lb.result" }, { $from: "oz.result" }] },
            after: ["lb", "oz"],
          },
        ],
        answer: { number: { $from: "stats.mean" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/cable-total-metres",
    domains: ["numbers"],
    instantiate(ctx) {
      const feet = ctx.int(12, 240);
      const inches = ctx.int(18, 400);
      return {
        instruction: `I need ${feet} ft of network cable for the hallway and ${inches} in for the closet. Convert both lengths to metres and add them: how many metres of cable in total? Answer to 2 decimals.`,
        steps: [
          { id: "ft", tool: "convert_units", args: { value: feet, from: "ft", to: "m" } },
          { id: "in", tool: "convert_units", args: { value: inches, from: "in", to: "m" } },
          {
            id: "total",
            tool: "compute_arithmetic",
            args: { operation: "add", ...either({ $from: "ft.result" }, { $from: "in.result" }) },
            after: ["ft", "in"],
          },
        ],
        answer: { number: { $from: "total.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/next-power-of-two",
    domains: ["numbers"],
    instantiate(ctx) {
      let n = ctx.int(100, 1_000_000);
      if (Number.isInteger(Math.log2(n))) n += 1;
      const power = 2 ** Math.ceil(Math.log2(n));
      return {
        instruction: `A hash table must hold ${n} entries and its size has to be a power of two. Take log base 2 of ${n}, round it up to a whole number, and raise 2 to that power: what size do I need?`,
        steps: [
          { id: "log", tool: "apply_math_function", args: { function: "log2", x: n } },
          {
            id: "ceil",
            tool: "round_number",
            args: { value: { $from: "log.result" }, decimals: 0, mode: "ceil" },
            after: ["log"],
          },
          {
            id: "power",
            tool: "compute_arithmetic",
            args: { operation: "power", a: 2, b: { $from: "ceil.result" } },
            after: ["ceil"],
          },
        ],
        answer: { number: power },
      };
    },
  }),
  defineTemplate({
    id: "numbers/discount-then-tax",
    domains: ["numbers"],
    instantiate(ctx) {
      const price = decimal(ctx, 39, 899);
      const discount = ctx.pick([10, 15, 20, 25, 30, 35, 40]);
      const tax = ctx.pick([5, 6.25, 7, 7.5, 8.25, 8.875, 9.5]);
      const item = ctx.pick([
        "winter jacket",
        "espresso machine",
        "office chair",
        "road bike helmet",
        "standing desk",
      ]);
      return {
        instruction: `The ${item} costs $${price.toFixed(2)} and is ${discount}% off. Sales tax of ${tax}% is charged on the discounted price. Work out the discount amount, the discounted price, the tax on it, and the final price. Answer with the final price in dollars, to the cent.`,
        steps: [
          {
            id: "off",
            tool: "compute_percentage",
            args: { operation: "percent_of", a: discount, b: approx(price) },
          },
          {
            id: "sale",
            tool: "compute_arithmetic",
            args: { operation: "subtract", a: approx(price), b: { $from: "off.result" } },
            after: ["off"],
          },
          {
            id: "tax",
            tool: "compute_percentage",
            args: { operation: "percent_of", a: approx(tax), b: { $from: "sale.result" } },
            after: ["sale"],
          },
          {
            id: "final",
            tool: "compute_arithmetic",
            args: { operation: "add", ...either({ $from: "sale.result" }, { $from: "tax.result" }) },
            after: ["sale", "tax"],
          },
        ],
        answer: { number: { $from: "final.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/compare-team-averages",
    domains: ["numbers"],
    instantiate(ctx) {
      const [first, second] = ctx.sample(["Falcons", "Otters", "Comets", "Badgers", "Herons", "Lynxes"], 2);
      const high = Array.from({ length: ctx.int(5, 8) }, () => ctx.int(70, 120));
      const low = Array.from({ length: ctx.int(5, 8) }, () => ctx.int(40, 69));
      return {
        instruction: `Points per game this season: the ${first} scored ${high.join(", ")}; the ${second} scored ${low.join(", ")}. Compute each team's mean, then by how many points per game the ${first}' average beats the ${second}'. Answer to 2 decimals.`,
        steps: [
          { id: "first", tool: "compute_statistics", args: { numbers: high } },
          { id: "second", tool: "compute_statistics", args: { numbers: low } },
          {
            id: "gap",
            tool: "compute_arithmetic",
            args: { operation: "subtract", a: { $from: "first.mean" }, b: { $from: "second.mean" } },
            after: ["first", "second"],
          },
        ],
        answer: { number: { $from: "gap.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/ride-average-mph",
    domains: ["numbers"],
    instantiate(ctx) {
      const km = decimal(ctx, 18, 160, 1);
      const minutes = ctx.int(45, 400);
      return {
        instruction: `My bike computer says I rode ${km} km in ${minutes} minutes. What was my average speed in mph? Convert the time to hours, divide the distance by it to get km/h, then convert that to mph. Answer to 2 decimals.`,
        steps: [
          { id: "hours", tool: "convert_units", args: { value: minutes, from: "min", to: "h" } },
          {
            id: "kmh",
            tool: "compute_arithmetic",
            args: { operation: "divide", a: approx(km), b: { $from: "hours.result" } },
            after: ["hours"],
          },
          {
            id: "mph",
            tool: "convert_units",
            args: { value: { $from: "kmh.result" }, from: "km/h", to: "mph" },
            after: ["kmh"],
          },
        ],
        answer: { number: { $from: "mph.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/half-life-remaining",
    domains: ["numbers"],
    instantiate(ctx) {
      const isotope = ctx.pick([
        ["iodine-131", 8],
        ["phosphorus-32", 14],
        ["cobalt-60", 1925],
        ["technetium-99m", 0.25],
        ["sulfur-35", 87],
      ] as const);
      const [name, halfLife] = isotope;
      const elapsed = roundTo(halfLife * decimal(ctx, 0.6, 4.5, 1), 4);
      const grams = ctx.int(20, 800);
      return {
        instruction: `A sample holds ${grams} mg of ${name}, whose half-life is ${halfLife} days. How many mg remain after ${elapsed} days? Divide the elapsed time by the half-life, raise 0.5 to that power, and multiply by the starting amount. Answer to 2 decimals.`,
        steps: [
          {
            id: "periods",
            tool: "compute_arithmetic",
            args: { operation: "divide", a: approx(elapsed), b: approx(halfLife) },
          },
          {
            id: "factor",
            tool: "compute_arithmetic",
            args: { operation: "power", a: 0.5, b: { $from: "periods.result" } },
            after: ["periods"],
          },
          {
            id: "left",
            tool: "compute_arithmetic",
            args: { operation: "multiply", ...either(grams, { $from: "factor.result" }) },
            after: ["factor"],
          },
        ],
        answer: { number: { $from: "left.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/circle-area-square-feet",
    domains: ["numbers"],
    instantiate(ctx) {
      const radius = decimal(ctx, 1.5, 14, 1);
      const sqm = Math.PI * radius * radius;
      return {
        instruction: `A round patio has a radius of ${radius} m. Compute its area in square metres (π r²) with the calculator, then convert it to square feet. Answer to 2 decimals.`,
        steps: [
          {
            id: "area",
            tool: "evaluate_expression",
            args: { expression: mentioning(`pi * ${radius}^2`, radius) },
          },
          {
            id: "sqft",
            tool: "convert_units",
            args: { value: { $from: "area.result" }, from: "m2", to: "ft2" },
            after: ["area"],
          },
        ],
        answer: { number: roundTo(sqm / 0.09290304, 6), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/seconds-to-hms",
    domains: ["numbers"],
    instantiate(ctx) {
      const total = ctx.int(3_700, 86_000);
      const [h, rest] = [Math.floor(total / 3600), total % 3600];
      const [m, s] = [Math.floor(rest / 60), rest % 60];
      return {
        instruction: `A render job ran for ${total} seconds. Express that as hours, minutes and seconds: whole hours by integer division by 3600, the remainder of that division, then whole minutes and leftover seconds of the remainder. Answer like "2 h 5 min 7 s".`,
        steps: [
          { id: "hours", tool: "compute_arithmetic", args: { operation: "floor_divide", a: total, b: 3600 } },
          { id: "rest", tool: "compute_arithmetic", args: { operation: "modulo", a: total, b: 3600 } },
          {
            id: "minutes",
            tool: "compute_arithmetic",
            args: { operation: "floor_divide", a: { $from: "rest.result" }, b: 60 },
            after: ["rest"],
          },
          {
            id: "seconds",
            tool: "compute_arithmetic",
            args: { operation: "modulo", a: { $from: "rest.result" }, b: 60 },
            after: ["rest"],
          },
        ],
        answer: { contains: [`${h} h`, `${m} min`, `${s} s`] },
      };
    },
  }),
  defineTemplate({
    id: "numbers/cube-tank-edge",
    domains: ["numbers"],
    instantiate(ctx) {
      const litres = ctx.int(40, 3_000);
      return {
        instruction: `A cube-shaped water tank must hold exactly ${litres} litres. How long must each inside edge be? Convert the volume to cubic metres, take the cube root to get the edge in metres, then convert that to centimetres. Answer to 2 decimals.`,
        steps: [
          { id: "m3", tool: "convert_units", args: { value: litres, from: "l", to: "m3" } },
          {
            id: "edge",
            tool: "apply_math_function",
            args: { function: "cbrt", x: { $from: "m3.result" } },
            after: ["m3"],
          },
          {
            id: "cm",
            tool: "convert_units",
            args: { value: { $from: "edge.result" }, from: "m", to: "cm" },
            after: ["edge"],
          },
        ],
        answer: { number: { $from: "cm.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/round-trip-average-speed",
    domains: ["numbers"],
    instantiate(ctx) {
      const [out, back] = distinctInts(ctx, 2, 30, 110) as [number, number];
      return {
        instruction: `I drove to the coast at an average of ${out} km/h and back the same road at ${back} km/h. What was my average speed for the round trip? It is the harmonic mean: take the reciprocal of each speed, average the two reciprocals, then take the reciprocal of that mean. Answer in km/h to 2 decimals.`,
        steps: [
          { id: "r_out", tool: "apply_math_function", args: { function: "reciprocal", x: out } },
          { id: "r_back", tool: "apply_math_function", args: { function: "reciprocal", x: back } },
          {
            id: "mean",
            tool: "compute_statistics",
            args: { numbers: [{ $from: "r_out.result" }, { $from: "r_back.result" }] },
            after: ["r_out", "r_back"],
          },
          {
            id: "speed",
            tool: "apply_math_function",
            args: { function: "reciprocal", x: { $from: "mean.mean" } },
            after: ["mean"],
          },
        ],
        answer: { number: (2 * out * back) / (out + back), tolerance: 0.01 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/bankers-rounded-total",
    domains: ["numbers"],
    instantiate(ctx) {
      const invoices = Array.from(
        { length: 3 },
        () => ctx.int(100, 9_999) + ctx.pick([0.5, 0.5, 0.25, 0.75]),
      );
      const total = invoices.reduce((sum, v) => sum + roundTo(v, 0, "half_even"), 0);
      const [a, b, c] = invoices as [number, number, number];
      return {
        instruction: `Our bookkeeping rounds each invoice to whole dollars with banker's rounding (half to even) before adding them up. This month's invoices are $${a}, $${b} and $${c}. Round each one, then total the three rounded amounts. What is the total?`,
        steps: [
          { id: "r1", tool: "round_number", args: { value: approx(a), decimals: 0, mode: "half_even" } },
          { id: "r2", tool: "round_number", args: { value: approx(b), decimals: 0, mode: "half_even" } },
          { id: "r3", tool: "round_number", args: { value: approx(c), decimals: 0, mode: "half_even" } },
          {
            id: "sum",
            tool: "compute_statistics",
            args: { numbers: [{ $from: "r1.result" }, { $from: "r2.result" }, { $from: "r3.result" }] },
            after: ["r1", "r2", "r3"],
          },
        ],
        answer: { number: total },
      };
    },
  }),
  defineTemplate({
    id: "numbers/geometric-mean",
    domains: ["numbers"],
    instantiate(ctx) {
      const [a, b] = distinctInts(ctx, 2, 12, 950) as [number, number];
      return {
        instruction: `Two labs measured the same culture at ${a} and ${b} colonies per plate. Report their geometric mean: multiply the two counts, then take the square root of the product. Answer to 2 decimals.`,
        steps: [
          { id: "product", tool: "compute_arithmetic", args: { operation: "multiply", ...either(a, b) } },
          {
            id: "root",
            tool: "apply_math_function",
            args: { function: "sqrt", x: { $from: "product.result" } },
            after: ["product"],
          },
        ],
        answer: { number: Math.sqrt(a * b), tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/three-quick-answers",
    domains: ["numbers"],
    instantiate(ctx) {
      const p = ctx.pick([3, 5, 7, 11, 13]);
      const n = p * ctx.pick(PRIMES);
      const pct = ctx.pick([5, 10, 15, 20, 25, 30, 35, 40, 45]);
      const whole = ctx.int(3, 95) * 20;
      const weeks = ctx.int(2, 52);
      return {
        instruction: `Three quick ones for my notes: (1) the smallest prime factor of ${n}; (2) ${pct}% of ${whole}; (3) how many hours there are in ${weeks} weeks (use a unit conversion). Answer with the three numbers in that order.`,
        steps: [
          { id: "factor", tool: "factorize_integer", args: { n } },
          { id: "percent", tool: "compute_percentage", args: { operation: "percent_of", a: pct, b: whole } },
          { id: "hours", tool: "convert_units", args: { value: weeks, from: "week", to: "h" } },
        ],
        answer: { contains: [String(p), String((pct * whole) / 100), String(weeks * 168)] },
      };
    },
  }),
];
