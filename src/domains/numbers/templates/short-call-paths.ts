import { defineTemplate } from "../../../dataset/template.js";
import { evaluateExpression } from "../expression.js";
import { approx, decimal, divisorCount, either, gcdOf, mentioning, primeFactors } from "../kit.js";
import { roundTo } from "../rounding.js";

/**
 * Number Operations: a stateless calculator (arithmetic, expressions, functions, rounding,
 * statistics, units, percentages, prime factors). Single calls first, then two-step chains;
 * the longer compositions (fan-in, fan-out, 3–4 steps) are in long-call-paths.ts; ../kit.ts
 * holds the helpers both share.
 */

const CONVERSIONS = [
  { from: "km", to: "mi", what: "The trail is", unit: "km", into: "miles", min: 3, max: 90 },
  { from: "kg", to: "lb", what: "The suitcase weighs", unit: "kg", into: "pounds", min: 8, max: 32 },
  { from: "l", to: "gal", what: "The tank holds", unit: "litres", into: "US gallons", min: 20, max: 400 },
  { from: "ha", to: "acre", what: "The vineyard covers", unit: "hectares", into: "acres", min: 2, max: 250 },
  { from: "km/h", to: "mph", what: "The speed limit is", unit: "km/h", into: "mph", min: 30, max: 130 },
  { from: "GB", to: "GiB", what: "The disk is sold as", unit: "GB", into: "GiB", min: 120, max: 4000 },
] as const;

const TEAMS = ["north", "south", "east", "west", "central", "online", "retail", "wholesale"] as const;

