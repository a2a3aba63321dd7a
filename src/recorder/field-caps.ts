/**
 * Per-field caps on what a recording keeps. Results are bounded by the server (maxResultChars),
 * but the fields a client fills are not: a tool call's arguments (recorded twice: in the request
 * and in the job it starts), a tool name (recorded even when no such tool exists), a resource
 * URI in a note, a cancellation reason. A field past its cap is cut, and the event says so in
 * `truncated` (field → its full size), which the report repeats.
 */
export const RECORDING_CAPS = {
  /** Characters of JSON of a request's or job's arguments, or of a note's data. */
  json: 16_384,
  /**
   * Characters of JSON of a completed job's result (a tool may echo its arguments). Larger than
   * the other caps: the metrics follow values from results into later calls.
   */
  result: 262_144,
  /** Characters of a tool name. */
  name: 256,
  /** Characters of a note's message, a cancellation's or an end's reason, a job error's message. */
  text: 2_048,
} as const;

/** Characters of a cut JSON value that are kept, as text, in its place. */
const JSON_HEAD = 512;

type Kind = keyof typeof RECORDING_CAPS;

/** The capped fields of each event type. */
const FIELDS: Readonly<Record<string, readonly (readonly [string, Kind])[]>> = {
  request: [
    ["tool", "name"],
    ["args", "json"],
  ],
  job: [
    ["tool", "name"],
    ["args", "json"],
    ["result", "result"],
  ],
  note: [
    ["message", "text"],
    ["data", "json"],
  ],
  client_cancel: [["reason", "text"]],
  end: [["reason", "text"]],
};

/** No field can be past its cap in a line shorter than this: such lines are not looked at. */
export const SHORTEST_CAP = Math.min(...Object.values(RECORDING_CAPS));

/**
 * The event with every field past its cap cut and `truncated` added, or undefined when none is.
 * `lineLength` (the event's JSON length) lets fields that cannot be past their cap go unmeasured.
 */
export function capEvent(
  event: Readonly<Record<string, unknown>>,
  lineLength: number,
): Record<string, unknown> | undefined {
  const fields = FIELDS[event.type as string];
  if (fields === undefined || lineLength <= SHORTEST_CAP) return undefined;
  let capped: Record<string, unknown> | undefined;
  const truncated: Record<string, number> = {};
  for (const [key, kind] of fields) {
    const cap = RECORDING_CAPS[kind];
    const value = event[key];
    if (value === undefined || lineLength <= cap) continue;
    if (kind === "json" || kind === "result") {
      const text = JSON.stringify(value);
      if (text.length <= cap) continue;
      capped ??= { ...event };
      capped[key] = { $truncated: text.slice(0, JSON_HEAD) };
      truncated[key] = text.length;
    } else if (typeof value === "string" && value.length > cap) {
      capped ??= { ...event };
      capped[key] = cutText(value, cap);
      truncated[key] = value.length;
    }
  }
  if (event.type === "job") {
    const error = event.error as { message?: unknown } | undefined;
    if (typeof error?.message === "string" && error.message.length > RECORDING_CAPS.text) {
      capped ??= { ...event };
      capped.error = { ...error, message: cutText(error.message, RECORDING_CAPS.text) };
      truncated["error.message"] = error.message.length;
    }
  }
  if (capped === undefined) return undefined;
  capped.truncated = truncated;
  return capped;
}

/** The first `cap` characters, saying how long the whole was. */
export function cutText(text: string, cap: number): string {
  return text.length <= cap ? text : `${text.slice(0, cap)}… (cut from ${text.length} characters)`;
}

/** A line for the report: how many events of the recording had fields cut, and which fields. */
export function truncationNote(events: readonly object[]): string | undefined {
  const fields = new Set<string>();
  let count = 0;
  for (const event of events) {
    const { truncated } = event as { truncated?: Readonly<Record<string, number>> };
    if (truncated === undefined) continue;
    count += 1;
    for (const key of Object.keys(truncated)) fields.add(key);
  }
  if (count === 0) return undefined;
  return `${count} event${count === 1 ? "" : "s"} of the recording had fields cut to the recording's caps (${[...fields].sort().join(", ")}): what the client sent there is not recorded in full.`;
}
