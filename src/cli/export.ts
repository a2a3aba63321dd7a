import { Command } from "commander";
import { exportAccCommand } from "./export-acc.js";
import { exportMelCommand } from "./export-mel.js";
import type { Output } from "./output.js";

/** `export acc` and `export mel`: training data made from recordings. */
export function exportCommand(io: Output, setExit: (code: number) => void): Command {
  const command = new Command("export").description(
    "Turn recordings into training data: long-context QA items (acc) or pass/fail pairs with their bifurcation point (mel).",
  );
  for (const sub of [exportAccCommand(io, setExit), exportMelCommand(io, setExit)])
    command.addCommand(sub.copyInheritedSettings(command));
  return command;
}
