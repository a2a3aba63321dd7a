// Timer lateness read from recordings: a job's `completed` line is stamped (wall, real ms since
// the session started) when the server observed the job finish; it was due `latency` units
// (× unitMs × timeScale real ms) after its `working` line. Lateness = completed.wall −
// working.wall − latency in real ms. (The working line is stamped a few µs after the job's start
// time was read, so this errs by those µs on the early side.)

/** Lateness (real ms) of every completed job of a recording; `unitMs` real ms per latency unit. */
export function latenessOf(recording) {
  const { timeScale, clock } = recording.header;
  if (clock !== "wall") throw new Error("lateness needs a wall-clock recording");
  const started = new Map();
  const out = [];
  let notCompleted = 0;
  for (const event of recording.events) {
    if (event.type !== "job") continue;
    if (event.status === "working") started.set(event.job, event);
    else if (event.status === "completed") {
      const start = started.get(event.job);
      // In the wall clock a latency is in scenario ms: real ms = latency × timeScale.
      out.push(event.wall - start.wall - start.latency * timeScale);
    } else notCompleted += 1;
  }
  return { lateness: out, jobs: started.size, notCompleted };
}