export const numbersShortCallPaths = [
  defineTemplate({
    id: "numbers/largest-square-tile",
    domains: ["numbers"],
    instantiate(ctx) {
      const g = ctx.pick([6, 8, 9, 12, 14, 15, 18, 21, 24, 25]);
      const [p, q] = ctx.pick([
        [7, 11],
        [9, 13],
        [13, 17],
        [12, 19],
        [15, 22],
        [16, 27],
        [21, 25],
        [23, 29],
      ] as const);
      const [a, b] = [g * p, g * q];
      return {
        instruction: `I'm tiling a ${a} cm by ${b} cm floor with identical square tiles and no cutting. What is the largest tile side length (in cm) that fits exactly? Use the greatest common divisor and answer with the number.`,
        steps: [{ id: "gcd", tool: "compute_arithmetic", args: { operation: "gcd", ...either(a, b) } }],
        answer: { number: gcdOf(a, b) },
      };
    },
  }),
  defineTemplate({
    id: "numbers/convert-units",
    domains: ["numbers"],
    instantiate(ctx) {
      const c = ctx.pick(CONVERSIONS);
      const value = decimal(ctx, c.min, c.max, ctx.pick([0, 1, 2]));
      return {
        instruction: `${c.what} ${value} ${c.unit}. How much is that in ${c.into}? Answer with the number, to 2 decimal places.`,
        steps: [
          { id: "convert", tool: "convert_units", args: { value: approx(value), from: c.from, to: c.to } },
        ],
        answer: { number: { $from: "convert.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/evaluate-expression",
    domains: ["numbers"],
    instantiate(ctx) {
      const [a, b, c, d, e] = [
        ctx.int(12, 95),
        ctx.int(3, 40),
        ctx.int(2, 9),
        ctx.pick([4, 9, 16, 25, 36, 49]),
        ctx.int(2, 7),
      ];
      const expression = `(${a} + ${b}) * ${c} / sqrt(${d}) - ${e}^2`;
      return {
        instruction: `Evaluate (${a} + ${b}) × ${c} ÷ √${d} − ${e}² for me. Answer with the value to 4 decimal places.`,
        steps: [
          {
            id: "eval",
            tool: "evaluate_expression",
            args: { expression: mentioning(expression, a, b, c, d, e) },
          },
        ],
        answer: { number: roundTo(evaluateExpression(expression), 10), tolerance: 0.0001 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/divisor-count",
    domains: ["numbers"],
    instantiate(ctx) {
      const n = ctx.pick([2, 3, 4, 6, 8, 12]) * ctx.pick([5, 7, 9, 10, 15, 21]) * ctx.int(11, 997);
      return {
        instruction: `Factor ${n} into primes: how many positive divisors does it have? Answer with the number.`,
        steps: [{ id: "factor", tool: "factorize_integer", args: { n } }],
        answer: { number: divisorCount(n) },
      };
    },
  }),
  defineTemplate({
    id: "numbers/tip-amount",
    domains: ["numbers"],
    instantiate(ctx) {
      const bill = decimal(ctx, 24, 380);
      const pct = ctx.pick([12, 15, 17.5, 18, 20, 22]);
      return {
        instruction: `Our restaurant bill comes to $${bill.toFixed(2)} and we want to leave a ${pct}% tip. How much is the tip? Answer in dollars, to the cent.`,
        steps: [
          {
            id: "tip",
            tool: "compute_percentage",
            args: { operation: "percent_of", a: approx(pct), b: approx(bill) },
          },
        ],
        answer: { number: roundTo((pct * bill) / 100, 2), tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/median-latency",
    domains: ["numbers"],
    instantiate(ctx) {
      const times = Array.from({ length: ctx.int(7, 11) }, () => ctx.int(40, 900));
      const sorted = [...times].sort((x, y) => x - y);
      const mid = Math.floor(sorted.length / 2);
      const median =
        sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
      return {
        instruction: `These are today's API response times in milliseconds: ${times.join(", ")}. What is the median response time? Answer with the number of milliseconds.`,
        steps: [{ id: "stats", tool: "compute_statistics", args: { numbers: times } }],
        answer: { number: median },
      };
    },
  }),
  defineTemplate({
    id: "numbers/bankers-rounding",
    domains: ["numbers"],
    instantiate(ctx) {
      // A tie at the third decimal, so banker's rounding differs from rounding half up half the time.
      const value = Number(`${ctx.int(1, 499)}.${ctx.int(0, 9)}${ctx.int(0, 9)}5`);
      return {
        instruction: `Round ${value} to 2 decimal places using banker's rounding (round half to even). Answer with the rounded number.`,
        steps: [
          {
            id: "round",
            tool: "round_number",
            args: { value: approx(value), decimals: 2, mode: "half_even" },
          },
        ],
        answer: { number: roundTo(value, 2, "half_even"), tolerance: 1e-9 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/cosine-of-angle",
    domains: ["numbers"],
    instantiate(ctx) {
      const angle = ctx.pick([12, 17, 23, 28, 34, 41, 47, 53, 58, 64, 71, 79, 112, 137, 163]);
      return {
        instruction: `What is the cosine of ${angle} degrees? Answer to 4 decimal places.`,
        steps: [{ id: "cos", tool: "apply_math_function", args: { function: "cos", x: angle } }],
        answer: { number: { $from: "cos.result" }, tolerance: 0.00006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/whole-units-floor",
    domains: ["numbers"],
    instantiate(ctx) {
      const c = ctx.pick([
        {
          from: "m",
          to: "ft",
          text: (v: number) => `I have a ${v} m roll of fabric. How many whole feet of it can I sell?`,
        },
        {
          from: "kg",
          to: "lb",
          text: (v: number) => `A sack holds ${v} kg of flour. How many full pounds is that?`,
        },
        {
          from: "l",
          to: "cup",
          text: (v: number) =>
            `The pot holds ${v} litres of soup. How many full US cups can I serve from it?`,
        },
        {
          from: "km",
          to: "mi",
          text: (v: number) => `The bike path is ${v} km long. How many complete miles is that?`,
        },
      ] as const);
      const value = decimal(ctx, 3, 60, 1);
      return {
        instruction: `${c.text(value)} Convert the units, then round down to a whole number, and answer with it.`,
        steps: [
          { id: "convert", tool: "convert_units", args: { value: approx(value), from: c.from, to: c.to } },
          {
            id: "floor",
            tool: "round_number",
            args: { value: { $from: "convert.result" }, decimals: 0, mode: "floor" },
            after: ["convert"],
          },
        ],
        answer: { number: { $from: "floor.result" } },
      };
    },
  }),
  defineTemplate({
    id: "numbers/factorial-divisors",
    domains: ["numbers"],
    instantiate(ctx) {
      const n = ctx.int(8, 14);
      let product = 1;
      for (let i = 2; i <= n; i++) product *= i;
      return {
        instruction: `How many positive divisors does ${n}! (${n} factorial) have? Compute the factorial first, then factor the result. Answer with the count.`,
        steps: [
          { id: "fact", tool: "apply_math_function", args: { function: "factorial", x: n } },
          { id: "factor", tool: "factorize_integer", args: { n: { $from: "fact.result" } }, after: ["fact"] },
        ],
        answer: { number: divisorCount(product) },
      };
    },
  }),
  defineTemplate({
    id: "numbers/percent-change-truncated",
    domains: ["numbers"],
    instantiate(ctx) {
      const before = ctx.int(12_000, 95_000);
      const after = before + ctx.pick([-1, 1]) * ctx.int(731, 9_876);
      const metric = ctx.pick([
        "monthly active users",
        "newsletter subscribers",
        "site visits",
        "app downloads",
      ]);
      return {
        instruction: `Our ${metric} went from ${before} last month to ${after} this month. What is the percentage change? Report it truncated (not rounded) to one decimal place.`,
        steps: [
          { id: "change", tool: "compute_percentage", args: { operation: "change", a: before, b: after } },
          {
            id: "trunc",
            tool: "round_number",
            args: { value: { $from: "change.result" }, decimals: 1, mode: "truncate" },
            after: ["change"],
          },
        ],
        answer: { number: { $from: "trunc.result" } },
      };
    },
  }),
  defineTemplate({
    id: "numbers/bus-timetable-lcm",
    domains: ["numbers"],
    instantiate(ctx) {
      const [x, y, z] = ctx.sample(
        [6, 8, 9, 10, 12, 14, 15, 16, 18, 20, 21, 24, 25, 28, 30, 35, 36, 40, 45],
        3,
      ) as [number, number, number];
      const lcm = (a: number, b: number) => (a / gcdOf(a, b)) * b;
      const route = ctx.pick(["depot", "central station", "airport terminal", "harbour stop"]);
      return {
        instruction: `Three bus lines leave the ${route} together at 06:00. Line A returns every ${x} minutes, line B every ${y} and line C every ${z}. After how many minutes are all three back at the ${route} at the same time? Take the least common multiple of A and B first, then with C. Answer with the minutes.`,
        steps: [
          { id: "ab", tool: "compute_arithmetic", args: { operation: "lcm", ...either(x, y) } },
          {
            id: "abc",
            tool: "compute_arithmetic",
            args: { operation: "lcm", ...either({ $from: "ab.result" }, z) },
            after: ["ab"],
          },
        ],
        answer: { number: lcm(lcm(x, y), z) },
      };
    },
  }),
  defineTemplate({
    id: "numbers/best-month-share",
    domains: ["numbers"],
    instantiate(ctx) {
      const sales = Array.from({ length: 12 }, () => ctx.int(180, 990) * 10);
      const team = ctx.pick(TEAMS);
      return {
        instruction: `The ${team} team's monthly sales this year (in $) were ${sales.join(", ")}. What percentage of the year's total came from the best month? Work out the total and the best month, then the ratio; answer in percent to 2 decimals.`,
        steps: [
          { id: "stats", tool: "compute_statistics", args: { numbers: sales } },
          {
            id: "share",
            tool: "compute_percentage",
            args: { operation: "ratio", a: { $from: "stats.max" }, b: { $from: "stats.sum" } },
            after: ["stats"],
          },
        ],
        answer: { number: { $from: "share.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/round-estimate-thousands",
    domains: ["numbers"],
    instantiate(ctx) {
      const [a, b, c, d, e] = [
        ctx.int(12, 80),
        ctx.int(450, 2400),
        ctx.int(3, 30),
        ctx.int(800, 9000),
        ctx.int(1000, 9999),
      ];
      const expression = `${a} * ${b} + ${c} * ${d} - ${e}`;
      const exact = a * b + c * d - e;
      return {
        instruction: `Budget estimate: ${a} laptops at $${b} each, plus ${c} servers at $${d} each, minus a $${e} discount. Compute the total with the calculator, then round it to the nearest thousand dollars. Answer with the rounded amount.`,
        steps: [
          {
            id: "total",
            tool: "evaluate_expression",
            args: { expression: mentioning(expression, a, b, c, d, e) },
          },
          {
            id: "round",
            tool: "round_number",
            args: { value: { $from: "total.result" }, decimals: -3 },
            after: ["total"],
          },
        ],
        answer: { number: roundTo(exact, -3) },
      };
    },
  }),
  defineTemplate({
    id: "numbers/mean-then-convert",
    domains: ["numbers"],
    instantiate(ctx) {
      const highs = Array.from({ length: 7 }, () => ctx.int(38, 96));
      const city = ctx.pick(["Denver", "Boston", "Austin", "Chicago", "Seattle", "Atlanta"]);
      return {
        instruction: `This week's daily highs in ${city}, in °F, were ${highs.join(", ")}. What was the average high in °C? Take the mean in °F, then convert it; answer to 2 decimals.`,
        steps: [
          { id: "stats", tool: "compute_statistics", args: { numbers: highs } },
          {
            id: "convert",
            tool: "convert_units",
            args: { value: { $from: "stats.mean" }, from: "F", to: "C" },
            after: ["stats"],
          },
        ],
        answer: { number: { $from: "convert.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/backup-size-gib",
    domains: ["numbers"],
    instantiate(ctx) {
      const files = ctx.int(120, 9_000);
      const size = decimal(ctx, 0.5, 48, 1);
      return {
        instruction: `A backup holds ${files} files of ${size} MB each. Multiply out the total in MB, then tell me how many GiB that is (binary gibibytes). Answer to 2 decimals.`,
        steps: [
          {
            id: "total",
            tool: "compute_arithmetic",
            args: { operation: "multiply", ...either(files, approx(size)) },
          },
          {
            id: "convert",
            tool: "convert_units",
            args: { value: { $from: "total.result" }, from: "MB", to: "GiB" },
            after: ["total"],
          },
        ],
        answer: { number: { $from: "convert.result" }, tolerance: 0.006 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/common-divisors",
    domains: ["numbers"],
    instantiate(ctx) {
      const g = ctx.pick([12, 18, 24, 30, 36, 48, 60, 72, 84, 90, 120, 144]);
      const [p, q] = ctx.pick([
        [5, 7],
        [7, 11],
        [11, 13],
        [13, 19],
        [17, 23],
        [19, 29],
      ] as const);
      const [a, b] = [g * p, g * q];
      return {
        instruction: `How many positive whole numbers divide both ${a} and ${b}? Find their greatest common divisor, factor it, and answer with the number of its divisors.`,
        steps: [
          { id: "gcd", tool: "compute_arithmetic", args: { operation: "gcd", ...either(a, b) } },
          { id: "factor", tool: "factorize_integer", args: { n: { $from: "gcd.result" } }, after: ["gcd"] },
        ],
        answer: { number: divisorCount(gcdOf(a, b)) },
      };
    },
  }),
  defineTemplate({
    id: "numbers/mersenne-largest-factor",
    domains: ["numbers"],
    instantiate(ctx) {
      const k = ctx.pick([10, 12, 14, 15, 18, 20, 21, 22, 24, 26, 28, 30]);
      const factors = primeFactors(2 ** k - 1);
      return {
        instruction: `What is the largest prime factor of 2^${k} − 1? Have the calculator evaluate 2^${k} − 1 first, then factor that number. Answer with the factor.`,
        steps: [
          {
            id: "value",
            tool: "evaluate_expression",
            args: { expression: mentioning(`2^${k} - 1`, 2, k, 1) },
          },
          {
            id: "factor",
            tool: "factorize_integer",
            args: { n: { $from: "value.result" } },
            after: ["value"],
          },
        ],
        answer: { number: factors[factors.length - 1] ?? 1 },
      };
    },
  }),
  defineTemplate({
    id: "numbers/sum-of-prime-factors",
    domains: ["numbers"],
    instantiate(ctx) {
      const n = ctx.pick([4, 6, 8, 9, 10, 12]) * ctx.int(13, 4999);
      const sum = primeFactors(n).reduce((s, p) => s + p, 0);
      return {
        instruction: `Take the prime factorization of ${n}, with repeated factors listed each time (like 12 = 2 × 2 × 3), and add the factors up. What is the sum?`,
        steps: [
          { id: "factor", tool: "factorize_integer", args: { n } },
          {
            id: "sum",
            tool: "compute_statistics",
            args: { numbers: { $from: "factor.prime_factors" } },
            after: ["factor"],
          },
        ],
        answer: { number: sum },
      };
    },
  }),
  defineTemplate({
    id: "numbers/ramp-rise",
    domains: ["numbers"],
    instantiate(ctx) {
      const length = decimal(ctx, 2, 18, 1);
      const angle = ctx.int(4, 35);
      return {
        instruction: `A wheelchair ramp is ${length} m long and climbs at ${angle}° to the horizontal. How high does it rise? Take the sine of the angle, multiply by the length, and answer in metres to 2 decimals.`,
        steps: [
          { id: "sin", tool: "apply_math_function", args: { function: "sin", x: angle } },
          {
            id: "rise",
            tool: "compute_arithmetic",
            args: { operation: "multiply", ...either(approx(length), { $from: "sin.result" }) },
            after: ["sin"],
          },
        ],
        answer: { number: { $from: "rise.result" }, tolerance: 0.006 },
      };
    },
  }),
];
