// What the end of a recording costs the process, alone: files made "ax" in the temporary
// directory, 23 writes of 450 bytes each (about figure 8's session), 3 ms of quiet, then one of:
// fsync in the thread pool then closeSync (what the recorder does), fdatasync in the pool then
// closeSync, fsyncSync then closeSync on the main thread, or closeSync alone; then 2 ms of quiet.
// The four interleaved file by file; prints the median process CPU time (process.cpuUsage, the
// pool's threads included) of each, from the ending to the end of the quiet.
//   node bench/lib/fsync-cost.mjs 150
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, sleep } from "./stats.mjs";

const files = Number(process.argv[2] ?? 150);
const dir = fs.mkdtempSync(join(tmpdir(), "asynctool-fsync-cost-"));
const line = `${"x".repeat(449)}\n`;
const endings = {
  "fsync in the pool": (fd, done) =>
    fs.fsync(fd, () => {
      fs.closeSync(fd);
      done();
    }),
  "fdatasync in the pool": (fd, done) =>
    fs.fdatasync(fd, () => {
      fs.closeSync(fd);
      done();
    }),
  fsyncSync: (fd, done) => {
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    done();
  },
  "close alone": (fd, done) => {
    fs.closeSync(fd);
    done();
  },
};
const cpu = Object.fromEntries(Object.keys(endings).map((name) => [name, []]));
let made = 0;
try {
  for (let round = 0; round < files; round++) {
    for (const [name, end] of Object.entries(endings)) {
      const fd = fs.openSync(join(dir, `f${made++}`), "ax");
      for (let w = 0; w < 23; w++) fs.writeSync(fd, line);
      await sleep(3);
      const before = process.cpuUsage();
      await new Promise((resolve) => end(fd, resolve));
      await sleep(2);
      const spent = process.cpuUsage(before);
      cpu[name].push(spent.user + spent.system);
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(
  `${Object.entries(cpu)
    .map(([name, xs]) => `${name} ${median(xs).toFixed(0)} µs`)
    .join(", ")} (${tmpdir()}, ${files} files each)`,
);
