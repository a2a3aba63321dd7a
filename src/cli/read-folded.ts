import { EventFold } from "../metrics/event-fold.js";
import type { FoldedRecording } from "../metrics/inputs.js";
import type { RecordingFrame } from "../recorder/format.js";
import { streamRecording } from "../recorder/reader.js";
import type { Scenario } from "../scenarios/scenario.js";

export interface FoldedRead {
  /** The header and the end line. */
  readonly frame: RecordingFrame;
  /** The recording to score, once its scenario is found (from the header). */
  readonly scoredAgainst: (scenario: Scenario) => FoldedRecording;
}

/**
 * Reads a recording for `report` in one pass, folding each event into the calls and jobs the
 * metrics and the report read as it streams (a lean fold): no event list is kept, so a large
 * recording costs its calls and jobs, not its events (docs/performance.md, figure 6). The file is
 * checked line by line exactly as readRecording checks it, and read whole before the scenario is
 * looked up, so a broken recording is reported as such first.
 */
export async function readFolded(file: string): Promise<FoldedRead> {
  const fold = new EventFold({ lean: true });
  // Blocking reads: `report` has nothing else to run while it reads.
  const frame = await streamRecording(file, (event) => fold.add(event), { blocking: true });
  return { frame, scoredAgainst: (scenario) => ({ ...frame, scenario, fold }) };
}
