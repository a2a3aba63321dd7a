// Figure 1's stdio servers brought to their steady state before anything is timed, as the HTTP
// servers are (warm-up.mjs). A stdio server is one process for the whole figure, one session.
// Its server CPU per call, by windows of 1,000 calls from its start (bench/lib/stdio-phases.mjs,
// docs/performance.md, "the phases of a call over stdio"): asynctool's falls until its 4,000th to
// 5,000th call (about 350 → 230 → 160 µs), the bare echo's and the floor's until their 3,000th,
// while figure 1 used to start timing them after 1,000 (the echo and the floor) and 2,000
// (asynctool: its tool and check_job batches).

/**
 * Makes `calls` calls on each side, one at a time, one side after the other, nothing timed.
 * `sides`: name → a call, `i` → its answer. Every answer must not be an error (`answered`).
 */
export async function warmUpConnections(sides, calls) {
  for (const [name, call] of Object.entries(sides)) {
    for (let i = 0; i < calls; i++) answered(name, await call(i));
  }
}

/**
 * Throws when a call's answer is an error. A stdio server's episode that ended (its recording
 * budget reached, 16 MB by default: about 20,000 instant calls) answers every later call with an
 * error, fast, and a figure timing those would time none of the call's work. A property read.
 */
export function answered(name, result) {
  if (result?.isError) {
    throw new Error(`${name}: the call answered an error: ${result.content?.[0]?.text ?? "(no text)"}`);
  }
  return result;
}
