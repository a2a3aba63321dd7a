/**
 * Which session issued a job, for the jobs of a server's recent sessions (HTTP). Clients that
 * open a new MCP session per call (the Inspector's CLI, scripts) start a job in one session and
 * ask for it in the next, which is a new episode: the directory lets that call be told why its
 * job is not found, and what to do, instead of a bare JOB_NOT_FOUND.
 */
export class JobDirectory {
  private readonly owners = new Map<string, string>();
  /**
   * The ids in the order they were first added, in a ring of `capacity` slots: the oldest is the
   * one forgotten. Taking the Map's first key instead (`keys().next()`) skips every entry deleted
   * at its front until the Map is rehashed, thousands per add once the directory is full (about
   * 6 µs a job started on a busy server, against well under one for the ring).
   */
  private readonly order: (string | undefined)[] = [];
  private next = 0;

  /** Remembers the last `capacity` jobs (about 100 bytes each): enough for any probing client. */
  constructor(private readonly capacity = 10_000) {}

  add(jobId: string, sessionId: string): void {
    // A job already known keeps its place, as a Map's key does when it is set again.
    if (this.owners.has(jobId)) {
      this.owners.set(jobId, sessionId);
      return;
    }
    this.owners.set(jobId, sessionId);
    if (this.capacity <= 0) {
      this.owners.delete(jobId);
      return;
    }
    const oldest = this.order[this.next];
    if (oldest !== undefined) this.owners.delete(oldest);
    this.order[this.next] = jobId;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The session that issued the job, if it is a recent one. */
  owner(jobId: string): string | undefined {
    return this.owners.get(jobId);
  }
}
