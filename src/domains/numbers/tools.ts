import { z } from "zod";
import { DomainError, type DomainTool, defineDomain, defineTool } from "../shared/types.js";
import { EXPRESSION_FUNCTIONS, ExpressionError, evaluateExpression } from "./expression.js";
import { ARITHMETIC, applyFunction, arithmetic, FUNCTIONS, finite } from "./operations.js";
import { roundTo } from "./rounding.js";
import { categoryOf, convertUnit, toKelvin, UNIT_CATEGORIES, UNITS, unitsOf } from "./units.js";

// Stateless: every tool is a pure function of its arguments.
export const numbersStateSchema = z.strictObject({});
export type NumbersState = z.infer<typeof numbersStateSchema>;

const number = z.number().finite();
const decimalsArg = (fallback: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(15)
    .default(fallback)
    .describe(
      `Decimal places the result is rounded to (halves away from zero), 0 to 15. Default ${fallback}.`,
    );

function tool<A extends z.ZodObject>(spec: DomainTool<NumbersState, A>): DomainTool<NumbersState> {
  return defineTool(spec);
}

const computeArithmetic = tool({
  name: "compute_arithmetic",
  description:
    "Applies one arithmetic operation to two numbers a and b: add, subtract, multiply, divide (a / b), power " +
    "(a^b), modulo (remainder of a / b, with the sign of a), floor_divide (a / b rounded down), gcd and lcm " +
    "(of whole numbers; gcd is never negative). The result is computed in double precision and rounded to " +
    "`decimals` places. Returns { operation, a, b, result }. Errors: INVALID_ARGUMENT for a division by zero, " +
    "0 to a negative power, a negative number to a fractional power, gcd/lcm of numbers that are not whole, or a " +
    "result too large to represent.",
  input: z.strictObject({
    operation: z.enum(ARITHMETIC).describe(`The operation: ${ARITHMETIC.join(", ")}.`),
    a: number.describe("The first operand (the dividend, the base...)."),
    b: number.describe("The second operand (the divisor, the exponent...)."),
    decimals: decimalsArg(10),
  }),
  output: z.strictObject({ operation: z.enum(ARITHMETIC), a: number, b: number, result: number }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const result = finite(arithmetic(args.operation, args.a, args.b), "the result");
    return { operation: args.operation, a: args.a, b: args.b, result: roundTo(result, args.decimals) };
  },
});

const evaluateExpressionTool = tool({
  name: "evaluate_expression",
  description:
    "Evaluates an arithmetic expression: numbers, + - * / % (remainder), ^ or ** (power, right-associative, " +
    "binding tighter than a leading minus: -2^2 is -4), parentheses, the constants pi and e, and the functions " +
    `${EXPRESSION_FUNCTIONS.join(", ")} (ln is the natural logarithm; round halves away from zero). The value ` +
    "is computed in double precision and rounded to `decimals` places. Returns { expression, result }. Errors: " +
    "INVALID_ARGUMENT if the expression is malformed (the message gives the 1-based character position), divides " +
    "by zero, takes sqrt of a negative or ln/log10 of a non-positive number, or overflows.",
  input: z.strictObject({
    expression: z
      .string()
      .regex(/\S/, "give an expression, e.g. (2 + 3) * 4")
      .max(1000)
      .describe("The expression, e.g. (12.5 + 7.5) * 3 / sqrt(16)."),
    decimals: decimalsArg(10),
  }),
  output: z.strictObject({ expression: z.string(), result: number }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(_state, args) {
    let value: number;
    try {
      value = evaluateExpression(args.expression);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const lead =
        error.kind === "syntax" ? "the expression is malformed: " : "the expression is undefined: ";
      const advice = error.kind === "syntax" ? "; correct it and call again" : "; change the expression";
      throw new DomainError("INVALID_ARGUMENT", lead + error.message + advice);
    }
    return { expression: args.expression, result: roundTo(finite(value, "the value"), args.decimals) };
  },
});

const applyMathFunction = tool({
  name: "apply_math_function",
  description:
    "Applies a function of one number x: sqrt, cbrt (cube root), square, abs, ln (natural log), log10, log2, " +
    "exp, factorial (whole x from 0 to 170), reciprocal (1/x), and sin, cos, tan of an angle in degrees. The " +
    "result is computed in double precision and rounded to `decimals` places (so sin(180) is 0). Returns " +
    "{ function, x, result }. Errors: INVALID_ARGUMENT for sqrt of a negative number, a logarithm of a number " +
    "that is not positive, factorial of anything but a whole number from 0 to 170, the reciprocal of 0, tan of " +
    "90° + k·180°, or a result too large to represent.",
  input: z.strictObject({
    function: z.enum(FUNCTIONS).describe(`The function: ${FUNCTIONS.join(", ")}.`),
    x: number.describe("The argument; an angle in degrees for sin, cos and tan."),
    decimals: decimalsArg(10),
  }),
  output: z.strictObject({ function: z.enum(FUNCTIONS), x: number, result: number }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const result = finite(applyFunction(args.function, args.x), `${args.function}(${args.x})`);
    return { function: args.function, x: args.x, result: roundTo(result, args.decimals) };
  },
});

const MODES = ["half_up", "half_even", "floor", "ceil", "truncate"] as const;

const roundNumber = tool({
  name: "round_number",
  description:
    "Rounds a number to some decimal places (negative places round to tens, hundreds...: -2 gives the nearest " +
    "hundred). Modes: half_up (halves away from zero: 2.5 → 3, -2.5 → -3), half_even (banker's: 2.5 → 2), " +
    "floor (down), ceil (up), truncate (toward zero). Rounding is decimal, so 1.005 to 2 places is 1.01. " +
    "Returns { value, decimals, mode, result }.",
  input: z.strictObject({
    value: number.describe("The number to round, e.g. 3.14159."),
    decimals: z
      .number()
      .int()
      .min(-15)
      .max(15)
      .default(0)
      .describe("Decimal places to keep, -15 to 15; negative rounds left of the point. Default 0."),
    mode: z
      .enum(MODES)
      .default("half_up")
      .describe(`How to round: ${MODES.join(", ")}. Default half_up.`),
  }),
  output: z.strictObject({ value: number, decimals: z.number().int(), mode: z.enum(MODES), result: number }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    return { ...args, result: roundTo(args.value, args.decimals, args.mode) };
  },
});

const nullableNumber = number.nullable();

const computeStatistics = tool({
  name: "compute_statistics",
  description:
    "Computes descriptive statistics of a list of numbers. Returns { count, sum, mean, median, min, max, range, " +
    "variance, std_dev, sample_variance, sample_std_dev }: variance and std_dev are of the population (divided " +
    "by n), the sample_ ones divided by n - 1 (null for a single number); the median of an even count is the " +
    "mean of the middle two. Every value is rounded to `decimals` places. Errors: INVALID_ARGUMENT if a sum " +
    "overflows.",
  input: z.strictObject({
    numbers: z
      .array(number)
      .min(1)
      .max(10_000)
      .describe("The numbers, 1 to 10000 of them, e.g. [3, 1, 4, 1, 5]."),
    decimals: decimalsArg(6),
  }),
  output: z.strictObject({
    count: z.number().int().positive(),
    sum: number,
    mean: number,
    median: number,
    min: number,
    max: number,
    range: number,
    variance: number,
    std_dev: number,
    sample_variance: nullableNumber,
    sample_std_dev: nullableNumber,
  }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(_state, args) {
    const xs = args.numbers;
    const n = xs.length;
    const sum = finite(
      xs.reduce((s, x) => s + x, 0),
      "the sum",
    );
    const mean = sum / n;
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(n / 2);
    const median = n % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
    const squares = finite(
      xs.reduce((s, x) => s + (x - mean) ** 2, 0),
      "the sum of squares",
    );
    const min = sorted[0] ?? 0;
    const max = sorted[n - 1] ?? 0;
    const r = (x: number): number => roundTo(x, args.decimals);
    return {
      count: n,
      sum: r(sum),
      mean: r(mean),
      median: r(median),
      min,
      max,
      range: r(finite(max - min, "the range")),
      variance: r(squares / n),
      std_dev: r(Math.sqrt(squares / n)),
      sample_variance: n > 1 ? r(squares / (n - 1)) : null,
      sample_std_dev: n > 1 ? r(Math.sqrt(squares / (n - 1))) : null,
    };
  },
});

const unitList = Object.entries(UNIT_CATEGORIES)
  .map(([category, units]) => `${category} (${Object.keys(units).join(", ")})`)
  .join("; ");

const convertUnits = tool({
  name: "convert_units",
  description:
    `Converts a value between units of the same kind. Units: ${unitList}. t is the metric tonne, gal and cup ` +
    "US customary, KB/MB/GB/TB decimal and KiB/MiB/GiB binary; temperatures are Celsius, Fahrenheit and " +
    "kelvin. The result is rounded to `decimals` places. Returns { value, from, to, category, result }. Errors: " +
    "INVALID_ARGUMENT if the units measure different things (kg to m) or a temperature is below absolute zero.",
  input: z.strictObject({
    value: number.describe("The quantity to convert, e.g. 5."),
    from: z.enum(UNITS).describe("The unit of value, e.g. km (case-sensitive)."),
    to: z.enum(UNITS).describe("The unit wanted, e.g. mi (case-sensitive)."),
    decimals: decimalsArg(6),
  }),
  output: z.strictObject({
    value: number,
    from: z.string(),
    to: z.string(),
    category: z.string(),
    result: number,
  }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const category = categoryOf(args.from);
    if (categoryOf(args.to) !== category) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `${args.from} measures ${category} but ${args.to} measures ${categoryOf(args.to)}; convert to a unit of ` +
          `${category}: ${unitsOf(category).join(", ")}`,
      );
    }
    if (category === "temperature" && roundTo(toKelvin(args.value, args.from), 10) < 0) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `${args.value} ${args.from} is below absolute zero (0 K); check the value and its unit`,
      );
    }
    const result = finite(convertUnit(args.value, args.from, args.to), "the result");
    return {
      value: args.value,
      from: args.from,
      to: args.to,
      category,
      result: roundTo(result, args.decimals),
    };
  },
});

