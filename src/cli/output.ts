/** Where CLI commands write: stdout for results, stderr for progress and errors. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /**
   * Writes a piece of a result to stdout as it is (no newline added); resolves once it is
   * handed to the system, so a large result written piece by piece is never held whole, even
   * when a slow reader fills the pipe. Without it, the pieces are joined and given to `out`.
   */
  write?(piece: string): Promise<void>;
  /** Whether stdout is a terminal (colour, progress bars, Markdown by default). */
  readonly isTty: boolean;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  // Resolves on error too: stdout's error handler (cli.ts) deals with a closed pipe.
  write: (piece) => new Promise((resolve) => process.stdout.write(piece, () => resolve())),
  isTty: process.stdout.isTTY === true,
};

/** Writes a result given in pieces: one by one, each waited for, where the output can; else joined. */
export async function outPieces(io: Output, pieces: Iterable<string>): Promise<void> {
  if (io.write === undefined) {
    io.out([...pieces].join(""));
    return;
  }
  for (const piece of pieces) await io.write(piece);
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
