/**
 * `JSON.stringify(value, null, 2)` in pieces, for output too large to hold twice: the pieces
 * handed to `write`, joined, are exactly that text. Plain objects and arrays down to `depth` are
 * written member by member; anything deeper (or not plain: a `toJSON`, a class instance) by
 * JSON.stringify itself, re-indented. Members are gathered into pieces of about `pieceChars`, so
 * a writer gets few, large writes. A walk with a callback, not a generator: a generator per
 * nesting level cost more than the stringifying.
 */
export function writeJsonPieces(
  value: unknown,
  write: (piece: string) => void,
  depth = 3,
  pieceChars = 1 << 16,
): void {
  let pending = "";
  const emit = (part: string) => {
    pending += part;
    if (pending.length >= pieceChars) {
      write(pending);
      pending = "";
    }
  };
  members(value, 0, depth, emit);
  if (pending !== "") write(pending);
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

function members(value: unknown, level: number, depth: number, emit: (part: string) => void): void {
  if (level >= depth || !isPlainContainer(value)) {
    const text = JSON.stringify(value, null, 2);
    // Strings in JSON text hold no raw newline: every one is indentation.
    emit(level === 0 ? text : text.replaceAll("\n", `\n${"  ".repeat(level)}`));
    return;
  }
  const inner = `\n${"  ".repeat(level + 1)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      emit("[]");
      return;
    }
    for (let i = 0; i < value.length; i++) {
      emit(i === 0 ? `[${inner}` : `,${inner}`);
      const item: unknown = value[i];
      if (isSkipped(item)) emit("null");
      else members(item, level + 1, depth, emit);
    }
    emit(`\n${"  ".repeat(level)}]`);
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (isSkipped(item)) continue;
    emit(`${first ? "{" : ","}${inner}${JSON.stringify(key)}: `);
    first = false;
    members(item, level + 1, depth, emit);
  }
  emit(first ? "{}" : `\n${"  ".repeat(level)}}`);
}
