import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { reproduceSpec } from "./reproduce/options.js";
import { printReproduce, runReproduce } from "./reproduce/run.js";

export function registerReproduce(program: Command): void {
  addCommand(program, { spec: reproduceSpec, run: runReproduce, print: printReproduce });
}
