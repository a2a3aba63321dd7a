/**
 * `JSON.stringify(value, null, 2)` in pieces, for output too large to hold twice: the pieces,
 * joined, are exactly that text. Plain objects and arrays down to `depth` are written member by
 * member; anything deeper (or not plain: a `toJSON`, a class instance) by JSON.stringify itself,
 * re-indented. Pieces are gathered up to about `pieceChars` so a writer gets few, large writes.
 */
export function* jsonPieces(value: unknown, depth = 3, pieceChars = 1 << 16): Generator<string> {
  let pending = "";
  for (const part of members(value, 0, depth)) {
    pending += part;
    if (pending.length >= pieceChars) {
      yield pending;
      pending = "";
    }
  }
  if (pending !== "") yield pending;
}

function isPlainContainer(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

function* members(value: unknown, level: number, depth: number): Generator<string> {
  if (level >= depth || !isPlainContainer(value)) {
    const text = JSON.stringify(value, null, 2);
    // Strings in JSON text hold no raw newline: every one is indentation.
    yield level === 0 ? text : text.replaceAll("\n", `\n${"  ".repeat(level)}`);
    return;
  }
  const inner = `\n${"  ".repeat(level + 1)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[${inner}` : `,${inner}`;
      const item: unknown = value[i];
      if (isSkipped(item)) yield "null";
      else yield* members(item, level + 1, depth);
    }
    yield `\n${"  ".repeat(level)}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (isSkipped(item)) continue;
    yield `${first ? "{" : ","}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* members(item, level + 1, depth);
  }
  yield first ? "{}" : `\n${"  ".repeat(level)}}`;
}
