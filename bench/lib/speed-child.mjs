// The fixed workload of bench/lib/speed.mjs in a process of its own: prints its price as JSON.
// The runner starts it with `--single-threaded` (no helper threads for the collector or the
// compiler), so that the CPU time is the work's alone:
//   node --single-threaded bench/lib/speed-child.mjs
import { measureSpeed } from "./speed.mjs";

process.stdout.write(`${JSON.stringify(measureSpeed())}\n`);
