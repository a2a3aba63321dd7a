// The median time of one fstat and one 812-byte write against the memory touched just before
// them (docs/performance.md, "why fstat and the write cost more in the product than in the
// floor"): the conditions interleaved call by call, so that the machine's load falls on all alike.
//   node bench/lib/syscall-touch.mjs [N]
import fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CALL_LINES_BYTES } from "./floor.mjs";

const n = Number(process.argv[2] ?? 30000);
if (!Number.isInteger(n) || n <= 0) {
  console.error("usage: node bench/lib/syscall-touch.mjs [N]");
  process.exit(2);
}
const dir = fs.mkdtempSync(join(tmpdir(), "asynctool-syscall-touch-"));
const line = `${"x".repeat(CALL_LINES_BYTES - 1)}\n`;
const memory = new Float64Array((32 * 1024 * 1024) / 8);
let sum = 0;
/** Each condition touches memory as user code would between two calls: bytes in a row, or one line per page. */
const conditions = [["nothing", () => {}]];
for (const kb of [16, 64, 256, 1024, 4096]) {
  conditions.push([
    `${kb} KB`,
    () => {
      for (let i = 0; i < kb * 128; i += 8) sum += memory[i]++;
    },
  ]);
}
for (const pages of [32, 128, 512, 2048]) {
  conditions.push([
    `${pages} pages`,
    () => {
      for (let p = 0; p < pages; p++) sum += memory[p * 512]++;
    },
  ]);
}
const fd = fs.openSync(join(dir, "f"), "ax");
const fstatNs = conditions.map(() => []);
const writeNs = conditions.map(() => []);
for (let i = 0; i < n; i++) {
  const c = i % conditions.length;
  conditions[c][1]();
  let start = process.hrtime.bigint();
  fs.fstatSync(fd);
  fstatNs[c].push(Number(process.hrtime.bigint() - start));
  start = process.hrtime.bigint();
  fs.writeSync(fd, line);
  writeNs[c].push(Number(process.hrtime.bigint() - start));
  if (i % 5000 === 4999) fs.ftruncateSync(fd, 0);
}
const median = (xs) => (xs.sort((a, b) => a - b)[xs.length >> 1] / 1000).toFixed(2);
for (let c = 0; c < conditions.length; c++) {
  console.log(
    `${conditions[c][0].padEnd(11)} fstat ${median(fstatNs[c])} µs, write ${median(writeNs[c])} µs`,
  );
}
fs.closeSync(fd);
fs.rmSync(dir, { recursive: true });
if (Number.isNaN(sum)) console.log("");
