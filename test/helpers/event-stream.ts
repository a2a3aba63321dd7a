import { expect } from "vitest";

/**
 * Reads a server-sent event stream (the dashboard's) until `done` holds for a message's data,
 * parsed as JSON; returns that data and cancels the stream.
 */
export async function eventDataUntil<T>(
  url: string,
  done: (data: T) => boolean,
  init?: RequestInit,
): Promise<T> {
  const res = await fetch(url, init);
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`the event stream of ${url} ended`);
      buffer += decoder.decode(chunk.value, { stream: true });
      for (let at = buffer.indexOf("\n\n"); at >= 0; at = buffer.indexOf("\n\n")) {
        const line = buffer
          .slice(0, at)
          .split("\n")
          .find((l) => l.startsWith("data: "));
        buffer = buffer.slice(at + 2);
        if (line) {
          const data = JSON.parse(line.slice(6)) as T;
          if (done(data)) return data;
        }
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