const PERCENTAGE = ["percent_of", "ratio", "change"] as const;

const computePercentage = tool({
  name: "compute_percentage",
  description:
    "Percentage arithmetic. percent_of: a percent of b (a = 15, b = 200 → 30). ratio: a as a percentage of b " +
    "(a = 30, b = 200 → 15). change: the percentage change from a to b (a = 200, b = 230 → 15; a fall is " +
    "negative). The result is rounded to `decimals` places. Returns { operation, a, b, result }. Errors: " +
    "INVALID_ARGUMENT for ratio with b = 0 or change from a = 0 (a division by zero).",
  input: z.strictObject({
    operation: z.enum(PERCENTAGE).describe("percent_of, ratio or change (see the description)."),
    a: number.describe("percent_of: the percentage; ratio: the part; change: the old value."),
    b: number.describe("percent_of: the whole; ratio: the whole; change: the new value."),
    decimals: decimalsArg(6),
  }),
  output: z.strictObject({ operation: z.enum(PERCENTAGE), a: number, b: number, result: number }),
  readOnly: true,
  latency: 1,
  run(_state, args) {
    const { operation, a, b } = args;
    const zero = operation === "ratio" ? b === 0 : operation === "change" && a === 0;
    if (zero) {
      const which = operation === "ratio" ? "the whole b is 0" : "the old value a is 0";
      throw new DomainError(
        "INVALID_ARGUMENT",
        `${operation} is undefined when ${which}; give a non-zero value`,
      );
    }
    const raw =
      operation === "percent_of"
        ? (a * b) / 100
        : operation === "ratio"
          ? (a / b) * 100
          : ((b - a) / Math.abs(a)) * 100;
    return { operation, a, b, result: roundTo(finite(raw, "the result"), args.decimals) };
  },
});

