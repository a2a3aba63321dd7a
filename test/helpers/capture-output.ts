import type { Output } from "../../src/cli/output.js";

/** An Output that keeps what commands write, for in-process CLI tests. */
export function captureOutput(): Output & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (text) => {
      out += text.endsWith("\n") ? text : `${text}\n`;
    },
    err: (text) => {
      err += text.endsWith("\n") ? text : `${text}\n`;
    },
    isTty: false,
    stdout: () => out,
    stderr: () => err,
  };
}
