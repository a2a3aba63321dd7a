/**
 * One Server-Sent Events message: `event:` and a `data:` line per line of the JSON (JSON.stringify
 * writes none, but a message must never be split by a newline in its data).
 */
export function sseMessage(event: string, data: unknown): string {
  const lines = JSON.stringify(data)
    .split("\n")
    .map((line) => `data: ${line}`);
  return `event: ${event}\n${lines.join("\n")}\n\n`;
}
