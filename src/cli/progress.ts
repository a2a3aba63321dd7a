/**
 * A progress line on stderr: redrawn in place on a terminal, or a plain line every few percent
 * when stderr is a file or a pipe (CI logs stay readable).
 */
export class ProgressLine {
  private readonly started = Date.now();
  private lastPlain = -1;

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
  ) {}

  update(done: number, extra = ""): void {
    const fraction = this.total === 0 ? 1 : done / this.total;
    const elapsed = (Date.now() - this.started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.total - done) : Number.NaN;
    const text = `${this.label} ${done}/${this.total} (${Math.floor(fraction * 100)}%)${extra ? ` ${extra}` : ""}  elapsed ${formatSeconds(elapsed)}${Number.isFinite(eta) && done < this.total ? `, ETA ${formatSeconds(eta)}` : ""}`;
    if (this.tty) {
      const width = 24;
      const filled = Math.round(fraction * width);
      this.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${text}\u001b[K`);
      if (done >= this.total) this.write("\n");
      return;
    }
    const step = Math.floor(fraction * 20);
    if (step !== this.lastPlain || done >= this.total) {
      this.lastPlain = step;
      this.write(`${text}\n`);
    }
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
}
