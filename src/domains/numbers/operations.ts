import { DomainError } from "../shared/types.js";

/** The operations behind compute_arithmetic and apply_math_function, with the errors a real API gives. */

/** A result JSON can carry: Infinity or NaN means the operation overflowed or is undefined. */
export function finite(value: number, what: string): number {
  if (Number.isNaN(value))
    throw new DomainError("INVALID_ARGUMENT", `${what} is not a real number; check the inputs`);
  if (!Number.isFinite(value)) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `${what} is too large to represent (over about 1.8e308); use smaller inputs`,
    );
  }
  return value;
}

function requireInteger(value: number, name: string, operation: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError(
      "INVALID_ARGUMENT",
      `${operation} needs whole numbers, but ${name} is ${value}; round it first with round_number`,
    );
  }
}

function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export const ARITHMETIC = [
  "add",
  "subtract",
  "multiply",
  "divide",
  "power",
  "modulo",
  "floor_divide",
  "gcd",
  "lcm",
] as const;

export function arithmetic(operation: (typeof ARITHMETIC)[number], a: number, b: number): number {
  const divisor = (): void => {
    if (b === 0) throw new DomainError("INVALID_ARGUMENT", `${operation} by zero: b is 0; give a non-zero b`);
  };
  switch (operation) {
    case "add":
      return a + b;
    case "subtract":
      return a - b;
    case "multiply":
      return a * b;
    case "divide":
      divisor();
      return a / b;
    case "modulo":
      divisor();
      return a % b;
    case "floor_divide":
      divisor();
      return Math.floor(a / b);
    case "power":
      if (a === 0 && b < 0) {
        throw new DomainError(
          "INVALID_ARGUMENT",
          "0 to a negative power is a division by zero; give a positive b",
        );
      }
      if (a < 0 && !Number.isInteger(b)) {
        throw new DomainError(
          "INVALID_ARGUMENT",
          `${a} to the fractional power ${b} is not a real number; give a whole b or a non-negative a`,
        );
      }
      return a ** b;
    case "gcd":
    case "lcm": {
      requireInteger(a, "a", operation);
      requireInteger(b, "b", operation);
      if (operation === "gcd") return gcd(a, b);
      if (a === 0 || b === 0) return 0;
      const lcm = (Math.abs(a) / gcd(a, b)) * Math.abs(b);
      if (!Number.isSafeInteger(lcm)) {
        throw new DomainError(
          "INVALID_ARGUMENT",
          `the lcm of ${a} and ${b} exceeds ${Number.MAX_SAFE_INTEGER}, the largest exact whole number; use smaller inputs`,
        );
      }
      return lcm;
    }
  }
}

export const FUNCTIONS = [
  "sqrt",
  "cbrt",
  "square",
  "abs",
  "ln",
  "log10",
  "log2",
  "exp",
  "factorial",
  "reciprocal",
  "sin",
  "cos",
  "tan",
] as const;

export function applyFunction(fn: (typeof FUNCTIONS)[number], x: number): number {
  const positive = (): void => {
    if (x <= 0) {
      throw new DomainError(
        "INVALID_ARGUMENT",
        `${fn} is defined only for positive numbers, not ${x}; give x > 0`,
      );
    }
  };
  const radians = (x % 360) * (Math.PI / 180); // reduced first, so 3600° is as exact as 0°
  switch (fn) {
    case "sqrt":
      if (x < 0) {
        throw new DomainError(
          "INVALID_ARGUMENT",
          `the square root of a negative number (${x}) is not real; give x >= 0, or use abs first`,
        );
      }
      return Math.sqrt(x);
    case "cbrt":
      return Math.cbrt(x);
    case "square":
      return x * x;
    case "abs":
      return Math.abs(x);
    case "ln":
      positive();
      return Math.log(x);
    case "log10":
      positive();
      return Math.log10(x);
    case "log2":
      positive();
      return Math.log2(x);
    case "exp":
      return Math.exp(x);
    case "factorial": {
      if (!Number.isInteger(x) || x < 0 || x > 170) {
        throw new DomainError(
          "INVALID_ARGUMENT",
          `factorial needs a whole number from 0 to 170 (171! overflows), not ${x}`,
        );
      }
      let product = 1;
      for (let i = 2; i <= x; i++) product *= i;
      return product;
    }
    case "reciprocal":
      if (x === 0)
        throw new DomainError("INVALID_ARGUMENT", "the reciprocal of 0 is a division by zero; give x ≠ 0");
      return 1 / x;
    case "sin":
      return Math.sin(radians);
    case "cos":
      return Math.cos(radians);
    case "tan":
      if (Number.isInteger(x) && (((x - 90) % 180) + 180) % 180 === 0) {
        throw new DomainError(
          "INVALID_ARGUMENT",
          `tan(${x}°) is undefined (cos is 0 there); give another angle`,
        );
      }
      return Math.tan(radians);
  }
}
