// Run by sigkill.test.ts: writes events with the BUILT writer until it is killed, printing
// "ack <seq>" after each write() returns. Usage: node sigkill-child.mjs <recording path>
import { openRecordingWriter } from "../../dist/recorder/writer.js";

const path = process.argv[2];
const header = JSON.parse(process.argv[3]);
const writer = openRecordingWriter({ path, header, episodeTime: () => 0 });

// Bounded so a parent that never kills it does not leave it running for ever.
for (let call = 1; call <= 1_000_000; call++) {
  writer.write({
    type: "request",
    call,
    tool: "search_flights",
    args: { from: "SFO", n: call },
  });
  // The seq it was given: write() returns nothing.
  process.stdout.write(`ack ${writer.nextSeq - 1}\n`);
  // Yield now and then so stdout drains and the parent's kill lands mid-stream.
  if (call % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
}
writer.close("completed");
