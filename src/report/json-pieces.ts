/**
 * `JSON.stringify(value, null, 2)` in pieces, for output too large to hold twice: the pieces,
 * joined, are exactly that text. Plain objects and arrays down to `depth` are written member by
 * member; anything deeper (or not plain: a `toJSON`, a class instance) by JSON.stringify itself,
 * re-indented. Members are gathered into pieces of about `pieceChars`, so a writer gets few, large
 * writes and can wait for each. Only containers above `depth` get a generator of their own: one
 * per member cost more than the stringifying.
 */
export function* jsonPieces(value: unknown, depth = 3, pieceChars = 1 << 16): Generator<string> {
  const state = { pending: "", pieceChars };
  if (isLeaf(value, 0, depth)) state.pending = leaf(value, 0);
  else yield* members(value as object, 0, depth, state);
  if (state.pending !== "") yield state.pending;
}

interface State {
  pending: string;
  readonly pieceChars: number;
}

function isLeaf(value: unknown, level: number, depth: number): boolean {
  if (level >= depth || typeof value !== "object" || value === null) return true;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return true;
  if (Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== Object.prototype && proto !== null;
}

function leaf(value: unknown, level: number): string {
  const text = JSON.stringify(value, null, 2);
  // Strings in JSON text hold no raw newline: every one is indentation.
  return level === 0 ? text : text.replaceAll("\n", `\n${"  ".repeat(level)}`);
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

function* members(value: object, level: number, depth: number, state: State): Generator<string> {
  const inner = `\n${"  ".repeat(level + 1)}`;
  const entries: [string | null, unknown][] = Array.isArray(value)
    ? value.map((item: unknown) => [null, isSkipped(item) ? null : item])
    : Object.keys(value).flatMap((key) => {
        const item: unknown = (value as Record<string, unknown>)[key];
        return isSkipped(item) ? [] : [[key, item] as [string, unknown]];
      });
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    state.pending += `${open}${close}`;
    return;
  }
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i] as [string | null, unknown];
    state.pending += `${i === 0 ? open : ","}${inner}${key === null ? "" : `${JSON.stringify(key)}: `}`;
    if (isLeaf(item, level + 1, depth)) state.pending += leaf(item, level + 1);
    else yield* members(item as object, level + 1, depth, state);
    if (state.pending.length >= state.pieceChars) {
      yield state.pending;
      state.pending = "";
    }
  }
  state.pending += `\n${"  ".repeat(level)}${close}`;
}