const factorizeInteger = tool({
  name: "factorize_integer",
  description:
    "Factors a whole number into primes. Returns { n, prime_factors, factorization, is_prime, divisor_count }: " +
    'the prime factors in ascending order with repeats ([2, 2, 3] for 12), the same written as "2^2 * 3", ' +
    "whether n is prime, and how many positive divisors it has. For n = 1: prime_factors [], factorization " +
    '"1", is_prime false, divisor_count 1.',
  input: z.strictObject({
    n: z
      .number()
      .int()
      .min(1)
      .max(1e12)
      .describe("The number to factor, a whole number from 1 to 1000000000000, e.g. 360."),
  }),
  output: z.strictObject({
    n: z.number().int(),
    prime_factors: z.array(z.number().int()),
    factorization: z.string(),
    is_prime: z.boolean(),
    divisor_count: z.number().int().positive(),
  }),
  readOnly: true,
  latency: { uniform: { min: 1, max: 2 } },
  run(_state, args) {
    const factors: number[] = [];
    let rest = args.n;
    for (let p = 2; p * p <= rest; p += p === 2 ? 1 : 2) {
      while (rest % p === 0) {
        factors.push(p);
        rest /= p;
      }
    }
    if (rest > 1) factors.push(rest);
    const powers = new Map<number, number>();
    for (const p of factors) powers.set(p, (powers.get(p) ?? 0) + 1);
    const factorization = [...powers].map(([p, k]) => (k > 1 ? `${p}^${k}` : `${p}`)).join(" * ") || "1";
    const divisorCount = [...powers.values()].reduce((product, k) => product * (k + 1), 1);
    return {
      n: args.n,
      prime_factors: factors,
      factorization,
      is_prime: factors.length === 1,
      divisor_count: divisorCount,
    };
  },
});

export const numbers = defineDomain({
  name: "numbers",
  category: "Number Operations",
  description:
    "A calculator service: arithmetic, expressions, functions, rounding, statistics, unit conversion, percentages " +
    "and prime factors. Stateless; results are rounded to a stated number of decimals.",
  state: numbersStateSchema,
  tools: [
    computeArithmetic,
    evaluateExpressionTool,
    applyMathFunction,
    roundNumber,
    computeStatistics,
    convertUnits,
    computePercentage,
    factorizeInteger,
  ],
});
