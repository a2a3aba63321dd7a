/**
 * A small arithmetic expression evaluator for evaluate_expression: numbers, + - * / % ^ (also
 * **), parentheses, unary minus, the constants pi and e, and a few functions. No eval: the grammar
 * is the whole language. Errors carry the 1-based character position and say what was expected.
 *
 *   expr    := term (("+" | "-") term)*
 *   term    := unary (("*" | "/" | "%") unary)*
 *   unary   := ("-" | "+") unary | power          so -2^2 is -(2^2) = -4, as in mathematics
 *   power   := primary (("^" | "**") unary)?      right-associative: 2^3^2 is 2^9
 *   primary := number | constant | function "(" expr ")" | "(" expr ")"
 */

export class ExpressionError extends Error {
  /** "syntax" for malformed text, "math" for an undefined operation (division by zero...). */
  readonly kind: "syntax" | "math";

  constructor(kind: "syntax" | "math", message: string) {
    super(message);
    this.name = "ExpressionError";
    this.kind = kind;
  }
}

const FUNCTIONS: Record<string, (x: number, at: number) => number> = {
  sqrt: (x, at) => {
    if (x < 0) throw new ExpressionError("math", `sqrt of a negative number (${x}) at position ${at}`);
    return Math.sqrt(x);
  },
  abs: Math.abs,
  ln: (x, at) => {
    if (x <= 0)
      throw new ExpressionError("math", `ln of a number that is not positive (${x}) at position ${at}`);
    return Math.log(x);
  },
  log10: (x, at) => {
    if (x <= 0)
      throw new ExpressionError("math", `log10 of a number that is not positive (${x}) at position ${at}`);
    return Math.log10(x);
  },
  exp: Math.exp,
  floor: Math.floor,
  ceil: Math.ceil,
  round: (x) => Math.sign(x) * Math.round(Math.abs(x)), // halves away from zero
};

export const EXPRESSION_FUNCTIONS = Object.keys(FUNCTIONS);

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

type Token = { kind: "num" | "op" | "name"; text: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|\*\*|[-+*/%^()]|[A-Za-z_][A-Za-z0-9_]*/y;
  let i = 0;
  while (i < text.length) {
    pattern.lastIndex = i;
    const m = pattern.exec(text);
    if (!m) {
      throw new ExpressionError(
        "syntax",
        `unexpected ${JSON.stringify(text[i])} at position ${i + 1}; use numbers, + - * / % ^, parentheses, pi, e ` +
          `and ${EXPRESSION_FUNCTIONS.join(", ")}`,
      );
    }
    const [word] = m;
    if (/^\s/.test(word)) {
      // whitespace separates tokens only
    } else {
      const kind = /^[\d.]/.test(word) ? "num" : /^[A-Za-z_]/.test(word) ? "name" : "op";
      tokens.push({ kind, text: word, at: i + 1 });
    }
    i = pattern.lastIndex;
  }
  return tokens;
}

export function evaluateExpression(text: string): number {
  const tokens = tokenize(text);
  let k = 0;
  const peek = (): Token | undefined => tokens[k];
  const isOp = (t: Token | undefined, ...ops: string[]): boolean =>
    t !== undefined && t.kind === "op" && ops.includes(t.text);
  const describe = (t: Token | undefined): string =>
    t === undefined ? "the end of the expression" : `${JSON.stringify(t.text)} at position ${t.at}`;

  const expr = (): number => {
    let value = term();
    while (isOp(peek(), "+", "-")) {
      const op = (tokens[k++] as { text: string }).text;
      const right = term();
      value = op === "+" ? value + right : value - right;
    }
    return value;
  };
  const term = (): number => {
    let value = unary();
    while (isOp(peek(), "*", "/", "%")) {
      const token = tokens[k++] as { text: string; at: number };
      const right = unary();
      if (token.text === "*") value *= right;
      else if (right === 0) {
        const what = token.text === "/" ? "division" : "remainder (%)";
        throw new ExpressionError("math", `${what} by zero at position ${token.at}`);
      } else value = token.text === "/" ? value / right : value % right;
    }
    return value;
  };
  const unary = (): number => {
    if (isOp(peek(), "-", "+")) {
      const op = (tokens[k++] as { text: string }).text;
      const value = unary();
      return op === "-" ? -value : value;
    }
    return power();
  };
  const power = (): number => {
    const base = primary();
    if (!isOp(peek(), "^", "**")) return base;
    const token = tokens[k++] as { at: number };
    const exponent = unary();
    if (base === 0 && exponent < 0) {
      throw new ExpressionError(
        "math",
        `0 raised to a negative power is a division by zero (position ${token.at})`,
      );
    }
    if (base < 0 && !Number.isInteger(exponent)) {
      throw new ExpressionError(
        "math",
        `a negative number raised to a fractional power is not a real number (position ${token.at})`,
      );
    }
    return base ** exponent;
  };
  const primary = (): number => {
    const token = tokens[k++];
    if (token?.kind === "num") return Number(token.text);
    if (isOp(token, "(")) {
      const value = expr();
      if (!isOp(peek(), ")")) {
        throw new ExpressionError(
          "syntax",
          `expected ")" but found ${describe(peek())}; close every parenthesis`,
        );
      }
      k++;
      return value;
    }
    if (token?.kind === "name") {
      const name = token.text.toLowerCase();
      const constant = CONSTANTS[name];
      if (constant !== undefined) return constant;
      const fn = FUNCTIONS[name];
      if (!fn) {
        throw new ExpressionError(
          "syntax",
          `unknown name ${JSON.stringify(token.text)} at position ${token.at}; the functions are ` +
            `${EXPRESSION_FUNCTIONS.join(", ")} and the constants pi and e`,
        );
      }
      if (!isOp(peek(), "(")) {
        throw new ExpressionError(
          "syntax",
          `expected "(" after ${name} at position ${token.at}, e.g. ${name}(2)`,
        );
      }
      k++;
      const argument = expr();
      if (!isOp(peek(), ")")) {
        throw new ExpressionError(
          "syntax",
          `expected ")" but found ${describe(peek())}; close every parenthesis`,
        );
      }
      k++;
      return fn(argument, token.at);
    }
    const found = token === undefined ? "the end of the expression" : describe(token);
    throw new ExpressionError("syntax", `expected a number, a name or "(" but found ${found}`);
  };

  if (tokens.length === 0)
    throw new ExpressionError("syntax", "the expression is empty; give one, e.g. (2 + 3) * 4");
  const value = expr();
  if (k < tokens.length) {
    const advice = isOp(peek(), ")") ? "it closes no parenthesis" : "an operator is missing before it";
    throw new ExpressionError("syntax", `unexpected ${describe(peek())}; ${advice}`);
  }
  return value;
}
