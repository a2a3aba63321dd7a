/**
 * `<ISO date-time, ':' → '-'>_<scenario id>_<session id>.jsonl`: sorts by time, and is a valid
 * file name on every OS. Ids are reduced to safe characters so an id can never add a directory.
 */
export function recordingFileName(startedAt: Date | string, scenarioId: string, sessionId: string): string {
  const iso = (typeof startedAt === "string" ? new Date(startedAt) : startedAt).toISOString();
  return `${iso.replaceAll(":", "-")}_${safe(scenarioId)}_${recordingFileSuffix(sessionId)}`;
}

/**
 * How the name of every recording of a session id ends. A scenario id may hold '_' too, so a
 * name ending so may also be another session's (id `b` and id `a_b`): the header decides.
 */
export function recordingFileSuffix(sessionId: string): string {
  return `${safe(sessionId)}.jsonl`;
}

function safe(id: string): string {
  return id === "" ? "_" : id.replace(/[^A-Za-z0-9._-]/g, "_");
}
