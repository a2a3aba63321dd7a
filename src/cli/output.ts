/** Where CLI commands write: stdout for results, stderr for progress and errors. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /**
   * Writes a piece of a result to stdout as it is (no newline added): a large result written
   * piece by piece is never held whole. Without it, the pieces are joined and given to `out`.
   */
  write?(piece: string): void;
  /** Whether stdout is a terminal (colour, progress bars, Markdown by default). */
  readonly isTty: boolean;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  write: (piece) => process.stdout.write(piece),
  isTty: process.stdout.isTTY === true,
};

/** Writes a result `produce` hands over in pieces: one by one where the output can, else joined. */
export function outPieces(io: Output, produce: (write: (piece: string) => void) => void): void {
  if (io.write !== undefined) {
    produce(io.write);
    return;
  }
  const pieces: string[] = [];
  produce((piece) => pieces.push(piece));
  io.out(pieces.join(""));
}

/** Aligns rows of cells into columns (the first row is the header). */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
