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

/**
 * `leaf(value, level)` for a plain object or array (no `toJSON` of its own, which would see
 * another key), written indented by JSON.stringify itself rather than re-indented after:
 * `value` is wrapped in `level` arrays and the wrappers' text cut off. JSON.stringify indents a
 * value nested `level` deep exactly as the re-indenting does, and the copy `replaceAll` made of
 * every line (the timeline's 26 MB of jobs on 10⁶ events) is not made.
 */
function nestedJson(value: object, level: number): string {
  let wrapped: unknown = value;
  for (let i = 0; i < level; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each wrapper k (0-based from the outside) opens with "[\n" and 2(k + 1) spaces and closes
  // with "\n", 2k spaces and "]".
  return level === 0 ? text : text.slice(level * (level + 3), text.length - level * (level + 1));
}

function leafJson(value: unknown, level: number): string {
  return level > 0 && typeof value === "object" && value !== null && !hasToJson(value)
    ? nestedJson(value, level)
    : leaf(value, level);
}

/**
 * A leaf's text added to the pending piece, in slices of about a piece when it is longer: a
 * leaf of megabytes (`report`'s busy-wait runs on 10⁶ events) is not one piece.
 */
function* leafText(value: unknown, level: number, state: State): Generator<string> {
  const text = leafJson(value, level);
  if (text.length <= state.pieceChars) {
    state.pending += text;
    return;
  }
  for (let from = 0; from < text.length; from += state.pieceChars) {
    state.pending += text.slice(from, from + state.pieceChars);
    if (state.pending.length >= state.pieceChars) {
      yield state.pending;
      state.pending = "";
    }
  }
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** At most this many items of an array of leaves are stringified at once (JSON.stringify per batch, not per item). */
const BATCH_ITEMS = 256;

function* members(value: object, level: number, depth: number, state: State): Generator<string> {
  if (Array.isArray(value) && value.length > 0 && level + 1 >= depth && !value.some(hasToJson)) {
    yield* leafItems(value, level, state);
    return;
  }
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
    if (isLeaf(item, level + 1, depth)) yield* leafText(item, level + 1, state);
    else yield* members(item as object, level + 1, depth, state);
    if (state.pending.length >= state.pieceChars) {
      yield state.pending;
      state.pending = "";
    }
  }
  state.pending += `\n${"  ".repeat(level)}${close}`;
}

/**
 * An array whose items are all leaves (below `depth`), written a batch of items at a time: the
 * batch's own JSON.stringify text re-indented, less its brackets, is exactly the items' text as
 * `members` writes it (items JSON.stringify leaves out are null in an array either way). Not for
 * items with a toJSON, which would see their index in the batch as their key.
 */
function* leafItems(items: readonly unknown[], level: number, state: State): Generator<string> {
  const pad = "  ".repeat(level);
  // The closing "\n" + pad + "]" of each batch's text, cut off.
  const tail = 2 + pad.length;
  // Batches sized by the items' length so far to fill half of what the piece still lacks, so
  // that longer items never take a piece far past the size asked for.
  let count = 1;
  for (let from = 0; from < items.length; ) {
    const indented = nestedJson(items.slice(from, from + count), level);
    const body = indented.slice(1, indented.length - tail);
    state.pending += `${from === 0 ? "[" : ","}${body}`;
    if (state.pending.length >= state.pieceChars) {
      yield state.pending;
      state.pending = "";
    }
    from += count;
    const perItem = Math.max(1, body.length / count);
    count = Math.min(
      BATCH_ITEMS,
      Math.max(1, Math.floor((state.pieceChars - state.pending.length) / perItem / 2)),
    );
  }
  state.pending += `\n${pad}]`;
}

function hasToJson(item: unknown): boolean {
  return (
    typeof item === "object" && item !== null && typeof (item as { toJSON?: unknown }).toJSON === "function"
  );
}
