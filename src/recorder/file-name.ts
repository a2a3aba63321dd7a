/**
 * `<ISO date-time, ':' → '-'>_<scenario id>_<session id>.jsonl`: sorts by time, and is a valid
 * file name on every OS. Ids are reduced to safe characters so an id can never add a directory.
 */
export function recordingFileName(startedAt: Date | string, scenarioId: string, sessionId: string): string {
  const iso = (typeof startedAt === "string" ? new Date(startedAt) : startedAt).toISOString();
  return `${iso.replaceAll(":", "-")}_${safe(scenarioId)}_${safe(sessionId)}.jsonl`;
}

function safe(id: string): string {
  return id === "" ? "_" : id.replace(/[^A-Za-z0-9._-]/g, "_");
}
