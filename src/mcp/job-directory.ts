/**
 * Which session issued a job, for the jobs of a server's recent sessions (HTTP). Clients that
 * open a new MCP session per call (the Inspector's CLI, scripts) start a job in one session and
 * ask for it in the next, which is a new episode: the directory lets that call be told why its
 * job is not found, and what to do, instead of a bare JOB_NOT_FOUND.
 */
export class JobDirectory {
  private readonly owners = new Map<string, string>();

  /** Remembers the last `capacity` jobs (about 100 bytes each): enough for any probing client. */
  constructor(private readonly capacity = 10_000) {}

  add(jobId: string, sessionId: string): void {
    this.owners.set(jobId, sessionId);
    if (this.owners.size > this.capacity) {
      const oldest = this.owners.keys().next().value;
      if (oldest !== undefined) this.owners.delete(oldest);
    }
  }

  /** The session that issued the job, if it is a recent one. */
  owner(jobId: string): string | undefined {
    return this.owners.get(jobId);
  }
}
