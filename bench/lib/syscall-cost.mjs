// What a recording's per-call system calls cost when other work comes between them, as in a
// server (a diagnostic for figure 5, not a figure): one fstat and one 812-byte write to one of
// FILES files opened "ax" (round robin, as a server's sessions), between stretches of TOUCH_KB of
// memory touched (which evicts the caches the kernel's file path would otherwise find warm),
// against the same loop without the calls; on the temporary directory's disk and on /dev/shm.
// Blocks of ITER iterations alternate, the order rotated per block; per iteration, each block's
// CPU time (process.cpuUsage) minus that of the block without the calls beside it.
//   node --single-threaded bench/lib/syscall-cost.mjs BLOCKS ITER TOUCH_KB FILES   (12 3000 1024 64)
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [blocks = 12, iters = 3000, touchKb = 1024, files = 1] = process.argv.slice(2).map(Number);
const dirs = {
  ext4: mkdtempSync(join(tmpdir(), "asynctool-syscall-cost-")),
  tmpfs: mkdtempSync("/dev/shm/asynctool-syscall-cost-"),
};
const line = `${"x".repeat(811)}\n`;
const buf = new Float64Array((touchKb * 1024) / 8);
let sink = 0;
function work() {
  for (let i = 0; i < buf.length; i += 8) {
    buf[i] += 1;
    sink += buf[i];
  }
}
let n = 0;
const variants = {
  none: () => null,
  ext4: () => Array.from({ length: files }, () => openSync(join(dirs.ext4, `f${++n}`), "ax")),
  tmpfs: () => Array.from({ length: files }, () => openSync(join(dirs.tmpfs, `f${++n}`), "ax")),
};
function block(name) {
  const fd = variants[name]();
  const c0 = process.cpuUsage();
  for (let i = 0; i < iters; i++) {
    work();
    if (fd !== null) {
      const f = fd[i % files];
      if (fstatSync(f).nlink === 0) throw new Error("gone");
      writeSync(f, line);
    }
  }
  const c1 = process.cpuUsage(c0);
  if (fd !== null) for (const f of fd) closeSync(f);
  return { user: c1.user / iters, sys: c1.system / iters };
}
const names = Object.keys(variants);
const res = Object.fromEntries(names.map((k) => [k, []]));
block("none");
block("ext4");
block("tmpfs");
for (let b = 0; b < blocks; b++) {
  const order = [...names.slice(b % 3), ...names.slice(0, b % 3)];
  for (const k of order) res[k].push(block(k));
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length;
  return m % 2 ? s[(m - 1) >> 1] : (s[m / 2 - 1] + s[m / 2]) / 2;
};
for (const k of ["ext4", "tmpfs"]) {
  const d = res[k].map((x, i) => x.user + x.sys - res.none[i].user - res.none[i].sys);
  const ds = res[k].map((x, i) => x.sys - res.none[i].sys);
  console.log(
    `${k}: +${med(d).toFixed(2)} µs per iteration (${Math.min(...d).toFixed(2)}–${Math.max(...d).toFixed(2)}), of it system time +${med(ds).toFixed(2)}; none: ${med(res.none.map((x) => x.user + x.sys)).toFixed(1)} µs`,
  );
}
rmSync(dirs.ext4, { recursive: true });
rmSync(dirs.tmpfs, { recursive: true });
// Read, so that the touching loop is not optimised away.
if (sink === 42) console.log("");
