/**
 * The registry of the HTTP sessions open at once, and the limits on them: how many in all, how
 * many per client address, how long one may stay without a request (idle), and how long one
 * that has made no tool call may stay (unused: an `initialize` with nothing after it must not
 * hold a slot for the idle limit); and the sweep that closes the sessions past them. Time is
 * injected.
 */
export interface SessionLimits {
  readonly maxSessions: number;
  readonly maxPerClient: number;
  readonly idleMs: number;
  readonly unusedMs: number;
}

export const SESSION_LIMIT_DEFAULTS = {
  maxSessions: 1_000,
  maxSessionsPerClient: 100,
  sessionIdleMs: 30 * 60_000,
  unusedSessionMs: 60_000,
} as const;

export interface SessionEntry<T> {
  readonly value: T;
  readonly client: string;
  lastSeen: number;
  /** Whether the session has made a tool call. */
  used: boolean;
}

export class SessionRegistry<T> {
  readonly #entries = new Map<string, SessionEntry<T>>();
  /** Sessions being initialized: counted against the limits before they are added. */
  readonly #pending = new Map<string, number>();
  #pendingTotal = 0;

  constructor(
    readonly limits: SessionLimits,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Sessions open or being opened from one client address. */
  countFor(client: string): number {
    let n = this.#pending.get(client) ?? 0;
    for (const entry of this.#entries.values()) if (entry.client === client) n += 1;
    return n;
  }

  /**
   * Reserves a slot for a new session from `client`, or says why there is none. The caller
   * releases the reservation once the session is added or has failed to start.
   */
  reserve(client: string): { release: () => void } | { refused: string } {
    if (this.#entries.size + this.#pendingTotal >= this.limits.maxSessions)
      return {
        refused: `The server is at capacity (${this.limits.maxSessions} sessions open). Try again later.`,
      };
    if (this.countFor(client) >= this.limits.maxPerClient)
      return {
        refused: `This client address has ${this.limits.maxPerClient} sessions open, the most one client may hold. Close one (DELETE /mcp) or wait for an idle one to be closed.`,
      };
    this.#pending.set(client, (this.#pending.get(client) ?? 0) + 1);
    this.#pendingTotal += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#pendingTotal -= 1;
        const left = (this.#pending.get(client) ?? 1) - 1;
        if (left > 0) this.#pending.set(client, left);
        else this.#pending.delete(client);
      },
    };
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  add(id: string, client: string, value: T): void {
    this.#entries.set(id, { value, client, lastSeen: this.now(), used: false });
  }

  /** The session, marked as seen now (and as used when the request makes a tool call). */
  touch(id: string, toolCall: boolean): SessionEntry<T> | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    entry.lastSeen = this.now();
    if (toolCall) entry.used = true;
    return entry;
  }

  /** The session's value, without marking it as seen. */
  peek(id: string): T | undefined {
    return this.#entries.get(id)?.value;
  }

  delete(id: string): boolean {
    return this.#entries.delete(id);
  }

  values(): SessionEntry<T>[] {
    return [...this.#entries.values()];
  }

  clear(): void {
    this.#entries.clear();
  }

  /**
   * Removes and returns the sessions past their limit: without a request for `idleMs`, or
   * without a tool call and without a request for `unusedMs`; each with the reason.
   */
  takeExpired(): { entry: SessionEntry<T>; reason: string }[] {
    const now = this.now();
    const out: { entry: SessionEntry<T>; reason: string }[] = [];
    for (const [id, entry] of this.#entries) {
      const quiet = now - entry.lastSeen;
      let reason: string | undefined;
      if (quiet >= this.limits.idleMs) reason = `no request for ${seconds(this.limits.idleMs)}`;
      else if (!entry.used && quiet >= this.limits.unusedMs)
        reason = `no tool call and no request for ${seconds(this.limits.unusedMs)}`;
      if (reason === undefined) continue;
      this.#entries.delete(id);
      out.push({ entry, reason });
    }
    return out;
  }

  /** How often to look for expired sessions: often enough that none outstays its limit by much. */
  sweepEveryMs(): number {
    return Math.max(1000, Math.min(this.limits.unusedMs / 4, this.limits.idleMs / 4, 60_000));
  }
}

/** The idle sweep: finds the sessions past their limits, on a timer and on demand. */
export interface IdleSweeper {
  /** Closes the expired sessions now; returns how many. */
  sweep(): number;
  stop(): void;
}

/**
 * Sweeps `registry` every `sweepEveryMs()`, handing each expired session to `close` with the
 * reason. The timer is unref'd: an open server, not its sweeper, keeps the process alive.
 */
export function sweepIdleSessions<T>(
  registry: SessionRegistry<T>,
  close: (value: T, reason: string) => void,
): IdleSweeper {
  const sweep = (): number => {
    const expired = registry.takeExpired();
    for (const { entry, reason } of expired) close(entry.value, reason);
    return expired.length;
  };
  const timer = setInterval(sweep, registry.sweepEveryMs());
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/**
 * Whether a JSON-RPC body (one message or a batch) makes a tool call. Every POST passes here, so
 * the common body (one message) is tested as it is, without an array and a closure around it.
 */
export function makesToolCall(body: unknown): boolean {
  if (!Array.isArray(body)) return isToolCall(body);
  for (const message of body) if (isToolCall(message)) return true;
  return false;
}

function isToolCall(message: unknown): boolean {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { method?: unknown }).method === "tools/call"
  );
}
