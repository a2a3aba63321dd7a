import type { Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/** What `send` returns for an answer stdout took at once. */
const WRITTEN: Promise<void> = Promise.resolve();

/**
 * The server side of a 2025-era stdio connection whose lines stdio.ts has already split, parsed
 * and checked against JSONRPCMessageSchema: each message is handed over as it is. The SDK's
 * StdioServerTransport would read the same line from a stream again, split it, parse its JSON
 * and check it against the same schema a second time, for every message of the connection.
 * Answers are written as the SDK's transport writes them: one JSON line each, waiting for
 * `drain` when stdout is full.
 */
export class ScreenedStdioTransport implements Transport {
  onmessage?: Transport["onmessage"];
  onclose?: Transport["onclose"];
  onerror?: Transport["onerror"];
  readonly #stdout: Writable;
  #started = false;
  #closed = false;
  /** Messages that came before the server connected: handed over, in order, when it starts. */
  #early: JSONRPCMessage[] = [];

  constructor(stdout: Writable) {
    this.#stdout = stdout;
  }

  async start(): Promise<void> {
    if (this.#started) throw new Error("ScreenedStdioTransport already started");
    this.#started = true;
    const early = this.#early;
    this.#early = [];
    for (const message of early) this.deliver(message);
  }

  /** A screened message from stdin. Dropped once closed, as the SDK's transport stops reading. */
  deliver(message: JSONRPCMessage): void {
    if (this.#closed) return;
    if (!this.#started) {
      this.#early.push(message);
      return;
    }
    try {
      this.onmessage?.(message);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    let taken: boolean;
    try {
      taken = this.#stdout.write(`${JSON.stringify(message)}\n`);
    } catch (error) {
      return Promise.reject(error);
    }
    // An answer stdout took at once (every answer, unless the client stops reading) needs no
    // promise of its own: the one settled promise serves them all, which awaiting leaves as it is.
    if (taken) return WRITTEN;
    return new Promise((resolve) => this.#stdout.once("drain", resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#early = [];
    this.onclose?.();
  }
}
