import { PassThrough, Writable } from "node:stream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { ScreenedStdioTransport } from "../../src/transports/screened-stdio.js";

const ping = (id: number): JSONRPCMessage => ({ jsonrpc: "2.0", id, method: "ping" });

describe("the stdio transport fed with screened messages", () => {
  it("holds the messages that come before it starts, and hands them over in order when it does", async () => {
    const transport = new ScreenedStdioTransport(new PassThrough());
    const got: unknown[] = [];
    transport.onmessage = (message) => got.push(message);
    transport.deliver(ping(1));
    transport.deliver(ping(2));
    expect(got).toEqual([]);
    await transport.start();
    transport.deliver(ping(3));
    expect(got).toEqual([ping(1), ping(2), ping(3)]);
  });

  it("drops what comes after it closed, and says it closed", async () => {
    const transport = new ScreenedStdioTransport(new PassThrough());
    const got: unknown[] = [];
    let closed = 0;
    transport.onmessage = (message) => got.push(message);
    transport.onclose = () => closed++;
    await transport.start();
    await transport.close();
    transport.deliver(ping(1));
    expect(got).toEqual([]);
    expect(closed).toBe(1);
  });

  it("reports a handler that throws as an error of the transport", async () => {
    const transport = new ScreenedStdioTransport(new PassThrough());
    const errors: Error[] = [];
    transport.onmessage = () => {
      throw new Error("boom");
    };
    transport.onerror = (error) => errors.push(error);
    await transport.start();
    transport.deliver(ping(1));
    expect(errors.map((e) => e.message)).toEqual(["boom"]);
  });

  it("writes one JSON line per message, and waits for drain when stdout is full", async () => {
    const written: string[] = [];
    let release: (() => void) | undefined;
    const stdout = new Writable({
      highWaterMark: 1,
      write(chunk, _encoding, callback) {
        written.push(String(chunk));
        release = callback;
      },
    });
    const transport = new ScreenedStdioTransport(stdout);
    let sent = false;
    const sending = transport.send(ping(7)).then(() => {
      sent = true;
    });
    await Promise.resolve();
    expect(written).toEqual([`${JSON.stringify(ping(7))}\n`]);
    expect(sent).toBe(false);
    release?.();
    await sending;
    expect(sent).toBe(true);
  });

  it("settles every answer stdout took at once, and rejects one it cannot write rather than throwing", async () => {
    const written: string[] = [];
    const stdout = new Writable({
      write(chunk, _encoding, callback) {
        written.push(String(chunk));
        callback();
      },
    });
    const transport = new ScreenedStdioTransport(stdout);
    await Promise.all([transport.send(ping(1)), transport.send(ping(2))]);
    expect(written).toEqual([`${JSON.stringify(ping(1))}\n`, `${JSON.stringify(ping(2))}\n`]);
    // JSON.stringify throws on a BigInt: the caller gets a rejected promise, as from the SDK's transport.
    const unwritable = { jsonrpc: "2.0", id: 3, result: { n: 1n } } as unknown as JSONRPCMessage;
    let sent: Promise<void> | undefined;
    expect(() => {
      sent = transport.send(unwritable);
    }).not.toThrow();
    await expect(sent).rejects.toThrow(/BigInt/);
    expect(written).toHaveLength(2);
  });
});
