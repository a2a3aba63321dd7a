import { randomBytes } from "node:crypto";

/**
 * One-use tickets that open a session's final report in a new page. A link cannot carry the
 * `Authorization` header, and the token must never appear in a URL, so the page asks for a
 * ticket with its header and then opens `/dashboard/report/<ticket>`: a ticket names one session,
 * works once, and expires after `ttlMs`. It is no token: it opens that report and nothing else.
 */
export class ReportTickets {
  readonly #tickets = new Map<string, { readonly session: string; readonly expires: number }>();
  readonly #now: () => number;
  readonly #ttlMs: number;

  constructor(now: () => number, ttlMs = 60_000) {
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  issue(session: string): string {
    this.#sweep();
    const ticket = randomBytes(24).toString("base64url");
    this.#tickets.set(ticket, { session, expires: this.#now() + this.#ttlMs });
    return ticket;
  }

  /** The session a ticket opens, once: it is spent by this call. Undefined when unknown or expired. */
  redeem(ticket: string): string | undefined {
    const entry = this.#tickets.get(ticket);
    this.#tickets.delete(ticket);
    if (!entry || entry.expires < this.#now()) return undefined;
    return entry.session;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [ticket, entry] of this.#tickets) if (entry.expires < now) this.#tickets.delete(ticket);
  }
}
